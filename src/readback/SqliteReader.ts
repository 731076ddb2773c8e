import Database from 'better-sqlite3';
import { InputError } from '../errors';
import { MANIFEST_TABLE, type OutputTable } from '../exporters';
import { quoteIdent, sqlString } from '../snds';
import { definitionOf } from './definitions';
import type { OutputProbe, ReaderFormat, ReadRow, SndsReader } from './types';

/** The 16-byte header every SQLite 3 database file starts with. */
const SQLITE_MAGIC = 'SQLite format 3\u0000';

/**
 * A SQLite output opened read-only with better-sqlite3. The catalogue (tables, columns) and the
 * manifest are read once at open; queries run synchronously behind the async interface.
 */
class SqliteReader implements SndsReader {
  readonly format = 'sqlite' as const;
  readonly tables: ReadonlySet<string>;
  readonly manifest: ReadonlyMap<string, string>;
  private readonly catalogue: ReadonlyMap<string, ReadonlyMap<string, string>>;

  constructor(
    readonly path: string,
    private readonly db: Database.Database,
  ) {
    const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[]);
    this.tables = new Set(names);
    const catalogue = new Map<string, ReadonlyMap<string, string>>();
    for (const n of names) {
      const cols = db.prepare(`SELECT name, type FROM pragma_table_info(${sqlString(n)})`).all() as { name: string; type: string }[];
      catalogue.set(n, new Map(cols.map((c) => [c.name, c.type.toUpperCase()])));
    }
    this.catalogue = catalogue;
    this.manifest = readManifest(db, this.tables);
  }

  columns(table: string): readonly string[] {
    return [...(this.catalogue.get(table)?.keys() ?? [])];
  }

  columnTypes(table: string): ReadonlyMap<string, string> {
    return this.catalogue.get(table) ?? new Map<string, string>();
  }

  async outputTables(): Promise<OutputTable[]> {
    const tables = this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid").pluck().all() as string[];
    // Indexes in the order they were built, which is the order of each table's index list in the sink.
    const indexes = this.db.prepare("SELECT name, tbl_name AS tbl, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY rowid").all() as { name: string; tbl: string; sql: string }[];
    return tables.map((name) => ({
      name,
      def: definitionOf(name, [...this.columnTypes(name)]),
      indexes: indexes
        .filter((ix) => ix.tbl === name)
        .map((ix) => ({
          columns: (this.db.prepare(`SELECT name FROM pragma_index_info(${sqlString(ix.name)}) ORDER BY seqno`).pluck().all() as string[]),
          unique: /^CREATE\s+UNIQUE\s/i.test(ix.sql),
        })),
    }));
  }

  async all<T extends ReadRow = ReadRow>(sql: string): Promise<T[]> {
    return this.db.prepare(sql).all() as T[];
  }

  async get<T extends ReadRow = ReadRow>(sql: string): Promise<T | undefined> {
    return this.db.prepare(sql).get() as T | undefined;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/** SIM_RUN_MANIFEST as KEY → VALUE by KEY; empty when absent or without KEY/VALUE columns (a schema check reports those). */
function readManifest(db: Database.Database, tables: ReadonlySet<string>): Map<string, string> {
  if (!tables.has(MANIFEST_TABLE.name)) return new Map();
  try {
    const rows = db.prepare(`SELECT KEY, VALUE FROM ${quoteIdent(MANIFEST_TABLE.name)} ORDER BY KEY`).raw().all() as [unknown, unknown][];
    return new Map(rows.map(([k, v]) => [String(k), String(v)]));
  } catch {
    return new Map();
  }
}

/** SQLite outputs: a file starting with the SQLite header. */
export const sqliteReader: ReaderFormat = {
  name: 'sqlite',
  detect: (probe: OutputProbe) => !probe.folder && probe.head.length >= 16 && probe.head.subarray(0, 16).toString('latin1') === SQLITE_MAGIC,
  async open(path: string, argName: string): Promise<SndsReader> {
    let db: Database.Database;
    try {
      db = new Database(path, { readonly: true, fileMustExist: true });
      db.prepare('SELECT COUNT(*) FROM sqlite_master').get();
    } catch (e) {
      throw new InputError({ path: argName, message: `${path} cannot be read as a SQLite database: ${e instanceof Error ? e.message : String(e)}` });
    }
    try {
      return new SqliteReader(path, db);
    } catch (e) {
      db.close();
      throw e;
    }
  },
};

import Database from 'better-sqlite3';
import { InputError } from '../errors';
import { MANIFEST_TABLE, type OutputTable } from '../exporters';
import { DCIR_JOIN, DCIR_KEYS, quoteIdent, sqlString } from '../snds';
import { definitionOf } from './definitions';
import type { OutputProbe, ReaderFormat, ReadPage, ReadRow, SndsReader } from './types';

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

  /** The condition notDirectHospitalLine gives, made on first use (null: none). */
  private directHospital: string | null | undefined;

  /**
   * `p.rowid NOT IN` a temporary table of the rowids of the ER_PRS_F lines joined to an ER_ETE_F line with
   * ETE_IND_TAA 1 (found from ER_ETE_F, a small table, through ER_PRS_F's key index): twice as fast as probing
   * ER_ETE_F's nine-column index for every line of ER_PRS_F, which each care-line query of `report` did. Only
   * when the nine keys of ER_ETE_F are unique: otherwise the left join repeats lines, and stays the definition.
   */
  notDirectHospitalLine(): string | undefined {
    if (this.directHospital !== undefined) return this.directHospital ?? undefined;
    this.directHospital = null;
    const ete = this.catalogue.get('ER_ETE_F');
    const prs = this.catalogue.get('ER_PRS_F');
    if (!ete || !prs || !ete.has('ETE_IND_TAA') || !DCIR_KEYS.every((k) => ete.has(k) && prs.has(k))) return undefined;
    const keys = DCIR_KEYS.join(', ');
    const repeated = this.db.prepare(`SELECT 1 FROM (SELECT ${keys} FROM ER_ETE_F GROUP BY ${keys} HAVING COUNT(*) > 1) LIMIT 1`).get();
    if (repeated !== undefined) return undefined;
    this.db.exec(`CREATE TEMP TABLE snds_sim_direct_hospital AS SELECT DISTINCT p.rowid AS rid FROM ER_ETE_F e JOIN ER_PRS_F p ${DCIR_JOIN} WHERE e.ETE_IND_TAA = 1`);
    this.db.exec('CREATE UNIQUE INDEX temp.snds_sim_direct_hospital_rid ON snds_sim_direct_hospital (rid)');
    this.directHospital = 'p.rowid NOT IN temp.snds_sim_direct_hospital';
    return this.directHospital;
  }

  /** Whether a unique index of ER_PRS_F has exactly the nine DCIR keys, found on first use. */
  private uniqueKeys: boolean | undefined;

  /**
   * `alias.rowid` when a unique index holds the nine DCIR keys of ER_PRS_F (as every snds-sim output's ER_PRS_F_UK1):
   * grouping ER_PHA_F ⋈ ER_PRS_F lines by the rowid, an integer, instead of the nine keys took 2.9 s instead of 5.1 s
   * on a 20 000-person output (the groups are the same, the keys being unique).
   */
  prestationRow(alias: string): string | undefined {
    if (this.uniqueKeys === undefined) {
      const indexes = this.tables.has('ER_PRS_F') ? (this.db.prepare("SELECT name FROM pragma_index_list('ER_PRS_F') WHERE \"unique\" = 1").pluck().all() as string[]) : [];
      const want = [...DCIR_KEYS].sort().join(',');
      this.uniqueKeys = indexes.some((ix) => (this.db.prepare(`SELECT name FROM pragma_index_info(${sqlString(ix)})`).pluck().all() as string[]).sort().join(',') === want);
    }
    return this.uniqueKeys ? `${alias}.rowid` : undefined;
  }

  async all<T extends ReadRow = ReadRow>(sql: string): Promise<T[]> {
    return this.db.prepare(sql).all() as T[];
  }

  async get<T extends ReadRow = ReadRow>(sql: string): Promise<T | undefined> {
    return this.db.prepare(sql).get() as T | undefined;
  }

  /**
   * Pages in rowid order, each the rows between two rowids (the page's last found through the rowid b-tree): no
   * statement stays open between pages, so the caller may run other queries meanwhile.
   */
  async *pages(table: string, rows: number): AsyncIterable<ReadPage> {
    const q = quoteIdent(table);
    const end = this.db.prepare(`SELECT rowid FROM ${q} WHERE rowid > ? ORDER BY rowid LIMIT 1 OFFSET ?`).pluck();
    const page = this.db.prepare(`SELECT * FROM ${q} WHERE rowid > ? AND rowid <= ? ORDER BY rowid`).raw();
    const tail = this.db.prepare(`SELECT * FROM ${q} WHERE rowid > ? ORDER BY rowid`).raw();
    const columns = page.columns().map((c) => c.name);
    const size = Math.max(1, Math.floor(rows));
    // Rowids are ≥ 1 unless given otherwise; SQLite's smallest integer covers any.
    let last: number | bigint = -(2n ** 63n);
    for (;;) {
      const through = end.get(last, size - 1) as number | bigint | undefined;
      const got = (through === undefined ? tail.all(last) : page.all(last, through)) as unknown[][];
      if (got.length > 0) yield { columns, rows: got };
      if (through === undefined) return;
      last = through;
    }
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
      // Read through a memory map rather than read() into SQLite's page cache: `report` scans ER_PRS_F some twenty
      // times. On 20 000 persons × 1 year (970 MB): 17.6–18.8 s instead of 20.5–20.6 s, system time 1.2 s instead of
      // 5.5 s, the same report. The mapped pages are the file's, shared with the operating system's cache.
      db.pragma('mmap_size = 4294967296');
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

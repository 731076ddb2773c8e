import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { InputError } from '../errors';
import { sqlString } from '../snds';
import { DISCLAIMER_TABLE, MANIFEST_TABLE, TABLES, type TableDef } from '../exporters';

/** The subset of a read-only SQLite connection the checker uses (narrow, so tests can inject a double). */
export interface SqlReader {
  /** First row of a query, or undefined. */
  get(sql: string): Record<string, unknown> | undefined;
  /** Every row of a query. */
  all(sql: string): Record<string, unknown>[];
  close(): void;
}

const SQLITE_MAGIC = 'SQLite format 3\u0000';

/**
 * Opens `path` read-only for checking. Throws an InputError naming `argName` when the file does
 * not exist, is not a regular file, or is not a SQLite database.
 */
export function openReadOnly(path: string, argName = '<db>'): SqlReader {
  const bad = (message: string): InputError => new InputError({ path: argName, message });
  if (!existsSync(path)) throw bad(`no such file: ${path}; give the path of a SQLite database written by snds-sim simulate`);
  if (!statSync(path).isFile()) throw bad(`${path} is not a file; give the path of a SQLite database`);
  const head = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  let read: number;
  try {
    read = readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (read < 16 || head.toString('latin1') !== SQLITE_MAGIC) throw bad(`${path} is not a SQLite database (no SQLite header)`);
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    db.prepare('SELECT COUNT(*) FROM sqlite_master').get();
  } catch (e) {
    throw bad(`${path} cannot be read as a SQLite database: ${e instanceof Error ? e.message : String(e)}`);
  }
  return {
    get: (sql) => db.prepare(sql).get() as Record<string, unknown> | undefined,
    all: (sql) => db.prepare(sql).all() as Record<string, unknown>[],
    close: () => {
      db.close();
    },
  };
}

/** A yearly PMSI table name, e.g. `T_MCO19B`, split into its template (`T_MCOaaB`) and 2-digit year. */
export function pmsiTemplate(name: string): { template: string; yy: string } | undefined {
  const m = /^(T_[A-Z]+?)(\d\d)([A-Z]+)$/.exec(name);
  if (m === null) return undefined;
  const template = `${m[1]}aa${m[3]}`;
  return Object.prototype.hasOwnProperty.call(TABLES, template) ? { template, yy: m[2] as string } : undefined;
}

/** Definitions of the tables snds-sim adds to every output (manifest, disclaimer). */
const SIM_TABLES: Readonly<Record<string, TableDef>> = {
  [MANIFEST_TABLE.name]: MANIFEST_TABLE.def,
  [DISCLAIMER_TABLE.name]: DISCLAIMER_TABLE.def,
};

/** Official definition of a database table (PMSI `T_MCOyyX` → `T_MCOaaX`), or undefined. */
export function officialDef(name: string): TableDef | undefined {
  if (Object.prototype.hasOwnProperty.call(TABLES, name)) return TABLES[name];
  if (Object.prototype.hasOwnProperty.call(SIM_TABLES, name)) return SIM_TABLES[name];
  const p = pmsiTemplate(name);
  return p === undefined ? undefined : TABLES[p.template];
}

/** What the check builders know about the database. */
export interface CheckContext {
  /** Every table of the database. */
  readonly tables: ReadonlySet<string>;
  /** Official definition of each known table present, by its name in the database. */
  readonly official: ReadonlyMap<string, TableDef>;
  /** Columns of each table of the database, in order. */
  readonly columns: ReadonlyMap<string, readonly string[]>;
  /** Simulated period from SIM_RUN_MANIFEST `options`, when present. */
  readonly period?: { readonly start: string; readonly end: string };
}

/** Database names of the yearly tables of a PMSI template present (`T_MCOaaC` → `['T_MCO19C']`), sorted. */
export function pmsiTables(ctx: CheckContext, template: string): string[] {
  return [...ctx.tables].filter((t) => pmsiTemplate(t)?.template === template).sort();
}

/** The PMSI year (`'19'`) of a yearly table name, or undefined. */
export function pmsiYear(name: string): string | undefined {
  return pmsiTemplate(name)?.yy;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function readPeriod(db: SqlReader, tables: ReadonlySet<string>): { start: string; end: string } | undefined {
  if (!tables.has(MANIFEST_TABLE.name)) return undefined;
  let row: Record<string, unknown> | undefined;
  try {
    row = db.get(`SELECT VALUE AS v FROM "${MANIFEST_TABLE.name}" WHERE KEY = 'options'`);
  } catch {
    return undefined; // a manifest without KEY/VALUE columns: its schema check reports it
  }
  if (row === undefined || typeof row.v !== 'string') return undefined;
  try {
    const o = JSON.parse(row.v) as Record<string, unknown>;
    const { start, end } = o;
    if (typeof start === 'string' && typeof end === 'string' && ISO_DATE.test(start) && ISO_DATE.test(end)) return { start, end };
  } catch {
    return undefined;
  }
  return undefined;
}

/** Reads the catalogue of the database: its tables, their official definitions, the simulated period. */
export function readContext(db: SqlReader): CheckContext {
  const names = db.all("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").map((r) => String(r.name));
  const tables = new Set(names);
  const official = new Map<string, TableDef>();
  const columns = new Map<string, readonly string[]>();
  for (const n of names) {
    const def = officialDef(n);
    if (def !== undefined) official.set(n, def);
    columns.set(n, db.all(`SELECT name FROM pragma_table_info(${sqlString(n)})`).map((r) => String(r.name)));
  }
  const period = readPeriod(db, tables);
  return period === undefined ? { tables, official, columns } : { tables, official, columns, period };
}

/**
 * Read-back of the DuckDB-engine outputs: a DuckDB file (opened read-only) and a Parquet folder in
 * the EXPORT DATABASE layout (an in-memory DuckDB with one view per table over the folder's files,
 * so nothing is loaded before it is queried). Rows come back as SQLite gives them: DATE as ISO
 * `YYYY-MM-DD` text, BIGINT as numbers.
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { InputError } from '../errors';
import { openDuckdb, type DuckConnection, type DuckOpener } from '../exporters/sinks/duckdb/duckApi';
import type { OutputFormat } from '../exporters/sinks/format';
import { duckColumnType } from '../exporters/sinks/duckdb/duckTypes';
import type { OutputTable } from '../exporters/sinks/Sink';
import { definitionOf } from './definitions';
import { quoteIdent, sqlString } from '../snds';
import type { OutputProbe, ReaderFormat, ReadPage, ReadRow, SndsReader } from './types';

/** Bytes 8–11 of every DuckDB database file (after an 8-byte checksum). */
const DUCKDB_MAGIC = Buffer.from('DUCK', 'ascii');
/** First and last 4 bytes of every Parquet file. */
const PARQUET_MAGIC = Buffer.from('PAR1', 'ascii');

function readBytes(path: string, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const fd = openSync(path, 'r');
  try {
    const n = readSync(fd, buf, 0, length, position);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** True when `path` is a file starting like a DuckDB database (magic bytes `DUCK` at offset 8). */
export function isDuckdbFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    return readBytes(path, 8, 4).equals(DUCKDB_MAGIC);
  } catch {
    return false;
  }
}

/** True when `path` is a folder holding `schema.sql` and `load.sql` (a DuckDB export, complete or not). */
export function isParquetFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory() && existsSync(join(path, 'schema.sql')) && existsSync(join(path, 'load.sql'));
  } catch {
    return false;
  }
}

/** True when `path` is a complete Parquet file (magic bytes at both ends). */
function isParquetFile(path: string): boolean {
  const size = statSync(path).size;
  return size >= 12 && readBytes(path, 0, 4).equals(PARQUET_MAGIC) && readBytes(path, size - 4, 4).equals(PARQUET_MAGIC);
}

function refuse(path: string, message: string): InputError {
  return new InputError({ path, message });
}

/** Refuses the temporary name every sink writes under until the output is complete. */
function refusePartial(path: string): void {
  if (/\.partial\/*$/.test(path)) {
    throw refuse(path, 'is an unfinished output (outputs are written under <name>.partial and renamed only when complete): run again, or use the output under its final name');
  }
}

/** One table of a Parquet folder: its name and its files, in row order. */
export interface ParquetTableFiles {
  readonly table: string;
  readonly files: readonly string[];
}

/**
 * The tables of a Parquet folder and their files, from its `load.sql` (only the file name of each
 * path counts, as for IMPORT DATABASE). Throws InputError when the folder is not a complete export:
 * `load.sql` or `schema.sql` missing, a `COPY` whose files are absent, a truncated Parquet file.
 */
export function parquetFolderTables(path: string): readonly ParquetTableFiles[] {
  refusePartial(path);
  if (!isParquetFolder(path)) {
    throw refuse(path, 'is not a Parquet output folder: expected schema.sql, load.sql and the .parquet files of a DuckDB EXPORT DATABASE (FORMAT parquet)');
  }
  const load = readFileSync(join(path, 'load.sql'), 'utf8');
  const out: ParquetTableFiles[] = [];
  const names = readdirSync(path).sort();
  for (const line of load.split('\n')) {
    if (line.trim() === '') continue;
    const m = /^COPY\s+("(?:[^"]|"")+"|[^\s"]+)\s+FROM\s+'((?:[^']|'')+)'/i.exec(line);
    if (m === null) throw refuse(join(path, 'load.sql'), `unexpected line ${JSON.stringify(line.slice(0, 80))}: expected COPY <table> FROM '<file>' (FORMAT 'parquet');`);
    const ident = m[1] as string;
    const table = ident.startsWith('"') ? ident.slice(1, -1).replace(/""/g, '"') : ident;
    const file = basename((m[2] as string).replace(/''/g, "'"));
    const re = new RegExp(`^${file.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    const files = names.filter((f) => re.test(f)).map((f) => join(path, f));
    if (files.length === 0) throw refuse(path, `table ${table}: ${file} is missing (a half-written or damaged folder): write it again`);
    for (const f of files) if (!isParquetFile(f)) throw refuse(f, 'is not a complete Parquet file (truncated or damaged): write the output again');
    out.push({ table, files });
  }
  if (out.length === 0) throw refuse(join(path, 'load.sql'), 'lists no table: the export is incomplete');
  return out;
}

/** Reader over a DuckDB connection, whatever holds the data (a file, or views over Parquet files). */
class DuckReader implements SndsReader {
  private constructor(
    readonly path: string,
    readonly format: OutputFormat,
    private readonly conn: DuckConnection,
    readonly tables: ReadonlySet<string>,
    private readonly cols: ReadonlyMap<string, ReadonlyMap<string, string>>,
    readonly manifest: ReadonlyMap<string, string>,
    /** Tables in the order they were created (a DuckDB file), or by name (a Parquet folder). */
    private readonly created: readonly string[],
  ) {}

  /**
   * Reads the catalogue of `relations` (table → SQL relation holding its rows, in creation order) and
   * creates, in the connection's in-memory `main`, one view per table that gives DATE columns as ISO
   * `YYYY-MM-DD` text: the SQL of check, report and calibrate (written on SQLite's text dates: `substr`,
   * comparisons with `'2019-01'`, GLOB) then runs unchanged and gives the same answers. The declared
   * types stay those of the files (DATE, INTEGER …). Also defines SQLite's `quote()`.
   */
  static async create(path: string, format: OutputFormat, conn: DuckConnection, relations: ReadonlyMap<string, string>): Promise<DuckReader> {
    const cols = new Map<string, Map<string, string>>();
    for (const [table, relation] of relations) {
      const types = new Map<string, string>();
      for (const r of await conn.all(`DESCRIBE SELECT * FROM ${relation}`)) types.set(String(r['column_name']), String(r['column_type']).toUpperCase());
      cols.set(table, types);
      const select = [...types].map(([c, t]) => (t === 'DATE' ? `CAST(${quoteIdent(c)} AS VARCHAR) AS ${quoteIdent(c)}` : quoteIdent(c))).join(', ');
      await conn.run(`CREATE VIEW ${quoteIdent(table)} AS SELECT ${select} FROM ${relation}`);
    }
    await conn.run("CREATE MACRO quote(x) AS CASE WHEN x IS NULL THEN 'NULL' WHEN typeof(x) = 'VARCHAR' THEN '''' || replace(CAST(x AS VARCHAR), '''', '''''') || '''' ELSE CAST(x AS VARCHAR) END");
    const tables = new Set([...cols.keys()].sort());
    const created = [...relations.keys()];
    const manifest = new Map<string, string>();
    if (tables.has('SIM_RUN_MANIFEST')) {
      for (const r of await conn.all('SELECT "KEY" AS k, "VALUE" AS v FROM "SIM_RUN_MANIFEST" ORDER BY "KEY"')) manifest.set(String(r['k']), String(r['v']));
    }
    return new DuckReader(path, format, conn, tables, cols, manifest, created);
  }

  columns(table: string): readonly string[] {
    return [...(this.cols.get(table)?.keys() ?? [])];
  }

  columnTypes(table: string): ReadonlyMap<string, string> {
    return this.cols.get(table) ?? new Map<string, string>();
  }

  async outputTables(): Promise<OutputTable[]> {
    // No index: the DuckDB outputs have none (see DuckdbSink).
    return this.created.map((name) => ({ name, def: definitionOf(name, [...this.columnTypes(name)], duckColumnType), indexes: [] }));
  }

  async all<T extends ReadRow = ReadRow>(sql: string): Promise<T[]> {
    // Plain values (string | number | null) keyed by column: the shape every ReadRow has.
    return (await this.conn.all(sql)) as unknown as T[];
  }

  async get<T extends ReadRow = ReadRow>(sql: string): Promise<T | undefined> {
    return (await this.all<T>(sql))[0];
  }

  pages(table: string, rows: number): AsyncIterable<ReadPage> {
    // A plain scan streams in insertion order (preserve_insertion_order, one thread).
    return this.conn.stream(`SELECT * FROM ${quoteIdent(table)}`, rows);
  }

  async close(): Promise<void> {
    this.conn.close();
  }
}

/**
 * Opens a DuckDB file read-only. Throws InputError for a missing file, a file that is not a DuckDB
 * database, an unfinished output (`.partial`, or a write-ahead log left beside it) or a damaged one.
 */
export async function openDuckdbReader(path: string, open: DuckOpener = openDuckdb): Promise<SndsReader> {
  refusePartial(path);
  if (!existsSync(path)) throw refuse(path, 'does not exist');
  if (!isDuckdbFile(path)) throw refuse(path, 'is not a DuckDB database (no DUCK magic bytes at offset 8)');
  if (existsSync(`${path}.wal`)) {
    throw refuse(path, `has a write-ahead log (${basename(path)}.wal) beside it: it was not closed cleanly; open it once with DuckDB read-write to replay the log, or write it again`);
  }
  // The file is attached read-only to an in-memory database, which holds the reader's views.
  const conn = await open(':memory:');
  try {
    await conn.run(`ATTACH ${sqlString(resolve(path))} AS src (READ_ONLY)`);
  } catch (e) {
    conn.close();
    throw refuse(path, `cannot be opened as a DuckDB database (${(e as Error).message.split('\n')[0]}): it is damaged or half-written; write it again`);
  }
  try {
    const names = (await conn.all("SELECT table_name AS t FROM duckdb_tables() WHERE database_name = 'src' AND schema_name = 'main' ORDER BY table_oid")).map((r) => String(r['t']));
    return await DuckReader.create(path, 'duckdb', conn, new Map(names.map((n) => [n, `src.main.${quoteIdent(n)}`])));
  } catch (e) {
    conn.close();
    throw refuse(path, `cannot be read (${(e as Error).message.split('\n')[0]}): it is damaged or half-written; write it again`);
  }
}

/**
 * Opens a Parquet folder: an in-memory DuckDB with one view per table of `load.sql` over its files
 * (in the order of their names, which is part order). Throws InputError as `parquetFolderTables`.
 */
export async function openParquetReader(path: string, open: DuckOpener = openDuckdb): Promise<SndsReader> {
  const tables = parquetFolderTables(path);
  const conn = await open(':memory:');
  try {
    const relations = new Map(tables.map((t) => [t.table, `read_parquet([${t.files.map((f) => sqlString(resolve(f))).join(', ')}])`] as const));
    return await DuckReader.create(path, 'parquet', conn, relations);
  } catch (e) {
    conn.close();
    if (e instanceof InputError) throw e;
    throw refuse(path, `cannot be read (${(e as Error).message.split('\n')[0]}): it is damaged or half-written; write it again`);
  }
}

/** Opens a DuckDB file or a Parquet folder, whichever `path` is; InputError when it is neither. */
export async function openDuckReader(path: string, open: DuckOpener = openDuckdb): Promise<SndsReader> {
  refusePartial(path);
  if (existsSync(path) && statSync(path).isDirectory()) return openParquetReader(path, open);
  return openDuckdbReader(path, open);
}

/** DuckDB files: bytes 8–11 are `DUCK`. */
export const duckdbReader: ReaderFormat = {
  name: 'duckdb',
  detect: (probe: OutputProbe) => !probe.folder && probe.head.length >= 12 && probe.head.subarray(8, 12).equals(DUCKDB_MAGIC),
  open: (path: string, argName: string) => withArg(argName, () => openDuckdbReader(path)),
};

/** Parquet folders: `schema.sql` and `load.sql` beside the Parquet files (DuckDB EXPORT DATABASE layout). */
export const parquetReader: ReaderFormat = {
  name: 'parquet',
  detect: (probe: OutputProbe) => probe.folder && isParquetFolder(probe.path),
  open: (path: string, argName: string) => withArg(argName, () => openParquetReader(path)),
};

/** Runs `open`, naming `argName` (the option the user gave) in an InputError's path, the file in its message. */
async function withArg(argName: string, open: () => Promise<SndsReader>): Promise<SndsReader> {
  try {
    return await open();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    throw new InputError(e.problems.map((p) => ({ path: argName, message: `${p.path} ${p.message}` })));
  }
}

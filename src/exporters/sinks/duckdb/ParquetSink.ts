import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../../errors';
import { quoteIdent, sqlString } from '../../../snds';
import { MANIFEST_TABLE } from '../../manifest';
import { partialPath, type AppendOptions, type SinkFormat, type SinkOptions, type TableBatch, type TableSink } from '../format';
import type { OutputTable } from '../Sink';
import { openDuckdb, type DuckConnection, type DuckOpener } from './duckApi';
import { createTableSql } from './duckTypes';
import { insertRows, PARQUET_COPY_OPTIONS, PARQUET_EXT, partFiles, writeParquetPart, writeRowsAsParquet } from './parts';
import { firstSimulatedYear, synonymRows, USER_SYNONYMS_NAME, USER_SYNONYMS_TABLE } from './synonyms';

/** Name of the staging database inside the folder being written (removed at close). */
const STAGING = '.staging.duckdb';

/**
 * Rows given to `write` for a table in a batch of at least this many rows become a part file of their own (a batch
 * simulated in this thread); fewer (reference tables, the manifest) are staged and written out with the table's
 * other staged rows, so that small writes do not make a file each.
 */
const OWN_PART_MIN_ROWS = 256;

/** Digits of part numbers: the glob `T-*.parquet` reads them in name order, which must be part order. */
const PART_DIGITS = 6;

/** File name of part `n` of a table written in several parts: `ER_PRS_F-000001.parquet`. */
export function partFileName(table: string, n: number): string {
  if (n >= 10 ** PART_DIGITS) throw new Error(`${table}: more than ${10 ** PART_DIGITS - 1} parts`);
  return `${table}-${String(n).padStart(PART_DIGITS, '0')}${PARQUET_EXT}`;
}

/** Final folder path of a Parquet output (`out/` and `out` are the same folder). */
export function parquetFolder(path: string): string {
  return path.replace(/\/+$/, '') || '/';
}

/**
 * Writes the tables as a folder in the layout of DuckDB's `EXPORT DATABASE (FORMAT parquet)`:
 * `schema.sql` (written by DuckDB itself), `load.sql` (one `COPY … FROM` per table), and one
 * zstd-compressed `<TABLE>.parquet` per table — or, for a table written in several parts by worker
 * threads, `<TABLE>-000001.parquet`, `<TABLE>-000002.parquet` … read together by `COPY <TABLE>
 * FROM '<TABLE>-*.parquet'`. So `IMPORT DATABASE '<folder>'` loads it, as sndsTools does.
 *
 * Why not a `<TABLE>/` sub-folder of parts: `IMPORT DATABASE` keeps only the file name of each
 * path in `load.sql` and looks for it in the imported folder (DuckDB 1.5), so files in sub-folders
 * are not found; globs on file names work. Paths in `load.sql` are bare file names (relative to the
 * folder), so the folder can be moved. PMSI tables keep their names (`T_MCO19B.parquet`), where
 * DuckDB's own export would write `t_mco__b.parquet`: the names are read from `load.sql`, never guessed.
 *
 * Rows given to `write` are staged in a DuckDB file inside the folder and written out as one Parquet
 * file per table at close, or as a numbered part just before a worker part of the same table, so
 * that row order is the order of the calls. One DuckDB thread: the same calls give the same bytes.
 * Everything is written under `<out>.<pid>.partial/`, renamed at close.
 */
export class ParquetSink implements TableSink {
  private readonly folder: string;
  private readonly tmp: string;
  private conn: DuckConnection | undefined;
  private readonly tables = new Map<string, TableState>();
  private finished = false;

  constructor(
    options: SinkOptions,
    private readonly open_: DuckOpener = openDuckdb,
  ) {
    this.folder = parquetFolder(options.path);
    this.tmp = partialPath(this.folder);
  }

  async open(tables: readonly OutputTable[]): Promise<void> {
    if (this.conn !== undefined) throw new Error('ParquetSink.open called twice');
    this.checkDestination();
    rmSync(this.tmp, { recursive: true, force: true });
    mkdirSync(this.tmp, { recursive: true });
    this.conn = await this.open_(join(this.tmp, STAGING));
    for (const t of [...tables, USER_SYNONYMS_TABLE]) {
      if (this.tables.has(t.name)) continue;
      await this.conn.run(createTableSql(t));
      this.tables.set(t.name, { table: t, parts: 0, staged: false });
    }
  }

  async write(batch: TableBatch): Promise<void> {
    const conn = this.connection();
    for (const [name, rows] of batch) {
      if (rows.length === 0) continue;
      const t = this.table(name);
      if (rows.length >= OWN_PART_MIN_ROWS) {
        // Many rows (a batch simulated in this thread): a part file of their own, as a worker writes it, rather than
        // rows staged in the DuckDB file and copied out at the end (which took twice as long). Rows staged before come first.
        if (t.staged) await this.flushStaged(t);
        t.parts += 1;
        await writeRowsAsParquet(conn, t.table, rows, join(this.tmp, partFileName(name, t.parts)));
        continue;
      }
      await insertRows(conn, t.table, rows);
      t.staged = true;
    }
  }

  async appendPart(part: string, options: AppendOptions = {}): Promise<void> {
    // A worker's part (one file per table) or a complete Parquet output (a shard, with load.sql):
    // either way each table's files, in row order, become its next numbered parts.
    const files = existsSync(join(part, 'load.sql')) ? outputFiles(part) : new Map(partFiles(part).map(([t, f]) => [t, [f]] as const));
    for (const name of options.tables ?? [...files.keys()]) {
      const list = files.get(name);
      // user_synonyms is written by this sink at close, never copied.
      if (list === undefined || name === USER_SYNONYMS_NAME) continue;
      const t = this.table(name);
      // Rows written before this part come before it.
      if (t.staged) await this.flushStaged(t);
      for (const f of list) {
        t.parts += 1;
        const to = join(this.tmp, partFileName(name, t.parts));
        if (options.keep === true) copyFileSync(f, to);
        else moveFile(f, to);
      }
    }
    if (options.keep !== true) rmSync(part, { recursive: true, force: true });
  }

  async close(): Promise<void> {
    if (this.finished) return;
    const conn = this.connection();
    const manifest = this.tables.get(MANIFEST_TABLE.name);
    const year = await firstSimulatedYear(conn, manifest === undefined ? undefined : this.relationOf(manifest), this.tables.keys());
    await this.write([[USER_SYNONYMS_NAME, synonymRows(year)]]);
    const loads: [string, string][] = [];
    for (const t of [...this.tables.values()].sort((a, b) => cmp(a.table.name, b.table.name))) {
      const name = t.table.name;
      if (t.parts === 0) {
        // One file per table, even empty: IMPORT DATABASE needs a file for every COPY.
        await this.copyOut(name, `${name}${PARQUET_EXT}`);
      } else if (t.staged) {
        await this.flushStaged(t);
      }
      if (t.parts === 1) renameSync(join(this.tmp, partFileName(name, 1)), join(this.tmp, `${name}${PARQUET_EXT}`));
      loads.push([name, t.parts > 1 ? `${name}-*${PARQUET_EXT}` : `${name}${PARQUET_EXT}`]);
    }
    conn.close();
    for (const f of readdirSync(this.tmp)) if (f.startsWith(STAGING)) rmSync(join(this.tmp, f), { recursive: true, force: true });
    const schema = await duckdbSchemaSql([...this.tables.values()].map((t) => t.table), this.open_, join(this.tmp, '.schema'));
    writeFileSync(join(this.tmp, 'schema.sql'), schema);
    writeFileSync(join(this.tmp, 'load.sql'), loadSql(loads, schema));
    this.checkDestination();
    if (existsSync(this.folder)) rmSync(this.folder, { recursive: true });
    renameSync(this.tmp, this.folder);
    this.finished = true;
  }

  /**
   * The final folder must be new, empty, or an earlier Parquet output (which the caller replaces only
   * on request: see checkOutput): never a folder of other files, which close would remove.
   * Checked at open, to fail before the run, and again at close.
   */
  private checkDestination(): void {
    if (!existsSync(this.folder)) return;
    const ok = statSync(this.folder).isDirectory() && (readdirSync(this.folder).length === 0 || (existsSync(join(this.folder, 'load.sql')) && existsSync(join(this.folder, 'schema.sql'))));
    if (!ok) {
      throw new InputError({ path: this.folder, message: 'exists and is neither an empty folder nor a Parquet output: a Parquet output needs a new or empty folder; remove it or choose another --out' });
    }
  }

  async abort(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    // The connection may be closed already (a failure late in close): closing again is harmless.
    try {
      this.conn?.close();
    } finally {
      rmSync(this.tmp, { recursive: true, force: true });
    }
  }

  /** The rows of a table so far, as one SQL relation (its part files, then its staged rows). */
  private relationOf(t: TableState): string {
    const parts = Array.from({ length: t.parts }, (_, i) => sqlString(join(this.tmp, partFileName(t.table.name, i + 1))));
    const staged = `SELECT * FROM ${quoteIdent(t.table.name)}`;
    return parts.length === 0 ? quoteIdent(t.table.name) : `(SELECT * FROM read_parquet([${parts.join(', ')}]) UNION ALL ${staged})`;
  }

  private async flushStaged(t: TableState): Promise<void> {
    t.parts += 1;
    await this.copyOut(t.table.name, partFileName(t.table.name, t.parts));
    await this.connection().run(`TRUNCATE ${quoteIdent(t.table.name)}`);
    t.staged = false;
  }

  private async copyOut(table: string, file: string): Promise<void> {
    await this.connection().run(`COPY ${quoteIdent(table)} TO ${sqlString(join(this.tmp, file))} ${PARQUET_COPY_OPTIONS}`);
  }

  private connection(): DuckConnection {
    if (this.conn === undefined || this.finished) throw new Error('ParquetSink is not open');
    return this.conn;
  }

  private table(name: string): TableState {
    const t = this.tables.get(name);
    if (t === undefined) throw new Error(`table ${name} was not created`);
    return t;
  }
}

interface TableState {
  readonly table: OutputTable;
  /** Numbered part files written so far. */
  parts: number;
  /** Rows waiting in the staging database. */
  staged: boolean;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The files of each table of a complete Parquet output, in row order: `T.parquet`, or the numbered
 * parts `T-000001.parquet` … (the names this sink writes; their order is the order of the names).
 */
function outputFiles(folder: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of readdirSync(folder).sort()) {
    const m = /^(.+?)(?:-\d{6})?\.parquet$/.exec(f);
    if (m === null) continue;
    const list = out.get(m[1] as string) ?? [];
    list.push(join(folder, f));
    out.set(m[1] as string, list);
  }
  return out;
}

/** Moves a file, copying when it is on another file system. */
function moveFile(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    copyFileSync(from, to);
    rmSync(from);
  }
}

/**
 * `schema.sql` exactly as DuckDB's EXPORT DATABASE writes it for these tables (its identifier
 * quoting, its types), obtained by exporting an empty in-memory database with the same tables.
 */
async function duckdbSchemaSql(tables: readonly OutputTable[], open: DuckOpener, scratch: string): Promise<string> {
  const conn = await open(':memory:');
  try {
    for (const t of [...tables].sort((a, b) => cmp(a.name, b.name))) await conn.run(createTableSql(t));
    rmSync(scratch, { recursive: true, force: true });
    await conn.run(`EXPORT DATABASE ${sqlString(scratch)} (FORMAT 'parquet')`);
    return readFileSync(join(scratch, 'schema.sql'), 'utf8');
  } finally {
    conn.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * `load.sql`: one `COPY <table> FROM '<file>' (FORMAT 'parquet');` per table, as DuckDB writes it,
 * the table spelled as in `schema.sql` (DuckDB quotes only where needed) and the file relative.
 */
function loadSql(loads: readonly (readonly [string, string])[], schema: string): string {
  const spelled = new Map<string, string>();
  for (const m of schema.matchAll(/^CREATE TABLE ((?:"(?:[^"]|"")+"|[^\s(]+))\(/gm)) {
    const ident = m[1] as string;
    spelled.set(ident.startsWith('"') ? ident.slice(1, -1).replace(/""/g, '"') : ident, ident);
  }
  const lines = loads.map(([name, file]) => `COPY ${spelled.get(name) ?? quoteIdent(name)} FROM ${sqlString(file)} (FORMAT 'parquet');\n`);
  return `${lines.join('')}\n`;
}

/** The Parquet folder format; workers write Parquet parts, moved into the folder as numbered parts. */
export const PARQUET_FORMAT: SinkFormat = {
  name: 'parquet',
  folder: true,
  // Measured: 242.6 MB of zstd Parquet for 100 121 person-years (bench 100k-1y, --texture realistic).
  bytesPerPersonYear: 2_420,
  // Each batch becomes one Parquet part per table: larger batches make fewer and better compressed files, smaller
  // ones hold fewer rows in the workers' memory. Measured on bench 100k-1y with 2 workers (wall, peak RSS, bytes):
  // 1 000 person-years 102.9 s, 1 772 MiB, 205 MB; 500: 95.6 s, 1 597 MiB, 222 MB; 400: 100.9 s, 1 410 MiB,
  // 230 MB; 300: 109.1 s, 1 286 MiB, 243 MB; 250: 113.6 s, 1 288 MiB, 253 MB (each part file costs the writer a few
  // milliseconds). 300 keeps a margin under 1.5 GB: a run through the CLI with 400 peaked at 1 460 MiB.
  batchPersonYears: 300,
  // In one thread, DuckDB's Parquet writing does not overlap the simulation (its table function needs this thread to
  // hand over each chunk). Measured on 2 cores: 5 000 persons × 1 year take 11.9 s with 2 workers and 12.4 s with
  // one; 10 000, 16.7 s and 21.5 s. So 2 workers from 8 000 person-years (5 000 persons × 1 year are 4 996).
  personYearsPerWorker: 4_000,
  create: (options) => new ParquetSink(options),
  writePart: (dir, index, tables, batch) => writeParquetPart(dir, index, tables, batch),
};

/**
 * Parts: a worker thread's batch written as one zstd Parquet file per table (only tables with rows),
 * in a folder `part-<index>` under the run's batch folder. Both DuckDB outputs read them back with
 * DuckDB (`read_parquet`), so a part costs the writer a compressed columnar read, not row-by-row work.
 *
 * Rows reach DuckDB as CSV text with the column types given (`read_csv`, no detection): one string
 * built in JavaScript per table and parsed by DuckDB's native reader. Cell by cell through the
 * appender, each cell is an N-API call, and that cost dominated the whole run (about 25 000 rows of
 * ER_PRS_F per CPU-second); the text path does the per-cell work in plain JavaScript and C++.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { quoteIdent, sqlString } from '../../../snds';
import type { TableBatch } from '../format';
import type { OutputTable } from '../Sink';
import { openDuckdb, type DuckConnection, type DuckOpener } from './duckApi';
import { duckColumnType } from './duckTypes';

/** COPY options of every Parquet file snds-sim writes (DuckDB's EXPORT DATABASE uses the same writer). */
export const PARQUET_COPY_OPTIONS = "(FORMAT 'parquet', COMPRESSION 'zstd')";

/** Suffix of a part file: `<TABLE>.parquet`. */
export const PARQUET_EXT = '.parquet';

/** One in-memory DuckDB per thread for writing parts (opening one per batch would cost more than small batches). */
let partConnection: Promise<DuckConnection> | undefined;

/**
 * Writes one batch as a part folder `<dir>/part-<index>` and returns its path. The folder is written
 * as `part-<index>.tmp` and renamed, so a part seen by the writer is always complete.
 */
export async function writeParquetPart(
  dir: string,
  index: number,
  tables: ReadonlyMap<string, OutputTable>,
  batch: TableBatch,
  open: DuckOpener = openDuckdb,
): Promise<string> {
  const final = join(dir, `part-${String(index).padStart(6, '0')}`);
  const tmp = `${final}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  partConnection ??= open(':memory:');
  const conn = await partConnection;
  // Rows of a table given several times in the batch are concatenated, in order.
  const byTable = new Map<string, (readonly (string | number | null)[])[]>();
  for (const [name, rows] of batch) {
    if (rows.length === 0) continue;
    const list = byTable.get(name) ?? [];
    for (const r of rows) list.push(r);
    byTable.set(name, list);
  }
  for (const [name, rows] of byTable) {
    const table = tables.get(name);
    if (table === undefined) throw new Error(`table ${name} was not created`);
    await writeRowsAsParquet(conn, table, rows, join(tmp, `${name}.csv`), join(tmp, name + PARQUET_EXT));
  }
  rmSync(final, { recursive: true, force: true });
  renameSync(tmp, final);
  return final;
}

/**
 * The columns (indexes) with a value in at least one of the rows: the others are NULL in every row, and are
 * neither written to the CSV text nor parsed (ER_PRS_F has 123 columns, about 60 of them filled). At least two
 * columns when the table has two.
 */
export function filledColumns(table: OutputTable, rows: readonly (readonly (string | number | null)[])[]): number[] {
  const n = table.def.columns.length;
  const filled = new Uint8Array(n);
  let left = n;
  for (let i = 0; i < rows.length && left > 0; i++) {
    const r = rows[i] as readonly (string | number | null)[];
    if (r.length !== n) throw new Error(`${table.name}: a row has ${r.length} cells, the table ${n} columns`);
    for (let j = 0; j < n; j++) {
      if (filled[j] === 0 && r[j] !== null && r[j] !== undefined) {
        filled[j] = 1;
        left -= 1;
      }
    }
  }
  // At least two columns: a row of one NULL cell would be an empty line, which a CSV reader skips.
  for (let j = 0, extra = 2 - (n - left); j < n && extra > 0; j++) {
    if (filled[j] === 0) {
      filled[j] = 1;
      extra -= 1;
    }
  }
  const out: number[] = [];
  for (let j = 0; j < n; j++) if (filled[j] === 1) out.push(j);
  return out;
}

/**
 * Rows as CSV, the cells of the columns `cols`: NULL is an empty unquoted field, every string is
 * quoted (so `""` is the empty string, and no value is trimmed or taken for NULL), numbers are written as
 * JavaScript prints them (the shortest text that reads back as the same double).
 */
export function csvText(table: OutputTable, rows: readonly (readonly (string | number | null)[])[], cols: readonly number[]): string {
  const n = table.def.columns.length;
  const lines: string[] = new Array<string>(rows.length);
  const cells: string[] = new Array<string>(cols.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as readonly (string | number | null)[];
    if (r.length !== n) throw new Error(`${table.name}: a row has ${r.length} cells, the table ${n} columns`);
    for (let k = 0; k < cols.length; k++) {
      const v = r[cols[k] as number];
      cells[k] = v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : v.includes('"') ? `"${v.replace(/"/g, '""')}"` : `"${v}"`;
    }
    lines[i] = cells.join(',');
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/**
 * Hands rows to DuckDB through the CSV file `file` of their filled columns (written, read, removed): `sql` receives
 * the `SELECT` of the table's columns from it (selectCsvSql) and gives the statement to run.
 */
async function throughCsv(conn: DuckConnection, table: OutputTable, rows: readonly (readonly (string | number | null)[])[], file: string, sql: (select: string) => string): Promise<void> {
  const filled = filledColumns(table, rows);
  writeFileSync(file, csvText(table, rows, filled));
  try {
    await conn.run(sql(selectCsvSql(table, file, filled)));
  } finally {
    rmSync(file, { force: true });
  }
}

/** Writes rows as the zstd Parquet file `parquet`, through the CSV file `csv` (written, read by DuckDB, removed). */
export async function writeRowsAsParquet(conn: DuckConnection, table: OutputTable, rows: readonly (readonly (string | number | null)[])[], csv: string, parquet: string): Promise<void> {
  await throughCsv(conn, table, rows, csv, (select) => `COPY (${select}) TO ${sqlString(parquet)} ${PARQUET_COPY_OPTIONS}`);
}

/**
 * Rows given to a sink's `write` in a batch of at least this many rows of a table go through a CSV file read by DuckDB
 * (insertRowsAsCsv) rather than through the appender, cell by cell: the same values, several times faster.
 */
export const CSV_LOAD_MIN_ROWS = 256;

/** Inserts rows into their table through the CSV file `file` (written, read by DuckDB, removed). */
export async function insertRowsAsCsv(conn: DuckConnection, table: OutputTable, rows: readonly (readonly (string | number | null)[])[], file: string): Promise<void> {
  await throughCsv(conn, table, rows, file, (select) => `INSERT INTO ${quoteIdent(table.name)} ${select}`);
}

/**
 * `SELECT` of every column of the table, in order, from a file written by csvText with the columns `cols`: those
 * read with `read_csv` and the table's DuckDB column types (nothing detected), the others NULL of their type.
 */
export function selectCsvSql(table: OutputTable, file: string, cols: readonly number[]): string {
  const defs = table.def.columns;
  const inFile = new Set(cols);
  const select = defs.map((c, j) => (inFile.has(j) ? quoteIdent(c.name) : `CAST(NULL AS ${duckColumnType(c)}) AS ${quoteIdent(c.name)}`)).join(', ');
  const columns = cols.map((j) => defs[j] as (typeof defs)[number]).map((c) => `${sqlString(c.name)}: ${sqlString(duckColumnType(c))}`).join(', ');
  return `SELECT ${select} FROM read_csv(${sqlString(file)}, columns = {${columns}}, header = false, delim = ',', quote = '"', escape = '"', nullstr = '', allow_quoted_nulls = false, auto_detect = false)`;
}

/** The tables of a part folder and their files, sorted by table name. Throws on a missing part. */
export function partFiles(part: string): readonly (readonly [string, string])[] {
  if (!existsSync(part)) throw new Error(`part ${part} does not exist`);
  return readdirSync(part)
    .filter((f) => f.endsWith(PARQUET_EXT))
    .sort()
    .map((f) => [f.slice(0, -PARQUET_EXT.length), join(part, f)] as const);
}

/** Closes this thread's part-writing database (end of a worker, or of a test). */
export async function closePartWriter(): Promise<void> {
  const p = partConnection;
  partConnection = undefined;
  if (p !== undefined) (await p).close();
}

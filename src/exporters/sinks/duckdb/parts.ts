/**
 * Parts: a worker thread's batch written as one zstd Parquet file per table (only tables with rows),
 * in a folder `part-<index>` under the run's batch folder. Both DuckDB outputs read them back with
 * DuckDB (`read_parquet`), so a part costs the writer a compressed columnar read, not row-by-row work.
 *
 * Rows reach DuckDB as data chunks (chunks.ts) pulled by a table function (duckApi's `runWithRows`):
 * each column of 2 048 rows is one memory copy. Cell by cell through the appender, each cell was an
 * N-API call, which dominated the whole run; through a CSV text, building, writing and parsing the text
 * cost three times the Parquet writing itself.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { quoteIdent, sqlString } from '../../../snds';
import type { TableBatch } from '../format';
import type { OutputTable, Row } from '../Sink';
import { ChunkEncoder } from './chunks';
import { openDuckdb, type DuckConnection, type DuckOpener } from './duckApi';

/**
 * COPY options of every Parquet file snds-sim writes (DuckDB's EXPORT DATABASE uses the same writer). Row groups
 * of 32 768 rows rather than DuckDB's 122 880: the writer holds a row group of every column in memory before
 * compressing it, and ER_PRS_F has 123 columns. Measured on bench 100k-1y (Parquet, 2 workers, batches of
 * 1 000 person-years): 102.9 s, peak RSS 1 772 MiB and 205.4 MB, against 124.1 s, 2 268 MiB and 191.6 MB.
 */
export const PARQUET_COPY_OPTIONS = "(FORMAT 'parquet', COMPRESSION 'zstd', ROW_GROUP_SIZE 32768)";

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
  const byTable = new Map<string, Row[]>();
  for (const [name, rows] of batch) {
    if (rows.length === 0) continue;
    const list = byTable.get(name) ?? [];
    for (const r of rows) list.push(r);
    byTable.set(name, list);
  }
  for (const [name, rows] of byTable) {
    const table = tables.get(name);
    if (table === undefined) throw new Error(`table ${name} was not created`);
    await writeRowsAsParquet(conn, table, rows, join(tmp, name + PARQUET_EXT));
  }
  rmSync(final, { recursive: true, force: true });
  renameSync(tmp, final);
  return final;
}

/**
 * Encoders by table, one set per thread: each holds the reusable column buffers of one chunk of its table
 * (about 3 MB for ER_PRS_F's 123 columns). Keyed by the table object, so two tables of the same name
 * (tests) never share an encoder. The writes of a table in a thread follow one another (each is awaited
 * before the next starts), so one encoder per table is never asked for two chunk sequences at once.
 */
const encoders = new WeakMap<OutputTable, ChunkEncoder>();
function encoderOf(table: OutputTable): ChunkEncoder {
  let e = encoders.get(table);
  if (e === undefined) {
    e = new ChunkEncoder(table);
    encoders.set(table, e);
  }
  return e;
}

/** Runs `sql(relation)` with `relation` the rows of `table` (its columns, their DuckDB types). */
async function withRows(conn: DuckConnection, table: OutputTable, rows: readonly Row[], sql: (relation: string) => string): Promise<void> {
  const encoder = encoderOf(table);
  await conn.runWithRows(
    sql,
    table.def.columns.map((c) => c.name),
    encoder.types,
    encoder.chunks(rows),
  );
}

/** Writes rows of `table` as the zstd Parquet file `parquet`. */
export async function writeRowsAsParquet(conn: DuckConnection, table: OutputTable, rows: readonly Row[], parquet: string): Promise<void> {
  await withRows(conn, table, rows, (relation) => `COPY (SELECT * FROM ${relation}) TO ${sqlString(parquet)} ${PARQUET_COPY_OPTIONS}`);
}

/** Inserts rows into their table (same name, same columns) of the database of `conn`. */
export async function insertRows(conn: DuckConnection, table: OutputTable, rows: readonly Row[]): Promise<void> {
  await withRows(conn, table, rows, (relation) => `INSERT INTO ${quoteIdent(table.name)} SELECT * FROM ${relation}`);
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

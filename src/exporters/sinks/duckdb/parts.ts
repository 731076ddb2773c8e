/**
 * Parts: a worker thread's batch written as one zstd Parquet file per table (only tables with rows),
 * in a folder `part-<index>` under the run's batch folder. Both DuckDB outputs read them back with
 * DuckDB (`read_parquet`), so a part costs the writer a compressed columnar read, not row-by-row work.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { quoteIdent, sqlString } from '../../../snds';
import type { TableBatch } from '../format';
import type { OutputTable } from '../Sink';
import { openDuckdb, type DuckConnection, type DuckOpener } from './duckApi';
import { appendAll, createTableSql, RowAppender } from './duckTypes';

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
    // A name of its own per part: parts of one thread may be written concurrently.
    const staging: OutputTable = { ...table, name: `part_${index}_${name}` };
    await conn.run(createTableSql(staging));
    try {
      appendAll(new RowAppender(table), await conn.appender(staging.name), rows as (string | number | null)[][]);
      await conn.run(`COPY ${quoteIdent(staging.name)} TO ${sqlString(join(tmp, name + PARQUET_EXT))} ${PARQUET_COPY_OPTIONS}`);
    } finally {
      await conn.run(`DROP TABLE ${quoteIdent(staging.name)}`);
    }
  }
  rmSync(final, { recursive: true, force: true });
  renameSync(tmp, final);
  return final;
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

import { existsSync, renameSync, rmSync } from 'node:fs';
import { quoteIdent, sqlString } from '../../../snds';
import { MANIFEST_TABLE } from '../../manifest';
import type { AsyncSinkOptions, AsyncTableSink, SinkFormat, TableBatch } from '../format';
import type { OutputTable } from '../Sink';
import { openDuckdb, type DuckConnection, type DuckOpener } from './duckApi';
import { appendAll, createTableSql, RowAppender } from './duckTypes';
import { partFiles, writeParquetPart } from './parts';
import { firstSimulatedYear, synonymRows, USER_SYNONYMS_NAME, USER_SYNONYMS_TABLE } from './synonyms';

/**
 * Writes the tables into a DuckDB file, `<out>.partial` until `close()` renames it.
 *
 * Rows go through DuckDB's appender (a bulk load into columnar row groups, no SQL per row); worker
 * parts (Parquet) are appended with `INSERT … SELECT * FROM read_parquet(…)`, in the order of the
 * calls, insertion order preserved. One thread, so the same calls give the same file.
 *
 * No index is created: DuckDB joins and filters by scanning (hash joins, zone maps), its ART indexes
 * serve only point lookups and must be built in memory, and a unique ART index on the nine DCIR keys
 * of a large ER_PRS_F would cost gigabytes. Key uniqueness is checked by `snds-sim check`.
 */
export class DuckdbSink implements AsyncTableSink {
  private readonly tmpPath: string;
  private conn: DuckConnection | undefined;
  private readonly tables = new Map<string, { readonly table: OutputTable; readonly appender: RowAppender }>();
  private finished = false;

  constructor(
    private readonly options: AsyncSinkOptions,
    private readonly open_: DuckOpener = openDuckdb,
  ) {
    this.tmpPath = `${options.path}.partial`;
  }

  async open(tables: readonly OutputTable[]): Promise<void> {
    if (this.conn !== undefined) throw new Error('DuckdbSink.open called twice');
    removeDatabaseFiles(this.tmpPath);
    this.conn = await this.open_(this.tmpPath);
    for (const t of [...tables, USER_SYNONYMS_TABLE]) {
      if (this.tables.has(t.name)) continue;
      await this.conn.run(createTableSql(t));
      this.tables.set(t.name, { table: t, appender: new RowAppender(t) });
    }
  }

  async write(batch: TableBatch): Promise<void> {
    const conn = this.connection();
    for (const [name, rows] of batch) {
      if (rows.length === 0) continue;
      const t = this.table(name);
      const a = await conn.appender(name);
      appendAll(t.appender, a, rows);
    }
  }

  async appendPart(part: string): Promise<void> {
    const conn = this.connection();
    for (const [name, file] of partFiles(part)) {
      this.table(name);
      await conn.run(`INSERT INTO ${quoteIdent(name)} SELECT * FROM read_parquet(${sqlString(file)})`);
    }
    rmSync(part, { recursive: true, force: true });
  }

  async close(): Promise<void> {
    if (this.finished) return;
    const conn = this.connection();
    const hasManifest = this.tables.has(MANIFEST_TABLE.name);
    const year = await firstSimulatedYear(conn, hasManifest ? quoteIdent(MANIFEST_TABLE.name) : undefined, this.tables.keys());
    await this.write([[USER_SYNONYMS_NAME, synonymRows(year)]]);
    // Folds the write-ahead log into the file: the renamed file is complete on its own.
    await conn.run('CHECKPOINT');
    conn.close();
    renameSync(this.tmpPath, this.options.path);
    this.finished = true;
  }

  async abort(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    try {
      this.conn?.close();
    } finally {
      removeDatabaseFiles(this.tmpPath);
    }
  }

  private connection(): DuckConnection {
    if (this.conn === undefined || this.finished) throw new Error('DuckdbSink is not open');
    return this.conn;
  }

  private table(name: string): { readonly table: OutputTable; readonly appender: RowAppender } {
    const t = this.tables.get(name);
    if (t === undefined) throw new Error(`table ${name} was not created`);
    return t;
  }
}

/** Removes a DuckDB file and its write-ahead log. */
function removeDatabaseFiles(path: string): void {
  for (const p of [path, `${path}.wal`]) if (existsSync(p)) rmSync(p, { force: true });
}

/** The DuckDB file format: a `.duckdb` file; workers write Parquet parts. */
export const DUCKDB_FORMAT: SinkFormat = {
  name: 'duckdb',
  create: (options) => new DuckdbSink(options),
  writePart: (dir, index, tables, batch) => writeParquetPart(dir, index, tables, batch),
};

import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { quoteIdent, sqlString } from '../../../snds';
import { MANIFEST_TABLE } from '../../manifest';
import { partialPath, type AppendOptions, type SinkFormat, type SinkOptions, type TableBatch, type TableSink } from '../format';
import type { OutputTable } from '../Sink';
import { openDuckdb, type DuckConnection, type DuckOpener } from './duckApi';
import { createTableSql } from './duckTypes';
import { insertRows, partFiles, writeParquetPart } from './parts';
import { firstSimulatedYear, synonymRows, USER_SYNONYMS_NAME, USER_SYNONYMS_TABLE } from './synonyms';

/**
 * Settings of the connection that writes the file (its readers keep DuckDB's defaults).
 *
 * - `checkpoint_threshold`: DuckDB folds its write-ahead log into the file whenever the log passes 16 MB, and each
 *   fold re-compresses the last, partly filled row group of every table. A run simulated in one thread inserts a
 *   batch at a time (93 000 ER_PRS_F rows for 1 000 persons, under a row group's 122 880), so with the default every
 *   batch cost a checkpoint: 20 000 persons × 1 year took 77 s, 53 s with folds every GB (the log then holds at most
 *   1 GB beside the file; the last fold is the CHECKPOINT of `close`). Same tables, same rows.
 * - `memory_limit`: DuckDB's buffers may otherwise grow to 80 % of the machine's memory, and a buffer once used
 *   stays with the process. Measured on the load of the parts of 20 000 persons × 1 year: peak RSS 983 MB by
 *   default, 432 MB at 250 MB, in about the same time (21.4 and 17.6 s). Past it DuckDB spills to `<file>.tmp/`,
 *   which `close` and `abort` leave empty or remove.
 */
const WRITER_SETTINGS = "SET checkpoint_threshold = '1GB'; SET memory_limit = '256MB';";

/**
 * Writes the tables into a DuckDB file, `<out>.<pid>.partial` until `close()` renames it.
 *
 * Rows are inserted as data chunks (parts.ts: a bulk load into columnar row groups, no SQL per row); worker
 * parts (Parquet) are loaded with one `INSERT … SELECT * FROM read_parquet([…])` per table over all the
 * parts received so far, insertion order preserved: at close, or before rows of the same table reach the
 * sink another way, so that rows keep the order of the calls. One insert per table instead of one per
 * part and table: DuckDB fills whole row groups instead of appending (and checkpointing) a few thousand
 * rows a hundred times. A complete DuckDB output (a shard, for `merge`) is attached read-only and its
 * tables appended the same way. One thread, so the same calls give the same rows in the same order (DuckDB
 * files differ in a few header bytes between runs).
 *
 * No index is created: DuckDB joins and filters by scanning (hash joins, zone maps), its ART indexes
 * serve only point lookups and must be built in memory, and a unique ART index on the nine DCIR keys
 * of a large ER_PRS_F would cost gigabytes. Key uniqueness is checked by `snds-sim check`.
 */
export class DuckdbSink implements TableSink {
  private readonly tmpPath: string;
  private conn: DuckConnection | undefined;
  private readonly tables = new Map<string, OutputTable>();
  /** Parquet files of worker parts not loaded yet, by table, in the order received. */
  private readonly pending = new Map<string, string[]>();
  /** Worker part folders to remove once their files are loaded. */
  private readonly loadedParts: string[] = [];
  private finished = false;

  constructor(
    private readonly options: SinkOptions,
    private readonly open_: DuckOpener = openDuckdb,
  ) {
    this.tmpPath = partialPath(options.path);
  }

  async open(tables: readonly OutputTable[]): Promise<void> {
    if (this.conn !== undefined) throw new Error('DuckdbSink.open called twice');
    removeDatabaseFiles(this.tmpPath);
    this.conn = await this.open_(this.tmpPath);
    await this.conn.run(WRITER_SETTINGS);
    for (const t of [...tables, USER_SYNONYMS_TABLE]) {
      if (this.tables.has(t.name)) continue;
      await this.conn.run(createTableSql(t));
      this.tables.set(t.name, t);
    }
  }

  async write(batch: TableBatch): Promise<void> {
    const conn = this.connection();
    for (const [name, rows] of batch) {
      if (rows.length === 0) continue;
      const t = this.table(name);
      await this.loadPending(name);
      await insertRows(conn, t, rows);
    }
  }

  async appendPart(part: string, options: AppendOptions = {}): Promise<void> {
    const conn = this.connection();
    if (statSync(part).isDirectory()) {
      // A worker's part: one Parquet file per table, loaded later with the table's other parts.
      const files = new Map(partFiles(part));
      for (const name of options.tables ?? [...files.keys()]) {
        const file = files.get(name);
        if (file === undefined || name === USER_SYNONYMS_NAME) continue;
        this.table(name);
        const list = this.pending.get(name) ?? [];
        list.push(file);
        this.pending.set(name, list);
      }
      // Removed once loaded.
      if (options.keep !== true) this.loadedParts.push(part);
      return;
    }
    // A complete DuckDB output (a shard): its tables, by name, columns in this output's order.
    await conn.run(`ATTACH ${sqlString(part)} AS part_db (READ_ONLY)`);
    try {
      const present = new Set((await conn.all("SELECT table_name AS t FROM information_schema.tables WHERE table_catalog = 'part_db'")).map((r) => String(r['t'])));
      for (const name of options.tables ?? [...present].sort()) {
        // user_synonyms is written by this sink at close, never copied.
        if (!present.has(name) || name === USER_SYNONYMS_NAME) continue;
        await this.loadPending(name);
        const cols = this.table(name).def.columns.map((c) => quoteIdent(c.name)).join(', ');
        await conn.run(`INSERT INTO ${quoteIdent(name)} SELECT ${cols} FROM part_db.${quoteIdent(name)}`);
      }
    } finally {
      await conn.run('DETACH part_db');
    }
    if (options.keep !== true) rmSync(part, { recursive: true, force: true });
  }

  async close(): Promise<void> {
    if (this.finished) return;
    const conn = this.connection();
    for (const name of [...this.pending.keys()].sort()) await this.loadPending(name);
    for (const part of this.loadedParts.splice(0)) rmSync(part, { recursive: true, force: true });
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

  /**
   * Loads the worker parts received for a table, in order, in one insert. In one thread: on every core the load of
   * 100k-1y took 167 s instead of 182 s but a peak RSS of 3.3 GB instead of 2.1 GB.
   */
  private async loadPending(name: string): Promise<void> {
    const files = this.pending.get(name);
    if (files === undefined || files.length === 0) return;
    this.pending.delete(name);
    await this.connection().run(`INSERT INTO ${quoteIdent(name)} SELECT * FROM read_parquet([${files.map(sqlString).join(', ')}])`);
  }

  private connection(): DuckConnection {
    if (this.conn === undefined || this.finished) throw new Error('DuckdbSink is not open');
    return this.conn;
  }

  private table(name: string): OutputTable {
    const t = this.tables.get(name);
    if (t === undefined) throw new Error(`table ${name} was not created`);
    return t;
  }
}

/** Removes a DuckDB file, its write-ahead log and the folder where it spills buffers past its memory limit. */
function removeDatabaseFiles(path: string): void {
  for (const p of [path, `${path}.wal`, `${path}.tmp`]) if (existsSync(p)) rmSync(p, { recursive: true, force: true });
}

/** The DuckDB file format: a `.duckdb` file; workers write Parquet parts. */
export const DUCKDB_FORMAT: SinkFormat = {
  name: 'duckdb',
  folder: false,
  // Measured: 467.7 MB for 100 121 person-years (bench 100k-1y, --texture realistic), no index.
  bytesPerPersonYear: 4_670,
  // Each batch becomes one Parquet part per table, all loaded by the writer at the end. Batches of 300 person-years as
  // Parquet's: what the workers hold in memory. Bench 100k-1y, 2 workers, with WRITER_SETTINGS: 1 468 MiB peak RSS and
  // 189.8 s with batches of 300, 2 002 MiB and 166.9 s with batches of 1 000 (the load of the parts takes 80 s of it).
  batchPersonYears: 300,
  // In one thread the rows go into the file as they are simulated; with workers, the parts wait for the end. Measured on
  // 2 cores: 5 000 persons × 1 year take 17.9 s in one thread and 18.5 s with 2 workers; 10 000, 37.2 s and 25.2 s.
  // So 2 workers from 8 000 person-years, as Parquet.
  personYearsPerWorker: 4_000,
  create: (options) => new DuckdbSink(options),
  writePart: (dir, index, tables, batch) => writeParquetPart(dir, index, tables, batch),
};

import type { OutputTable, Row } from './Sink';

/** Output formats: a SQLite file, a DuckDB file, or a folder of Parquet files laid out as DuckDB `EXPORT DATABASE`. */
export type OutputFormat = 'sqlite' | 'duckdb' | 'parquet';

/** The rows of several tables, in the order they are to be appended. */
export type TableBatch = Iterable<readonly [string, readonly Row[]]>;

/**
 * Where rows go, whatever the format. Writes under a temporary name; only `close()` makes the
 * output visible under its final name, and `abort()` removes everything written.
 */
export interface AsyncTableSink {
  /** Creates the output's tables (called once, before any write). */
  open(tables: readonly OutputTable[]): Promise<void>;
  /** Appends the rows of several tables, in the order given. */
  write(batch: TableBatch): Promise<void>;
  /**
   * Appends a part written by this format's `writePart` (a worker thread's batch), in the order of
   * the calls, and removes the part. The output is the same as if its rows had been given to `write`.
   */
  appendPart(part: string): Promise<void>;
  /** Finishes: builds indexes, flushes, and moves the output to its final name. */
  close(): Promise<void>;
  /** Gives up: removes everything written; the final name is left untouched. Safe to call twice. */
  abort(): Promise<void>;
}

/** Options every sink understands. */
export interface AsyncSinkOptions {
  /** Final output path (a file, or a folder for Parquet). */
  readonly path: string;
}

/** A format: how to open its sink and how worker threads write their batches for it. */
export interface SinkFormat {
  readonly name: OutputFormat;
  /** Opens the final output. */
  create(options: AsyncSinkOptions): AsyncTableSink;
  /**
   * Writes one batch of rows as a part under `dir` (called in worker threads; `index` is the batch
   * number, unique in the run) and returns the part's path, to be given to the sink's `appendPart`.
   */
  writePart(dir: string, index: number, tables: ReadonlyMap<string, OutputTable>, batch: TableBatch): Promise<string>;
}

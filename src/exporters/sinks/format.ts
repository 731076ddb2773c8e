import type { OutputTable, Row } from './Sink';

/** Output formats: a SQLite file, a DuckDB file, or a folder of Parquet files laid out as DuckDB `EXPORT DATABASE`. */
export type OutputFormat = 'sqlite' | 'duckdb' | 'parquet';

/** The rows of several tables, in the order they are to be appended. */
export type TableBatch = Iterable<readonly [string, readonly Row[]]>;

/** How a part is appended. */
export interface AppendOptions {
  /** Only these tables of the part, in this order (default: every table of the part, in the order it was written). */
  readonly tables?: readonly string[];
  /** Leave the part in place (`merge` reads shard outputs it does not own); by default the part is removed. */
  readonly keep?: boolean;
}

/**
 * Where rows go, whatever the format. Writes under a temporary name; only `close()` makes the
 * output visible under its final name (replacing a file there), and `abort()` removes everything written.
 */
export interface TableSink {
  /** Creates the output's tables (called once, before any write). */
  open(tables: readonly OutputTable[]): Promise<void>;
  /** Appends the rows of several tables, in the order given. */
  write(batch: TableBatch): Promise<void>;
  /**
   * Appends a part, in the order of the calls: a worker thread's batch written by this format's
   * `writePart`, or a complete output of the same format (a shard, for `merge`). The output is the
   * same as if its rows had been given to `write`. Tables of the part must have been opened.
   */
  appendPart(part: string, options?: AppendOptions): Promise<void>;
  /** Finishes: builds indexes, flushes, and moves the output to its final name. */
  close(): Promise<void>;
  /** Gives up: removes everything written; the final name is left untouched. Safe to call twice. */
  abort(): Promise<void>;
}

/** Options every sink understands. */
export interface SinkOptions {
  /** Final output path (a file, or a folder for Parquet). */
  readonly path: string;
}

/** A format: how to open its sink and how worker threads write their batches for it. */
export interface SinkFormat {
  readonly name: OutputFormat;
  /** True when the output is a folder (Parquet), false for a single file. */
  readonly folder: boolean;
  /**
   * Bytes of output per simulated person-year, measured on département 35 runs (indexes included):
   * the run's free-space pre-flight and disk-full messages estimate the space needed from it.
   */
  readonly bytesPerPersonYear: number;
  /**
   * Person-years simulated per batch (a worker's unit of work, one part file for the writer): rows in flight, and
   * memory, grow with it, while each part costs the writer a fixed amount (an ATTACH, a Parquet file per table).
   */
  readonly batchPersonYears: number;
  /**
   * Person-years a worker thread must have to simulate for it to pay (each builds its own world, about 2 s of CPU):
   * the default number of workers is one per this many person-years, and a single thread below.
   */
  readonly personYearsPerWorker: number;
  /** Opens the final output. */
  create(options: SinkOptions): TableSink;
  /**
   * Writes one batch of rows as a part under `dir` (called in worker threads; `index` is the batch
   * number, unique in the run) and returns the part's path, to be given to the sink's `appendPart`.
   */
  writePart(dir: string, index: number, tables: ReadonlyMap<string, OutputTable>, batch: TableBatch): Promise<string>;
}

/**
 * Temporary name of an output while it is written: `<out>.<pid>.partial`. The pid of the writing
 * process is in the name so that a later run can tell a dead run's leftover (removed) from a live
 * run's file (left alone).
 */
export function partialPath(out: string, pid: number = process.pid): string {
  return `${out}.${pid}.partial`;
}

import type { TableDef } from '../../snds';

/** One cell of an output row: SQLite-compatible scalar (null = absent). */
export type Cell = string | number | null;
/** A row: one cell per column, in the order of the table's columns. */
export type Row = Cell[];

/** A table to create in the output: its output name and column definitions. */
export interface OutputTable {
  /** Name in the output (PMSI tables carry their year: T_MCO19B). */
  readonly name: string;
  readonly def: TableDef;
  /** Column lists to index once all rows are written (unique indexes enforce keys). */
  readonly indexes: readonly { readonly columns: readonly string[]; readonly unique: boolean }[];
}

/**
 * Where rows go. Sinks are small factories behind this one interface (SQLite by default); a sink
 * writes under a temporary name and only `close()` makes the output visible under its final name.
 */
export interface TableSink {
  /** Creates a table (idempotent for the same name). */
  createTable(table: OutputTable): void;
  /** Appends rows to a table created before. */
  write(table: string, rows: readonly Row[]): void;
  /** Appends the rows of several tables at once (one transaction where the sink has them). */
  writeAll(rows: Iterable<readonly [string, readonly Row[]]>): void;
  /** Finishes: builds the indexes, flushes, and moves the output to its final name. */
  close(): void;
  /** Gives up: removes everything written; the final name is left untouched. */
  abort(): void;
  /**
   * Optional: appends the rows of the given tables of another SQLite file written by a sink of the
   * same kind (worker threads write their batches to such files; copying them is done in SQLite).
   */
  appendDatabase?(path: string, tables: readonly string[]): void;
}

/** Options every sink understands. */
export interface SinkOptions {
  /** Final output path. */
  readonly path: string;
  /** Skip the index builds and statistics at close (for intermediate batch files). */
  readonly intermediate?: boolean;
}

import type { OutputFormat, OutputTable } from '../exporters';

/** A plain row read back: column name → value (dates as ISO `YYYY-MM-DD` text, integers as numbers). */
export type ReadRow = Record<string, unknown>;

/**
 * Rows read back as arrays of cells (the values of ReadRow) in the order of `columns`: for reading whole tables,
 * where an object per row costs several times the read itself (ER_PRS_F has 123 columns).
 */
export interface ReadPage {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

/**
 * An snds-sim output (any format) opened read-only: its catalogue, its manifest, and SQL queries.
 * The same SQL (ANSI subset understood by SQLite and DuckDB) gives the same answers on every format.
 */
export interface SndsReader {
  readonly path: string;
  readonly format: OutputFormat;
  /** Every table of the output, sorted by name. */
  readonly tables: ReadonlySet<string>;
  /** Columns of a table, in order (empty for an unknown table). */
  columns(table: string): readonly string[];
  /**
   * Declared type of each column of a table, upper case, as the format names it (SQLite: `INTEGER`,
   * `TEXT`, `REAL`; DuckDB: `BIGINT`, `VARCHAR`, `DATE` …); empty for an unknown table.
   */
  columnTypes(table: string): ReadonlyMap<string, string>;
  /** SIM_RUN_MANIFEST as KEY → VALUE, by KEY (empty when the output has none). */
  readonly manifest: ReadonlyMap<string, string>;
  /**
   * The tables as the sink that wrote them defined them — columns with their types, indexes — in the
   * order they were created: what `merge` opens a sink of the same shape with.
   */
  outputTables(): Promise<OutputTable[]>;
  /**
   * A condition on ER_PRS_F aliased `p`, true for the lines that no ER_ETE_F line marks as billed directly by a
   * public hospital (ETE_IND_TAA 1), for readers that answer it faster than a left join on the nine keys (see
   * careLines); undefined when the reader has none, or when a key has several ER_ETE_F lines (the join is then
   * the definition).
   */
  notDirectHospitalLine?(): string | undefined;
  /**
   * A SQL expression on ER_PRS_F aliased `alias` that identifies its row, for readers that group by it faster than by
   * the nine DCIR keys; only when a unique index guarantees the nine keys identify a row (so grouping by either gives
   * the same groups). Undefined otherwise: callers group by the nine keys.
   */
  prestationRow?(alias: string): string | undefined;
  /** Every row of a query. */
  all<T extends ReadRow = ReadRow>(sql: string): Promise<T[]>;
  /**
   * Every row of `table` in storage order (the order the sink wrote them), in pages of at most `rows` rows, as
   * arrays: memory bounded whatever the table's size.
   */
  pages(table: string, rows: number): AsyncIterable<ReadPage>;
  /** First row of a query, or undefined. */
  get<T extends ReadRow = ReadRow>(sql: string): Promise<T | undefined>;
  close(): Promise<void>;
}

/** What `openOutput` knows of a path before opening it, to tell its format. */
export interface OutputProbe {
  readonly path: string;
  /** True for a folder (Parquet), false for a file. */
  readonly folder: boolean;
  /** The first bytes of a file (up to 16; empty for a folder). */
  readonly head: Buffer;
}

/** How to recognise and open one format's outputs (the read side of a `SinkFormat`). */
export interface ReaderFormat {
  readonly name: OutputFormat;
  /** True when the path holds an output of this format. */
  detect(probe: OutputProbe): boolean;
  /** Opens the output read-only (throws an InputError naming `argName` when it cannot be read). */
  open(path: string, argName: string): Promise<SndsReader>;
}

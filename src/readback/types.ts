import type { OutputFormat } from '../exporters/sinks/format';

/** A plain row read back: column name → value (dates as ISO `YYYY-MM-DD` text, integers as numbers). */
export type ReadRow = Record<string, unknown>;

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
  /** SIM_RUN_MANIFEST as KEY → VALUE (empty when the output has none). */
  readonly manifest: ReadonlyMap<string, string>;
  /** Every row of a query. */
  all<T extends ReadRow = ReadRow>(sql: string): Promise<T[]>;
  /** First row of a query, or undefined. */
  get<T extends ReadRow = ReadRow>(sql: string): Promise<T | undefined>;
  close(): Promise<void>;
}

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

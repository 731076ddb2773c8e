/**
 * Column types of the DuckDB and Parquet outputs, and the conversion of row cells to them.
 *
 * Types come from the official schema type (`ColumnDef.type`), refined by the SQLite declaration
 * (`ColumnDef.sqlType`) where the project made a deliberate choice, so that the same SQL gives the
 * same answers on every format:
 *
 * | official type | SQLite | DuckDB / Parquet | why |
 * | --- | --- | --- | --- |
 * | date, datetime (whole days) | TEXT (ISO) | DATE | analysts compare with `DATE 'YYYY-MM-DD'` literals; the rows carry ISO dates (PMSI `EXE_SOI_DTD/DTF` too), so DATE, not TIMESTAMP, keeps the same values; the "no date" 1600-01-01 is a real date |
 * | integer, boolean | INTEGER | INTEGER (≤ 9 digits) or BIGINT | DuckDB checks the width; booleans stay 0/1 as in SQLite, so `= 1` filters agree |
 * | integer declared TEXT | TEXT | VARCHAR | PMSI FINESS (`ETA_NUM`) and RSA/SEQ/RHA numbers are identifiers (leading zeros) |
 * | string declared INTEGER | INTEGER | INTEGER | PMSI return codes `*_RET` are 0/1 numbers |
 * | number | REAL | DOUBLE | amounts; never FLOAT, whose 7 digits would round cents |
 * | string, year, yearmonth, date of format `%m` | TEXT | VARCHAR | codes, `'2019'`, `'201901'`, months `'01'`: text in the SNDS and in SQLite |
 */
import type { ColumnDef } from '../../../snds';
import { quoteIdent } from '../../../snds';
import type { OutputTable } from '../Sink';

/** The DuckDB types the outputs use. */
export type DuckColumnType = 'VARCHAR' | 'DATE' | 'INTEGER' | 'BIGINT' | 'DOUBLE';

/** Largest number of decimal digits that always fits a 32-bit INTEGER. */
const INTEGER_DIGITS = 9;

/** DuckDB type of a column (see the table in this file's header). */
export function duckColumnType(c: ColumnDef): DuckColumnType {
  if (c.sqlType === 'REAL') return 'DOUBLE';
  if (c.sqlType === 'INTEGER') {
    const digits = /^\d+$/.test(c.length) ? Number(c.length) : Number.POSITIVE_INFINITY;
    return digits <= INTEGER_DIGITS ? 'INTEGER' : 'BIGINT';
  }
  if ((c.type === 'date' || c.type === 'datetime') && isFullDate(c.format)) return 'DATE';
  return 'VARCHAR';
}

/**
 * True for a date format naming a whole day (`default`, `%d%m%Y`, `%d%b%Y:%H:%M:%S`). The schemas
 * also type as `date` some month columns (`BEN_NAI_MOI`, `SOR_MOI`: format `%m`, values `'01'`…
 * `'12'`): those are codes, VARCHAR as in SQLite.
 */
function isFullDate(format: string): boolean {
  return format === 'default' || (format.includes('%d') && format.includes('%Y'));
}

/** `CREATE TABLE` of an output table with its DuckDB types (no constraint: see DuckdbSink). */
export function createTableSql(table: OutputTable): string {
  const cols = table.def.columns.map((c) => `${quoteIdent(c.name)} ${duckColumnType(c)}`).join(', ');
  return `CREATE TABLE ${quoteIdent(table.name)} (${cols})`;
}

/** A cell that cannot be stored in its column's type: a bug in the mapping that produced it. */
export class CellTypeError extends Error {
  readonly code = 'CELL_TYPE';
  constructor(table: string, column: string, type: DuckColumnType, value: string | number) {
    super(`${table}.${column}: ${JSON.stringify(value)} is not a valid ${type} value (dates are ISO YYYY-MM-DD text, integers whole numbers)`);
    this.name = 'CellTypeError';
  }
}

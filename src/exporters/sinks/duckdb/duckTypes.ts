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
import type { OutputTable, Row } from '../Sink';
import { daysFromIso, type DuckAppender } from './duckApi';

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

/**
 * Appends rows of one table through a DuckDB appender, converting each cell to its column's type
 * once per cell with a precomputed per-column kind (the appender is the hot path of a run).
 */
export class RowAppender {
  private readonly types: readonly DuckColumnType[];
  private readonly names: readonly string[];
  /** Day numbers of the dates seen: a run has a few thousand distinct dates and millions of cells. */
  private readonly days = new Map<string, number>();

  constructor(private readonly table: OutputTable) {
    this.types = table.def.columns.map(duckColumnType);
    this.names = table.def.columns.map((c) => c.name);
  }

  /** Appends `rows` with `a`; throws CellTypeError on a cell its column cannot hold. */
  append(a: DuckAppender, rows: readonly Row[]): void {
    const types = this.types;
    const n = types.length;
    for (const r of rows) {
      if (r.length !== n) throw new Error(`${this.table.name}: a row has ${r.length} cells, the table ${n} columns`);
      for (let i = 0; i < n; i++) {
        const v = r[i] as string | number | null;
        if (v === null) {
          a.null();
          continue;
        }
        switch (types[i]) {
          case 'VARCHAR':
            // SQLite's TEXT affinity stores a number as its decimal text; do the same.
            a.varchar(typeof v === 'string' ? v : String(v));
            break;
          case 'DOUBLE': {
            const x = typeof v === 'number' ? v : Number(v);
            if (!Number.isFinite(x)) throw this.bad(i, v);
            a.double(x);
            break;
          }
          case 'INTEGER': {
            const x = typeof v === 'number' ? v : Number(v);
            if (!Number.isInteger(x) || Math.abs(x) > 2147483647) throw this.bad(i, v);
            a.integer(x);
            break;
          }
          case 'BIGINT': {
            const x = typeof v === 'number' ? v : Number(v);
            if (!Number.isSafeInteger(x)) throw this.bad(i, v);
            a.bigint(BigInt(x));
            break;
          }
          case 'DATE': {
            if (typeof v !== 'string') throw this.bad(i, v);
            let d = this.days.get(v);
            if (d === undefined) {
              d = daysFromIso(v);
              if (d === undefined) throw this.bad(i, v);
              this.days.set(v, d);
            }
            a.date(d);
            break;
          }
          default:
            throw new Error(`unknown column type ${String(types[i])}`);
        }
      }
      a.endRow();
    }
  }

  private bad(i: number, v: string | number): CellTypeError {
    return new CellTypeError(this.table.name, this.names[i] as string, this.types[i] as DuckColumnType, v);
  }
}

/**
 * Appends `rows` and closes the appender; on an error (a bad cell), drops what was not flushed and
 * rethrows that error, not the appender's complaint about the row it left incomplete.
 */
export function appendAll(converter: RowAppender, a: DuckAppender, rows: readonly Row[]): void {
  try {
    converter.append(a, rows);
  } catch (e) {
    try {
      a.discard();
    } catch {
      // The first error says what is wrong; this one would only say the row is incomplete.
    }
    throw e;
  }
  a.close();
}

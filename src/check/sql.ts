/** Small helpers to build the checks' SQL text. */

import { quoteIdent } from '../snds';

export { sqlString, NO_DATE_SQL } from '../snds';

/** Quotes an SQL identifier (table or column name). */
export const q = quoteIdent;

/** `alias."col"` for each column. */
export function cols(alias: string, names: readonly string[]): string[] {
  return names.map((n) => `${alias}.${q(n)}`);
}

/** A row value `(a, b)` or a single expression `a`. */
export function tuple(exprs: readonly string[]): string {
  return exprs.length === 1 ? (exprs[0] as string) : `(${exprs.join(', ')})`;
}

/** The SQL engine that runs the checks: SQLite, or DuckDB (DuckDB files and Parquet folders). */
export type Engine = 'sqlite' | 'duckdb';

/**
 * The row number shown with an example (`alias.rowid`). DuckDB reads the outputs through views
 * (dates as text), which have no row id: the examples' own columns identify the row there.
 */
export function rowId(engine: Engine, alias: string): string {
  return engine === 'sqlite' ? `${alias}.rowid` : 'NULL';
}

/** The 1st of the month after an ISO date, as ISO text (dates are ISO text on both engines' read-back). */
export function nextMonthStart(engine: Engine, iso: string): string {
  return engine === 'sqlite'
    ? `date(${iso}, 'start of month', '+1 month')`
    : `CAST(CAST(date_trunc('month', CAST(${iso} AS DATE)) + INTERVAL 1 MONTH AS DATE) AS VARCHAR)`;
}

/**
 * True when the value is present: neither NULL nor an empty string. Compared as text, since DuckDB
 * refuses to compare a typed (INTEGER, DATE) column with `''`.
 */
export function present(expr: string): string {
  return `(${expr} IS NOT NULL AND CAST(${expr} AS TEXT) <> '')`;
}

/** The ISO date `days` days after an ISO date, as ISO text. */
export function addDays(engine: Engine, iso: string, days: number): string {
  return engine === 'sqlite' ? `date(${iso}, '+${days} days')` : `CAST(CAST(${iso} AS DATE) + INTERVAL ${days} DAY AS VARCHAR)`;
}

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

/** True when the value is present: neither NULL nor an empty string. */
export function present(expr: string): string {
  return `(${expr} IS NOT NULL AND ${expr} <> '')`;
}

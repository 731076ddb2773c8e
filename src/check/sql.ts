/** Small helpers to build the checks' SQL text. */

/** Quotes an SQL identifier (table or column name). */
export function q(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes a string literal. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

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

/** The "no date" value of the SNDS. */
export const NO_DATE_SQL = "'1600-01-01'";

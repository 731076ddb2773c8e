import type { ColumnDef, TableDef } from '../exporters';
import { duckColumnType } from '../exporters/sinks/duckdb/duckTypes';
import type { Check } from './Check';
import type { CheckContext } from './database';
import { q, rowId, sqlString, type Engine } from './sql';

/**
 * Every official column is present with its declared SQL type, and no column is foreign to the
 * official definition. Runs on the catalogue the reader read (both lists are literal rows), not on the rows.
 */
function columnsCheck(engine: Engine, table: string, def: TableDef, declared: ReadonlyMap<string, string>): Check {
  // SQLite declares the project's SQLite types; DuckDB and Parquet the DuckDB types derived from them.
  const expected = def.columns.map((c) => `(${sqlString(c.name)}, ${sqlString(engine === 'sqlite' ? c.sqlType : duckColumnType(c))})`).join(', ');
  const actual = [...declared].map(([c, t]) => `(${sqlString(c)}, ${sqlString(t.toUpperCase())})`).join(', ');
  const problems = `
    WITH expected(col, type) AS (VALUES ${expected}),
         actual(col, type) AS (${actual === '' ? 'SELECT NULL, NULL WHERE 0' : `VALUES ${actual}`})
    SELECT e.col AS "column", CASE WHEN a.col IS NULL THEN 'missing' ELSE 'declared ' || a.type || ', expected ' || e.type END AS problem
      FROM expected e LEFT JOIN actual a ON a.col = e.col
     WHERE a.col IS NULL OR a.type <> e.type
    UNION ALL
    SELECT a.col, 'not in the official definition of ' || ${sqlString(def.name)} FROM actual a WHERE a.col NOT IN (SELECT col FROM expected)`;
  return {
    id: `schema.columns.${table}`,
    description: `${table} has every column of the official ${def.name} definition, with its type, and no other`,
    tables: [table],
    countSql: `SELECT COUNT(*) AS n FROM (${problems})`,
    examplesSql: problems,
  };
}

/**
 * SQL predicate true when the value of column `c` does not fit its definition: the storage class
 * of its SQL type, and for dates, months and years the text format (ISO `YYYY-MM-DD` dates; the
 * PMSI `DDMMYYYY` dates and `YYYY-MM-DD HH:MM:SS` datetimes are accepted where the schema gives them).
 */
export function badValue(c: ColumnDef): string {
  const v = q(c.name);
  if (c.sqlType === 'INTEGER') return `typeof(${v}) NOT IN ('integer', 'null')`;
  if (c.sqlType === 'REAL') return `typeof(${v}) NOT IN ('real', 'integer', 'null')`;
  const format = badFormat(c);
  const storage = `typeof(${v}) NOT IN ('text', 'null')`;
  return format === undefined ? storage : `(${storage} OR (${v} IS NOT NULL AND ${format}))`;
}

/** SQL predicate true when a text value of column `c` is not in its format (dates, months, years); undefined for plain text. */
function badFormat(c: ColumnDef): string | undefined {
  const v = q(c.name);
  let format: string | undefined;
  if (c.type === 'date' && c.format === '%m') format = `NOT (${v} GLOB '[01][0-9]')`;
  else if (c.type === 'date' && c.format === '%d%m%Y')
    format = `date(${v}) IS NOT ${v} AND NOT (${v} GLOB '[0-3][0-9][01][0-9][0-9][0-9][0-9][0-9]' AND date(substr(${v}, 5, 4) || '-' || substr(${v}, 3, 2) || '-' || substr(${v}, 1, 2)) IS substr(${v}, 5, 4) || '-' || substr(${v}, 3, 2) || '-' || substr(${v}, 1, 2))`;
  else if (c.type === 'date') format = `date(${v}) IS NOT ${v}`;
  else if (c.type === 'datetime') format = `date(${v}) IS NOT substr(${v}, 1, 10)`;
  else if (c.type === 'year') format = `NOT (${v} GLOB '[0-9][0-9][0-9][0-9]')`;
  else if (c.type === 'yearmonth') format = `NOT (${v} GLOB '[0-9][0-9][0-9][0-9][01][0-9]')`;
  return format;
}

/**
 * Every value has the storage class of its column's official type, and dates are well formed.
 * Counts the rows holding at least one bad value, in one scan; the examples name the row and its
 * bad columns. Plain text columns are not scanned: with their declared TEXT type (checked by
 * `schema.columns`) SQLite stores any number written to them as text, so only their declaration
 * can be wrong.
 */
function valuesCheck(engine: Engine, table: string, def: TableDef, present: readonly string[]): Check | undefined {
  const have = new Set(present);
  // DuckDB columns are typed (DATE, INTEGER …): only the formats of text columns (years, months) can be wrong.
  const checked = def.columns.filter((c) => have.has(c.name) && !(c.sqlType === 'TEXT' && c.type === 'string') && (engine === 'sqlite' || (duckColumnType(c) === 'VARCHAR' && badFormat(c) !== undefined)));
  if (checked.length === 0) return undefined;
  const preds = checked.map((c) => ({ c, p: engine === 'sqlite' ? badValue(c) : `(${q(c.name)} IS NOT NULL AND ${badFormat(c) as string})` }));
  const anyBad = preds.map(({ p }) => `(${p})`).join(' OR ');
  const label = (c: ColumnDef): string => `${c.name} (${c.sqlType === 'TEXT' ? c.type : c.sqlType})=`;
  const which = preds.map(({ c, p }) => `(CASE WHEN ${p} THEN ${sqlString(label(c))} || quote(${q(c.name)}) || ' ' ELSE '' END)`).join(' || ');
  return {
    id: `schema.values.${table}`,
    description: `every value of ${table} has the type of its column (integers, reals, ISO dates, years, months)`,
    tables: [table],
    countSql: `SELECT COUNT(*) AS n FROM ${q(table)} WHERE ${anyBad}`,
    examplesSql: `SELECT ${rowId(engine, 't')} AS "row", rtrim(${which}) AS bad FROM ${q(table)} t WHERE ${anyBad}`,
  };
}

/**
 * The official primary key is unique and never NULL. Counts the key values held by more than one
 * row or with a NULL part (one grouped scan, served by the unique index when there is one).
 */
function primaryKeyCheck(table: string, def: TableDef): Check {
  const k = def.primaryKey.map(q);
  const anyNull = k.map((c) => `${c} IS NULL`).join(' OR ');
  const groups = `SELECT ${k.join(', ')}, COUNT(*) AS copies FROM ${q(table)} GROUP BY ${k.join(', ')} HAVING COUNT(*) > 1 OR MAX(${anyNull})`;
  return {
    id: `pk.${table}`,
    description: `the primary key of ${table} (${def.primaryKey.join(', ')}) is unique and never NULL`,
    tables: [table],
    countSql: `SELECT COUNT(*) AS n FROM (${groups})`,
    examplesSql: groups,
  };
}

/** Schema checks (columns, value types, primary keys) of every table with an official definition. */
export function schemaChecks(ctx: CheckContext): Check[] {
  const out: Check[] = [];
  for (const [table, def] of ctx.official) {
    out.push(columnsCheck(ctx.engine, table, def, ctx.columnTypes.get(table) ?? new Map<string, string>()));
    const values = valuesCheck(ctx.engine, table, def, ctx.columns.get(table) ?? []);
    if (values !== undefined) out.push(values);
    if (def.primaryKey.length > 0) out.push(primaryKeyCheck(table, def));
  }
  return out;
}

import { DISCLAIMER_TABLE, MANIFEST_TABLE, simTable, TABLES, TRUTH_TABLES, type ColumnDef, type TableDef } from '../exporters';

/** A yearly PMSI table name, e.g. `T_MCO19B`, split into its template (`T_MCOaaB`) and 2-digit year. */
export function pmsiTemplate(name: string): { template: string; yy: string } | undefined {
  const m = /^(T_[A-Z]+?)(\d\d)([A-Z]+)$/.exec(name);
  if (m === null) return undefined;
  const template = `${m[1]}aa${m[3]}`;
  return Object.prototype.hasOwnProperty.call(TABLES, template) ? { template, yy: m[2] as string } : undefined;
}

/** Definitions of the tables snds-sim adds to every output (manifest, disclaimer). */
const SIM_TABLES: Readonly<Record<string, TableDef>> = {
  [MANIFEST_TABLE.name]: MANIFEST_TABLE.def,
  [DISCLAIMER_TABLE.name]: DISCLAIMER_TABLE.def,
};

/** Official definition of a table (PMSI `T_MCOyyX` → `T_MCOaaX`; the manifest and the disclaimer), or undefined. */
export function officialDef(name: string): TableDef | undefined {
  if (Object.prototype.hasOwnProperty.call(TABLES, name)) return TABLES[name];
  if (Object.prototype.hasOwnProperty.call(SIM_TABLES, name)) return SIM_TABLES[name];
  const p = pmsiTemplate(name);
  return p === undefined ? undefined : TABLES[p.template];
}

/** The SQLite declaration and schema type a declared column type (SQLite's or DuckDB's) stands for. */
function columnOf(declared: string): { sqlType: ColumnDef['sqlType']; type: ColumnDef['type'] } {
  switch (declared) {
    case 'INTEGER':
    case 'BIGINT':
      return { sqlType: 'INTEGER', type: 'integer' };
    case 'REAL':
    case 'DOUBLE':
      return { sqlType: 'REAL', type: 'number' };
    case 'DATE':
      return { sqlType: 'TEXT', type: 'date' };
    default:
      return { sqlType: 'TEXT', type: 'string' };
  }
}

/**
 * The definition a sink wrote a table with, from its name and its declared columns (name → SQL type):
 * the official or snds-sim definition when its columns are exactly those, else one made of the declared
 * columns (a table another tool added). The official one carries what other formats need (dates).
 */
export function definitionOf(
  name: string,
  declared: readonly (readonly [string, string])[],
  /** The type a format declares a column of a definition with (SQLite: its `sqlType`). */
  typeOf: (c: ColumnDef) => string = (c) => c.sqlType,
): TableDef {
  const known = officialDef(name) ?? TRUTH_TABLES.find((t) => t.name === name)?.def;
  const same = (d: TableDef): boolean =>
    d.columns.length === declared.length && d.columns.every((c, i) => c.name === declared[i]?.[0] && typeOf(c) === declared[i]?.[1]);
  if (known !== undefined && same(known)) return known;
  const columns = declared.map(([n, t]): ColumnDef => ({ name: n, ...columnOf(t), length: '', format: 'default', description: '', nomenclature: '-' }));
  return simTable(name, name, columns, []);
}

/**
 * SNDS table definitions (generated from the official schemas) and nomenclatures.
 */
import { TABLES, type TableDef } from './tables.generated';
import { SchemaError } from './errors';

export type { SchemaType, SqlType, ColumnDef, ForeignKeyDef, TableDef } from './tables.generated';
export { TABLES } from './tables.generated';
export { SchemaError, type SchemaErrorCode } from './errors';
export { readNomenclature, findNomenclatureFile, NOMENCLATURES_DIR, type Nomenclature } from './nomenclature';

/**
 * Definition of table `name` as named in the official schemas (PMSI tables with their `aa`
 * placeholder, e.g. `T_MCOaaB`). Throws SchemaError SCHEMA_UNKNOWN_TABLE for an unknown name.
 */
export function tableDef(name: string): TableDef {
  const def = Object.prototype.hasOwnProperty.call(TABLES, name) ? TABLES[name] : undefined;
  if (def === undefined) {
    const hint = /^T_[A-Z]+\d\d/.test(name) ? ' (PMSI tables are named with "aa", e.g. T_MCOaaB)' : '';
    throw new SchemaError(
      'SCHEMA_UNKNOWN_TABLE',
      `unknown SNDS table "${name}"${hint}; known tables: ${Object.keys(TABLES).join(', ')}. ` +
        'To add one, copy its schema into data/raw/snds_schemas/ and run npm run codegen.',
    );
  }
  return def;
}

/**
 * Name of a yearly PMSI table: the `aa` of the template replaced by the 2-digit year
 * (`pmsiTableName('T_MCOaaB', 2019)` → `'T_MCO19B'`).
 */
export function pmsiTableName(template: string, year: number): string {
  const m = /^(T_[A-Z0-9]+?)aa([A-Z0-9_]*)$/.exec(template);
  if (m === null) {
    throw new SchemaError(
      'SCHEMA_BAD_PMSI_TEMPLATE',
      `"${template}" is not a PMSI table template: expected T_<product>aa<suffix>, e.g. T_MCOaaB`,
    );
  }
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new SchemaError('SCHEMA_BAD_PMSI_TEMPLATE', `year ${year} must be a 4-digit integer (e.g. 2019)`);
  }
  const yy = String(year % 100).padStart(2, '0');
  return `${m[1]}${yy}${m[2]}`;
}
export { DCIR_DETAIL_TABLES, DCIR_INDEX_KEYS, DCIR_KEYS, DCIR_JOIN, NO_DATE, NO_DATE_SQL, quoteIdent, sqlString, type DcirKeyName } from './conventions';

/**
 * `npm run codegen`: generates `src/snds/tables.generated.ts` (the SNDS table
 * definitions) from the official Table Schema JSON copied in `data/raw/snds_schemas/`.
 *
 * Usage: node dist/scripts/codegen-tables.js [--check]
 *   --check  write nothing; exit 1 when the committed file differs from what would be generated.
 *
 * The output is a pure function of the JSON files (sorted traversal, no dates), so the same input
 * gives the same bytes; a test compares the committed file with `generateTablesSource()`.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { repoRoot } from '../src/util/paths';
import { SchemaError } from '../src/snds/errors';

/** Folder (relative to the repository root) holding the copied JSON schemas. */
export const SCHEMAS_DIR = join('data', 'raw', 'snds_schemas');
/** Generated file (relative to the repository root). */
export const GENERATED_FILE = join('src', 'snds', 'tables.generated.ts');

const SCHEMA_TYPES = ['string', 'integer', 'number', 'boolean', 'date', 'year', 'yearmonth', 'datetime'] as const;
type SchemaType = (typeof SCHEMA_TYPES)[number];
type SqlType = 'TEXT' | 'INTEGER' | 'REAL';

/** Identifiers stored as TEXT in every PMSI table, whatever the JSON says (DESIGN.md). */
const PMSI_TEXT_COLUMNS: ReadonlySet<string> = new Set(['ETA_NUM', 'RSA_NUM', 'SEQ_NUM', 'RHA_NUM']);

interface GenColumn {
  name: string;
  type: SchemaType;
  sqlType: SqlType;
  length: string;
  format: string;
  description: string;
  nomenclature: string;
}
interface GenForeignKey {
  fields: string[];
  table: string;
  refFields: string[];
}
interface GenTable {
  name: string;
  title: string;
  product: string;
  source: string;
  columns: GenColumn[];
  primaryKey: string[];
  foreignKeys: GenForeignKey[];
}

/** Plain code-unit order: unlike localeCompare, independent of the machine's locale. */
function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every `*.json` below `dir`, as paths relative to `dir` with `/` separators, sorted. */
function listJson(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  const entries = readdirSync(join(dir, prefix), { withFileTypes: true })
    .map((e) => ({ name: e.name, isDir: e.isDirectory() }))
    .sort((a, b) => byCodeUnit(a.name, b.name));
  for (const e of entries) {
    const rel = prefix === '' ? e.name : `${prefix}/${e.name}`;
    if (e.isDir) out.push(...listJson(dir, rel));
    else if (e.name.endsWith('.json')) out.push(rel);
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Trims and collapses runs of white space (including line breaks) into one space. */
function clean(v: unknown): string {
  return typeof v === 'string' ? v.replace(/\s+/g, ' ').trim() : '';
}

/** `primaryKey` / `foreignKeys[].fields` may be a string or an array of strings in Table Schema. */
function toNameList(v: unknown, where: string): string[] {
  if (v === undefined) return [];
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x): x is string => typeof x === 'string')) return [...v];
  throw new SchemaError('SCHEMA_INVALID_SOURCE', `${where}: expected a field name or a list of field names`);
}

function isSchemaType(v: unknown): v is SchemaType {
  return typeof v === 'string' && (SCHEMA_TYPES as readonly string[]).includes(v);
}

/**
 * SQL storage type: integer and boolean → INTEGER, number → REAL, everything else → TEXT; then
 * the SNDS rules: PMSI identifiers ETA_NUM/RSA_NUM/SEQ_NUM/RHA_NUM are TEXT, `*_RET` are INTEGER.
 */
export function sqlTypeOf(type: SchemaType, column: string, isPmsi: boolean): SqlType {
  if (isPmsi && PMSI_TEXT_COLUMNS.has(column)) return 'TEXT';
  if (column.endsWith('_RET')) return 'INTEGER';
  if (type === 'integer' || type === 'boolean') return 'INTEGER';
  if (type === 'number') return 'REAL';
  return 'TEXT';
}

/** Reads and normalises one schema file (`rel` relative to the schemas folder). */
function readTable(schemasDir: string, rel: string): GenTable {
  const where = `${SCHEMAS_DIR.split(sep).join('/')}/${rel}`;
  const json: unknown = JSON.parse(readFileSync(join(schemasDir, rel), 'utf8'));
  if (!isRecord(json) || !Array.isArray(json.fields)) {
    throw new SchemaError('SCHEMA_INVALID_SOURCE', `${where}: not a Table Schema (no "fields" list)`);
  }
  const name = clean(json.name);
  if (name !== basename(rel, '.json')) {
    throw new SchemaError('SCHEMA_INVALID_SOURCE', `${where}: "name" is "${name}", expected the file name`);
  }
  const parts = rel.split('/');
  // Schemas carry their SNDS product in "produit"; nomenclature schemas do not, so use their folder.
  const product = clean(json.produit) || (parts[0] === 'nomenclatures' ? `Nomenclatures ${parts[1] ?? ''}`.trim() : '');
  const isPmsi = product.startsWith('PMSI');
  const columns: GenColumn[] = json.fields.map((f: unknown, i: number): GenColumn => {
    if (!isRecord(f) || typeof f.name !== 'string') {
      throw new SchemaError('SCHEMA_INVALID_SOURCE', `${where}: field #${i + 1} has no name`);
    }
    const colName = f.name.trim();
    if (!isSchemaType(f.type)) {
      throw new SchemaError('SCHEMA_INVALID_SOURCE', `${where}: field ${colName} has unsupported type ${String(f.type)}`);
    }
    return {
      name: colName,
      type: f.type,
      sqlType: sqlTypeOf(f.type, colName, isPmsi),
      length: clean(f.length),
      format: clean(f.format),
      description: clean(f.description),
      nomenclature: clean(f.nomenclature),
    };
  });
  const colNames = new Set(columns.map((c) => c.name));
  if (colNames.size !== columns.length) {
    throw new SchemaError('SCHEMA_INVALID_SOURCE', `${where}: duplicate field names`);
  }
  const primaryKey = toNameList(json.primaryKey, `${where} primaryKey`);
  for (const k of primaryKey) {
    if (!colNames.has(k)) throw new SchemaError('SCHEMA_INVALID_SOURCE', `${where}: primary key ${k} is not a field`);
  }
  if (json.foreignKeys !== undefined && !Array.isArray(json.foreignKeys)) {
    throw new SchemaError('SCHEMA_INVALID_SOURCE', `${where}: "foreignKeys" is not a list`);
  }
  const rawFks: unknown[] = json.foreignKeys ?? [];
  const foreignKeys = rawFks.map((fk: unknown, i: number): GenForeignKey => {
    const w = `${where} foreignKeys[${i}]`;
    if (!isRecord(fk) || !isRecord(fk.reference) || typeof fk.reference.resource !== 'string') {
      throw new SchemaError('SCHEMA_INVALID_SOURCE', `${w}: expected { fields, reference: { resource, fields } }`);
    }
    const fields = toNameList(fk.fields, w);
    const refFields = toNameList(fk.reference.fields, `${w}.reference`);
    if (fields.length !== refFields.length) {
      throw new SchemaError('SCHEMA_INVALID_SOURCE', `${w}: ${fields.length} fields but ${refFields.length} referenced`);
    }
    for (const k of fields) {
      if (!colNames.has(k)) throw new SchemaError('SCHEMA_INVALID_SOURCE', `${w}: ${k} is not a field`);
    }
    return { fields, table: fk.reference.resource.trim(), refFields };
  });
  return { name, title: clean(json.title), product, source: rel, columns, primaryKey, foreignKeys };
}

/** Single-quoted TypeScript string literal. */
function q(s: string): string {
  const body = s
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `'${body}'`;
}

function list(xs: readonly string[]): string {
  return `[${xs.map(q).join(', ')}]`;
}

/**
 * SNDS tables with no schema of their own that have, by the SNDS documentation, exactly the columns of
 * another: IR_BEN_R_ARC, the archived beneficiary referential (the couples {BEN_NIR_PSA; BEN_RNG_GEM}
 * without any reimbursement since 1 January 2013; Documentation SNDS, guide CépiDc, annex 2), read
 * with IR_BEN_R by analysts (sndsTools `retrieve_all_psa_from_idt(check_arc = TRUE)`).
 */
export const COPIED_TABLES: readonly { readonly name: string; readonly of: string; readonly title: string }[] = [
  { name: 'IR_BEN_R_ARC', of: 'IR_BEN_R', title: 'Référentiel des bénéficiaires archivé (colonnes de IR_BEN_R)' },
];

/** Reads every schema of `root/data/raw/snds_schemas` (and the copies of COPIED_TABLES) sorted by table name. */
export function readTables(root: string = repoRoot()): GenTable[] {
  const dir = join(root, SCHEMAS_DIR);
  const tables = listJson(dir).map((rel) => readTable(dir, rel));
  for (const c of COPIED_TABLES) {
    const of = tables.find((t) => t.name === c.of);
    if (of === undefined) throw new SchemaError('SCHEMA_INVALID_SOURCE', `table ${c.name} is a copy of ${c.of}, which has no schema in ${SCHEMAS_DIR}`);
    tables.push({ ...of, name: c.name, title: c.title });
  }
  tables.sort((a, b) => byCodeUnit(a.name, b.name));
  for (let i = 1; i < tables.length; i++) {
    if (tables[i]!.name === tables[i - 1]!.name) {
      throw new SchemaError('SCHEMA_INVALID_SOURCE', `table ${tables[i]!.name} is defined twice in ${SCHEMAS_DIR}`);
    }
  }
  return tables;
}

/** Text of `src/snds/tables.generated.ts` for the schemas under `root`. */
export function generateTablesSource(root: string = repoRoot()): string {
  const tables = readTables(root);
  const L: string[] = [];
  L.push('// GENERATED FILE — DO NOT EDIT. Regenerate with `npm run codegen` (scripts/codegen-tables.ts).');
  L.push('//');
  L.push('// Source: the official SNDS table definitions (Table Schema JSON) of the Health Data Hub');
  L.push('// repository `schema-snds` (MPL-2.0), copied in data/raw/snds_schemas/ (see its README.md).');
  L.push('// SQL types: integer/boolean → INTEGER, number → REAL, other types → TEXT; in PMSI tables');
  L.push('// ETA_NUM, RSA_NUM, SEQ_NUM, RHA_NUM are TEXT; columns ending in _RET are INTEGER.');
  L.push('');
  L.push("export type SchemaType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'year' | 'yearmonth' | 'datetime';");
  L.push("export type SqlType = 'TEXT' | 'INTEGER' | 'REAL';");
  L.push('');
  L.push('/** One column, in the order of the official schema. */');
  L.push('export interface ColumnDef {');
  L.push('  readonly name: string;');
  L.push('  readonly type: SchemaType;');
  L.push('  readonly sqlType: SqlType;');
  L.push('  readonly length: string;');
  L.push('  readonly format: string;');
  L.push('  readonly description: string;');
  L.push('  readonly nomenclature: string;');
  L.push('}');
  L.push('');
  L.push('/** A foreign key: `fields` of this table reference `refFields` of `table`. */');
  L.push('export interface ForeignKeyDef {');
  L.push('  readonly fields: readonly string[];');
  L.push('  readonly table: string;');
  L.push('  readonly refFields: readonly string[];');
  L.push('}');
  L.push('');
  L.push('/** One SNDS table (PMSI tables keep the `aa` year placeholder, e.g. T_MCOaaB). */');
  L.push('export interface TableDef {');
  L.push('  readonly name: string;');
  L.push('  readonly title: string;');
  L.push('  readonly product: string;');
  L.push('  readonly columns: readonly ColumnDef[];');
  L.push('  readonly primaryKey: readonly string[];');
  L.push('  readonly foreignKeys: readonly ForeignKeyDef[];');
  L.push('}');
  L.push('');
  L.push('/** Every table definition, keyed by the schema name. */');
  L.push('export const TABLES: Readonly<Record<string, TableDef>> = {');
  for (const t of tables) {
    L.push(`  // data/raw/snds_schemas/${t.source} — ${t.columns.length} columns`);
    L.push(`  ${t.name}: {`);
    L.push(`    name: ${q(t.name)},`);
    L.push(`    title: ${q(t.title)},`);
    L.push(`    product: ${q(t.product)},`);
    L.push('    columns: [');
    for (const c of t.columns) {
      L.push(
        `      { name: ${q(c.name)}, type: ${q(c.type)}, sqlType: ${q(c.sqlType)}, length: ${q(c.length)}, ` +
          `format: ${q(c.format)}, description: ${q(c.description)}, nomenclature: ${q(c.nomenclature)} },`,
      );
    }
    L.push('    ],');
    L.push(`    primaryKey: ${list(t.primaryKey)},`);
    if (t.foreignKeys.length === 0) {
      L.push('    foreignKeys: [],');
    } else {
      L.push('    foreignKeys: [');
      for (const fk of t.foreignKeys) {
        L.push(`      { fields: ${list(fk.fields)}, table: ${q(fk.table)}, refFields: ${list(fk.refFields)} },`);
      }
      L.push('    ],');
    }
    L.push('  },');
  }
  L.push('};');
  return L.join('\n') + '\n';
}

if (require.main === module) {
  const root = repoRoot();
  const target = join(root, GENERATED_FILE);
  const text = generateTablesSource(root);
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      current = '';
    }
    if (current !== text) {
      process.stderr.write(`${relative(root, target)} is out of date: run npm run codegen\n`);
      process.exit(1);
    }
    process.stdout.write(`${relative(root, target)} is up to date\n`);
  } else {
    writeFileSync(target, text);
    process.stdout.write(`wrote ${relative(root, target)}\n`);
  }
}

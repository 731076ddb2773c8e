import { DCIR_KEYS, type TableDef } from '../exporters';
import { DCIR_DETAIL_TABLES, DCIR_INDEX_KEYS } from '../snds';

/** A foreign key of an official definition. */
type ForeignKeyDef = TableDef['foreignKeys'][number];
import type { Check } from './Check';
import { pmsiTables, pmsiTemplate, type CheckContext } from './database';
import { cols, present, q, tuple, rowId, type Engine } from './sql';

/** DCIR tables whose lines detail one ER_PRS_F line. */
export { DCIR_DETAIL_TABLES };

/** Columns whose NULL is itself a violation when they reference another table (person and stay identifiers). */
const REQUIRED = new Set<string>(['BEN_NIR_PSA', 'BEN_RNG_GEM', 'NIR_ANO_17', 'ETA_NUM', 'RSA_NUM', 'SEQ_NUM', ...DCIR_KEYS]);

/** Database name of the table a foreign key of `table` references (PMSI: same year). */
function referencedTable(table: string, ref: string): string {
  const p = pmsiTemplate(table);
  const r = /^(T_[A-Z]+?)aa([A-Z]+)$/.exec(ref);
  return p !== undefined && r !== null ? `${r[1]}${p.yy}${r[2]}` : ref;
}

/**
 * Rows of `table` whose `fields` do not resolve in `ref.refFields`. The referenced keys are read
 * once into a temporary B-tree (`NOT IN (SELECT …)`), so the check is n·log m with or without an
 * index. Rows with an absent value (NULL or '') are skipped, unless the column is a person or stay
 * identifier, which must always be present.
 */
function foreignKeyCheck(engine: Engine, table: string, fk: ForeignKeyDef, refTable: string, id: string, description: string, refFilter = ''): Check {
  const f = cols('t', fk.fields);
  const r = cols('r', fk.refFields);
  const required = fk.fields.filter((c) => REQUIRED.has(c)).map((c) => `t.${q(c)} IS NULL`);
  const allPresent = f.map(present).join(' AND ');
  const refsPresent = r.map((c) => `${c} IS NOT NULL`).join(' AND ');
  const where = `${required.length > 0 ? `${required.join(' OR ')} OR ` : ''}(${allPresent} AND ${tuple(f)} NOT IN (SELECT ${r.join(', ')} FROM ${q(refTable)} r WHERE ${refsPresent}${refFilter}))`;
  return {
    id,
    description,
    tables: [table, refTable],
    countSql: `SELECT COUNT(*) AS n FROM ${q(table)} t WHERE ${where}`,
    examplesSql: `SELECT ${rowId(engine, 't')} AS "row", ${f.map((c, i) => `${c} AS ${q(fk.fields[i] as string)}`).join(', ')} FROM ${q(table)} t WHERE ${where}`,
  };
}

/**
 * Foreign keys: the official ones of every table present (PMSI tables within their year), every
 * DCIR detail line joining exactly one ER_PRS_F line on the nine keys, and every stay's B row
 * having its C row (the official key gives C → B).
 */
export function keyChecks(ctx: CheckContext): Check[] {
  const out: Check[] = [];
  for (const [table, def] of ctx.official) {
    for (const fk of def.foreignKeys) {
      if (fk.table === 'ER_PRS_F' && (DCIR_DETAIL_TABLES as readonly string[]).includes(def.name)) continue; // stricter check below
      const ref = referencedTable(table, fk.table);
      out.push(
        foreignKeyCheck(ctx.engine, table, fk, ref, `fk.${table}.${fk.fields.join('+')}`, `every ${table}.${fk.fields.join(' + ')} resolves in ${ref}.${fk.refFields.join(' + ')}`),
      );
    }
  }
  // The keys in the order of snds-sim's index on them (ER_PRS_F_UK1): SQLite then groups ER_PRS_F by walking that index
  // instead of sorting it for every detail table (on 20 000 persons × 1 year, ER_PHA_F's check took 7.3 s with the keys
  // in the documentation's order). Any order gives the same lines.
  const nine = { fields: [...DCIR_INDEX_KEYS], table: 'ER_PRS_F', refFields: [...DCIR_INDEX_KEYS] };
  const groupedOnce = ` GROUP BY ${cols('r', DCIR_INDEX_KEYS).join(', ')} HAVING COUNT(*) = 1`;
  for (const d of DCIR_DETAIL_TABLES) {
    out.push(foreignKeyCheck(ctx.engine, d, nine, 'ER_PRS_F', `fk.dcir.${d}`, `every ${d} line joins exactly one ER_PRS_F line on the nine DCIR keys`, groupedOnce));
  }
  const bTables = pmsiTables(ctx, 'T_MCOaaB');
  for (const b of bTables.length > 0 ? bTables : ['T_MCOyyB']) {
    const c = b.replace(/B$/, 'C');
    const stay = { fields: ['ETA_NUM', 'RSA_NUM'], table: c, refFields: ['ETA_NUM', 'RSA_NUM'] };
    out.push(foreignKeyCheck(ctx.engine, b, stay, c, `fk.stay.${b}`, `every stay of ${b} has its ${c} row (ETA_NUM + RSA_NUM)`));
  }
  // Hospital outpatient care: every bill and detail row of a passage has its patient row (T_MCOyyCSTC).
  for (const t of ['T_MCOaaFASTC', 'T_MCOaaFBSTC', 'T_MCOaaFCSTC', 'T_MCOaaFMSTC', 'T_MCOaaFLSTC']) {
    for (const table of pmsiTables(ctx, t)) {
      const cstc = table.replace(/F[A-Z]STC$/, 'CSTC');
      const passage = { fields: ['ETA_NUM', 'SEQ_NUM'], table: cstc, refFields: ['ETA_NUM', 'SEQ_NUM'] };
      out.push(foreignKeyCheck(ctx.engine, table, passage, cstc, `fk.ace.${table}`, `every ${table} row has its passage's ${cstc} patient row (ETA_NUM + SEQ_NUM)`));
    }
  }
  return out;
}

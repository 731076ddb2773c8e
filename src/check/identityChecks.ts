import type { Check } from './Check';
import type { CheckContext } from './database';
import { rowId } from './sql';

/** Rows of `from` whose BEN_IDT_ANO has more than one sex, birth year or birth month in `from`. */
function onePersonPerIdt(ctx: CheckContext, from: string, tables: string[], id: string, description: string): Check {
  const bad = `SELECT BEN_IDT_ANO FROM ${from} b WHERE BEN_IDT_ANO IS NOT NULL GROUP BY BEN_IDT_ANO
     HAVING COUNT(DISTINCT BEN_SEX_COD) > 1 OR COUNT(DISTINCT BEN_NAI_ANN) > 1 OR COUNT(DISTINCT COALESCE(BEN_NAI_MOI, '')) > 1`;
  const examples = `SELECT ${rowId(ctx.engine, 't')} AS "row", t.BEN_IDT_ANO, t.BEN_NIR_PSA, t.BEN_RNG_GEM, t.BEN_SEX_COD, t.BEN_NAI_ANN, t.BEN_NAI_MOI
     FROM IR_BEN_R t WHERE t.BEN_IDT_ANO IN (${bad})`;
  return { id, description, tables, countSql: `SELECT COUNT(*) AS n FROM (${bad})`, examplesSql: examples };
}

/**
 * Beneficiary identifiers: BEN_IDT_ANO names one person, so all the couples {BEN_NIR_PSA; BEN_RNG_GEM}
 * it links (IR_BEN_R, and IR_BEN_R_ARC when present) share one sex and one birth year and month.
 */
export function identityChecks(ctx: CheckContext): Check[] {
  const both = `(SELECT BEN_IDT_ANO, BEN_SEX_COD, BEN_NAI_ANN, BEN_NAI_MOI FROM IR_BEN_R UNION ALL SELECT BEN_IDT_ANO, BEN_SEX_COD, BEN_NAI_ANN, BEN_NAI_MOI FROM IR_BEN_R_ARC)`;
  return [
    onePersonPerIdt(ctx, 'IR_BEN_R', ['IR_BEN_R'], 'identity.one-person-per-idt.IR_BEN_R', 'every BEN_IDT_ANO of IR_BEN_R has one sex and one birth year and month (one person)'),
    onePersonPerIdt(ctx, both, ['IR_BEN_R', 'IR_BEN_R_ARC'], 'identity.one-person-per-idt.IR_BEN_R_ARC', 'every BEN_IDT_ANO of IR_BEN_R and IR_BEN_R_ARC together has one sex and one birth year and month (one person)'),
  ];
}

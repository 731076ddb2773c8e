import { DCIR_KEYS } from '../snds';
import type { SndsReader } from './types';

/**
 * The ER_PRS_F lines of the care itself, filtered as analysts filter them, for the SQL of `report` and
 * `calibrate`: `from` names ER_PRS_F as `p` (left-joined to ER_ETE_F as `e` on the nine keys when the table is
 * there and the reader has no faster filter of its own, see SndsReader.notDirectHospitalLine: callers use `p`
 * only), `where` drops information lines (DPN_QLF 71), supplement lines (CPL_MAJ_TOP 2) and the outpatient care
 * of public hospitals billed directly (ETE_IND_TAA 1: counted in the PMSI). Regularisations stay: sum PRS_ACT_QTE so
 * that a cancellation nets its line. Columns a database lacks are not filtered on (any SNDS-shaped database).
 */
export interface CareLines {
  readonly from: string;
  readonly where: string;
  /** The filters in words, for the notes of a comparison. */
  readonly described: string;
}

export function careLines(reader: Pick<SndsReader, 'tables' | 'columns' | 'notDirectHospitalLine'>): CareLines {
  const prs = new Set(reader.columns('ER_PRS_F'));
  const ete = reader.tables.has('ER_ETE_F') ? new Set(reader.columns('ER_ETE_F')) : new Set<string>();
  const withEte = ete.has('ETE_IND_TAA') && DCIR_KEYS.every((k) => ete.has(k) && prs.has(k));
  const where: string[] = [];
  const words: string[] = [];
  if (prs.has('DPN_QLF')) {
    where.push('COALESCE(p.DPN_QLF, 0) <> 71');
    words.push('DPN_QLF ≠ 71');
  }
  if (prs.has('CPL_MAJ_TOP')) {
    where.push('COALESCE(p.CPL_MAJ_TOP, 0) < 2');
    words.push('CPL_MAJ_TOP < 2');
  }
  // The reader's own form of the ER_ETE_F filter, when it has a faster one than the join (same lines).
  const fast = withEte ? reader.notDirectHospitalLine?.() : undefined;
  if (withEte) {
    where.push(fast ?? '(e.ETE_IND_TAA IS NULL OR e.ETE_IND_TAA <> 1)');
    words.push('ER_ETE_F.ETE_IND_TAA ≠ 1 or absent');
  }
  return {
    from: withEte && fast === undefined ? `ER_PRS_F p LEFT JOIN ER_ETE_F e ON ${DCIR_KEYS.map((k) => `e.${k} = p.${k}`).join(' AND ')}` : 'ER_PRS_F p',
    where: where.length > 0 ? where.join(' AND ') : '1 = 1',
    described: words.length > 0 ? `${words.join(', ')} (information, supplement and directly billed hospital lines out; regularisations net)` : 'every line',
  };
}

/** Natures of GP consultations (IR_NAT_V 1111 C, 1110 G). Midwives bill C too: a GP consultation is also billed by a GP. */
export const GP_CONSULTATION_NATURES: readonly number[] = [1110, 1111];
/** Executant specialties of general practice (PSE_SPE_COD 1, 22, 23). */
export const GP_SPECIALTIES: readonly number[] = [1, 22, 23];

/** SQL condition of a GP consultation line of ER_PRS_F (aliased `alias`): nature C or G billed by a general practitioner. */
export function gpConsultationSql(alias = 'p.'): string {
  return `${alias}PRS_NAT_REF IN (${GP_CONSULTATION_NATURES.join(', ')}) AND ${alias}PSE_SPE_COD IN (${GP_SPECIALTIES.join(', ')})`;
}

/** The condition in words, for the report's notes. */
export const GP_CONSULTATION_DESCRIBED = `natures ${GP_CONSULTATION_NATURES.join(', ')} (C, G) billed by a GP (PSE_SPE_COD ${GP_SPECIALTIES.join(', ')})`;

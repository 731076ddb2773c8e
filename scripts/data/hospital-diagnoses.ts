/**
 * Main-diagnosis (DP) weights for MCO stays by stay type, with sex/age restrictions.
 * See data/sources/40-hospital.md, section "mco_diagnoses.csv.gz".
 */
import { type BuildContext, type Cell, readRawRows, writeTable } from './lib';
import { OPEN_AGE_MAX } from './hospital-stays';

const CIM_COUNTS = 'scansante_pmsi_medtraj/cimcounts_all.csv';
const IR_CIM_V = 'snds_nomenclatures/ORAVAL/IR_CIM_V.csv.gz';

/** A restriction: ICD-10 code prefixes (3-char categories or longer) → allowed sex and ages. */
export interface CimRestriction {
  readonly prefixes: readonly string[];
  /** 0 = both sexes, 1 = men, 2 = women. */
  readonly sex: 0 | 1 | 2;
  readonly ageMin: number;
  readonly ageMax: number;
  readonly why: string;
}

/** Expands "N70-N98" style category ranges (same letter) into 3-char categories. */
function range(from: string, to: string): string[] {
  const letter = from[0]!;
  const out: string[] = [];
  for (let n = Number(from.slice(1)); n <= Number(to.slice(1)); n++) out.push(`${letter}${String(n).padStart(2, '0')}`);
  return out;
}

/**
 * Restrictions applied, first match wins (longest prefixes first inside each rule). They follow
 * the ICD-10 chapter/block structure and the category titles of IR_CIM_V (e.g. N40 "Hyperplasie de
 * la prostate", R87 "… organes génitaux de la femme"); IR_CIM_V itself carries no sex/age column.
 */
export const CIM_RESTRICTIONS: readonly CimRestriction[] = [
  { prefixes: ['P'], sex: 0, ageMin: 0, ageMax: 0, why: 'chapter XVI, perinatal conditions: newborns (age 0)' },
  { prefixes: ['Z38'], sex: 0, ageMin: 0, ageMax: 0, why: 'Z38 liveborn infants: birth stay (age 0)' },
  { prefixes: ['O'], sex: 2, ageMin: 12, ageMax: 55, why: 'chapter XV, pregnancy/childbirth: women aged 12-55' },
  {
    prefixes: ['Z32', 'Z33', 'Z34', 'Z35', 'Z36', 'Z37', 'Z39'],
    sex: 2,
    ageMin: 12,
    ageMax: 55,
    why: 'Z32-Z37, Z39 pregnancy, delivery, post-partum: women aged 12-55',
  },
  {
    prefixes: ['D070', 'D071', 'D072', 'D073', 'Z014', 'Z124', ...range('C51', 'C58'), 'D06', ...range('D25', 'D28'), ...range('N70', 'N98'), ...range('Q50', 'Q52'), 'E28', 'R87'],
    sex: 2,
    ageMin: 0,
    ageMax: OPEN_AGE_MAX,
    why: 'female genital organs: C51-C58, D06, D07.0-D07.3, D25-D28, E28, N70-N98, Q50-Q52, R87, Z01.4, Z12.4',
  },
  {
    prefixes: ['D074', 'D075', 'D076', 'Z125', ...range('C60', 'C63'), 'D29', 'D40', ...range('N40', 'N51'), ...range('Q53', 'Q55'), 'E29', 'R86'],
    sex: 1,
    ageMin: 0,
    ageMax: OPEN_AGE_MAX,
    why: 'male genital organs: C60-C63, D07.4-D07.6, D29, D40, E29, N40-N51, Q53-Q55, R86, Z12.5',
  },
];

/** Restriction of one code (sex 0 / all ages when none applies). */
export function restrictionOf(cim: string): { sex: 0 | 1 | 2; ageMin: number; ageMax: number } {
  for (const r of CIM_RESTRICTIONS) if (r.prefixes.some((p) => cim.startsWith(p))) return r;
  return { sex: 0, ageMin: 0, ageMax: OPEN_AGE_MAX };
}

/**
 * Session main diagnoses (type 2, CMD 28 "Séances"): dialysis Z49.0-Z49.2, radiotherapy Z51.0,
 * chemotherapy Z51.1 (tumour) and Z51.2 (other), transfusion Z51.3.
 */
export const SESSION_PREFIXES: readonly string[] = ['Z49', 'Z510', 'Z511', 'Z512', 'Z513'];

export function isSessionCode(cim: string): boolean {
  return SESSION_PREFIXES.some((p) => cim.startsWith(p));
}

/** Builds mco_diagnoses.csv.gz. */
export function buildDiagnoses(ctx: BuildContext): void {
  const valid = new Set(
    readRawRows(ctx, IR_CIM_V, { delimiter: ';' })
      .slice(1)
      .map((r) => (r[0] ?? '').trim()),
  );
  const counts = new Map<string, number>();
  for (const r of readRawRows(ctx, CIM_COUNTS).slice(1)) {
    const cim = (r[1] ?? '').trim().toUpperCase();
    const n = Number(r[2]);
    if (!Number.isInteger(n) || n < 0) throw new Error(`cimcounts_all: bad count for ${cim}`);
    if (n === 0 || !valid.has(cim)) continue;
    counts.set(cim, (counts.get(cim) ?? 0) + n);
  }
  const out: Cell[][] = [];
  const codes = [...counts.keys()].sort();
  for (const type of [0, 1, 2]) {
    for (const cim of codes) {
      if ((type === 2) !== isSessionCode(cim)) continue;
      const r = restrictionOf(cim);
      out.push([type, cim, r.sex, r.ageMin, r.ageMax, counts.get(cim)!]);
    }
  }
  writeTable(ctx, 'mco_diagnoses.csv.gz', ['type', 'cim', 'sex', 'age_min', 'age_max', 'weight'], out);
}

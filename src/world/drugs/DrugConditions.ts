import { DataError } from '../../errors';
import { num, str, type DataRegistry } from '../../data';
import type { RandomStream } from '../../random';
import { drugPool, type DrugPool } from './DrugPool';
import type { Drug } from './DrugReferential';
import { drugAgeBand, type AldPrevalence, type BySexBand } from './calibrateDispensing';

/** Number of 5-year age cells (0-4 … 95+). */
export const AGE_CELLS = 20;
/** Cell of an age: 5-year classes, 95+ last. */
export function ageCell(age: number): number {
  return Math.min(AGE_CELLS - 1, Math.max(0, Math.floor(age / 5)));
}

/** A condition whose drug classes go only to the persons who have it (data/drug_conditions.csv). */
export interface DrugCondition {
  readonly name: string;
  readonly atc: readonly string[];
  /** ALDs that qualify a person (their holders get the ALD's own treatment line). */
  readonly alds: readonly number[];
  /** ICD-10 prefixes of the condition; the first is the code written to the ground truth. */
  readonly cim: readonly string[];
  /** Drugs of its classes, weight residual boxes × days. */
  readonly pool: DrugPool;
  /** Mean boxes per year of one line of the condition. */
  readonly perLineYear: number;
  /** Expected lines per person of the latent condition (≥ 1). */
  readonly lines: number;
  /** Published treated prevalence by [sex][age cell] (`published`), or undefined (`implied`). */
  readonly treated?: BySexBand;
  /** `implied` with ALDs: latent persons per ALD holder; without ALD: latent per capita per unit of shape. */
  readonly implied: number;
}

/** What the conditions are calibrated from. */
export interface ConditionInputs {
  readonly drugs: readonly Drug[];
  readonly residual: ReadonlyMap<Drug, number>;
  readonly perWeight: number;
  readonly cells: readonly { readonly sex: 1 | 2; readonly age: number; readonly dept: string; readonly count: number }[];
  readonly total: number;
  readonly ald: AldPrevalence;
  /** Open Medic boxes per person by [sex][band] (the shape of a condition without ALD). */
  readonly targets: BySexBand;
}

/** Highest probability of a latent condition. */
const MAX_P = 0.95;

/** Reads data/drug_conditions.csv (classes) and data/drug_condition_prevalence.csv. */
export function readConditionSpecs(data: DataRegistry): { name: string; atc: string[]; alds: number[]; cim: string[]; treated?: number[][] }[] {
  const t = data.get('drug_conditions.csv');
  const p = data.get('drug_condition_prevalence.csv');
  return t.rows.map((r) => {
    const name = str(t, r, 'condition');
    const split = (c: string): string[] => str(t, r, c).split(' ').filter((x) => x !== '');
    const atc = split('atc');
    const cim = split('cim');
    if (atc.length === 0 || cim.length === 0) throw new DataError(`data/drug_conditions.csv: condition ${name} needs ATC prefixes and ICD-10 codes`);
    const kind = str(t, r, 'prevalence');
    if (kind !== 'published' && kind !== 'implied') throw new DataError(`data/drug_conditions.csv: condition ${name}: prevalence must be "published" or "implied", not "${kind}"`);
    let treated: number[][] | undefined;
    if (kind === 'published') {
      treated = [[], new Array<number>(AGE_CELLS).fill(NaN), new Array<number>(AGE_CELLS).fill(NaN)];
      for (const row of p.rows) {
        if (str(p, row, 'condition') !== name) continue;
        const sex = num(p, row, 'sex');
        if (sex === 1 || sex === 2) (treated[sex] as number[])[ageCell(num(p, row, 'age_min'))] = num(p, row, 'prevalence');
      }
      if (treated.slice(1).some((s) => s.some((x) => Number.isNaN(x)))) throw new DataError(`data/drug_condition_prevalence.csv: condition ${name} lacks a sex × 5-year age cell`);
    }
    return { name, atc, alds: split('alds').map(Number), cim, ...(treated ? { treated } : {}) };
  });
}

/**
 * Calibrates the latent conditions: the residual boxes of a condition's classes (after the ALD lines) go to the
 * persons who have it without a qualifying ALD. `published`: the latent prevalence is the published treated
 * prevalence less the ALD holders, and the lines per latent person carry the residual boxes; `implied`: one line per
 * latent person, so that the residual boxes give the number of latent persons, spread over sex × age as the ALD
 * holders (or, without ALD, as the Open Medic boxes per person).
 */
export function calibrateConditions(specs: ReturnType<typeof readConditionSpecs>, input: ConditionInputs): DrugCondition[] {
  const out: DrugCondition[] = [];
  for (const s of specs) {
    const inClass = (d: Drug): boolean => s.atc.some((x) => d.atc.startsWith(x));
    let res = 0;
    let resDays = 0;
    for (const d of input.drugs) {
      if (!inClass(d)) continue;
      const r = input.residual.get(d) ?? 0;
      res += r;
      resDays += r * d.days;
    }
    const pool = drugPool(input.drugs, (d) => (inClass(d) ? (input.residual.get(d) ?? 0) * d.days : 0), input.residual);
    if (pool.drugs.length === 0) continue;
    const perLineYear = resDays > 0 ? (365.25 * res) / resDays : 12;
    const boxesPerCapita = input.perWeight * res;
    const partial = { name: s.name, atc: s.atc, alds: s.alds, cim: s.cim, pool, perLineYear, ...(s.treated ? { treated: s.treated as unknown as BySexBand } : {}) };
    // Expected latent persons per capita under the condition's own rule (implied = 1 per unit).
    let held = 0;
    let shape = 0;
    let latent = 0;
    for (const c of input.cells) {
      const a = heldShare(s.alds, input.ald, c.sex, c.age, c.dept);
      held += c.count * a;
      shape += c.count * ((input.targets[c.sex] as number[])[drugAgeBand(c.age)] as number);
      if (s.treated) latent += c.count * (1 - a) * latentP({ ...partial, lines: 1, implied: 0 }, a, c.sex, c.age);
    }
    const total = Math.max(1, input.total);
    if (s.treated) {
      const lines = latent > 0 ? Math.max(1, boxesPerCapita / ((latent / total) * perLineYear)) : 1;
      out.push({ ...partial, lines, implied: 0 });
    } else {
      const wanted = boxesPerCapita / perLineYear;
      const base = s.alds.length > 0 ? held / total : shape / total;
      out.push({ ...partial, lines: 1, implied: base > 0 ? wanted / base : 0 });
    }
  }
  return out;
}

/** Share of persons of a cell holding one of the ALDs (sum of the prevalences, capped). */
export function heldShare(alds: readonly number[], ald: AldPrevalence, sex: 1 | 2, age: number, dept: string): number {
  if (alds.length === 0) return 0;
  const prev = ald.prevalences(sex, age, dept);
  let a = 0;
  for (const n of alds) {
    const k = ald.indexOf(n);
    if (k >= 0) a += prev[k] as number;
  }
  return Math.min(MAX_P, a);
}

/**
 * Probability that a person without a qualifying ALD has the latent condition: published (T − a) / (1 − a), T the
 * treated prevalence, a the share of ALD holders; implied a × m / (1 − a) (m latent persons per holder) or m × the
 * Open Medic boxes per person of the sex and band (no ALD). `shapeOf` gives the boxes per person.
 */
export function latentP(c: DrugCondition, a: number, sex: 1 | 2, age: number, shapeOf?: (sex: 1 | 2, age: number) => number): number {
  let p: number;
  if (c.treated) p = Math.max(0, ((c.treated[sex] as number[])[ageCell(age)] as number) - a) / Math.max(1e-9, 1 - a);
  else if (c.alds.length > 0) p = (a * c.implied) / Math.max(1e-9, 1 - a);
  else p = c.implied * (shapeOf ? shapeOf(sex, age) : 0);
  return Math.min(MAX_P, Math.max(0, p));
}

/** Number of lines of a latent person: the expected lines, the fraction drawn. */
export function latentLines(c: DrugCondition, rng: RandomStream): number {
  const whole = Math.floor(c.lines);
  return Math.max(1, whole + (rng.chance(c.lines - whole) ? 1 : 0));
}

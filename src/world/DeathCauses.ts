import type { Day } from '../events';
import { DataError } from '../errors';
import type { RandomStream } from '../random';
import { num, str, type DataRegistry } from '../data';
import type { AldModel } from './AldModel';

/**
 * Probability that a person who dies while holding an ALD whose code is a cause of death dies of it (underlying
 * cause = that ALD's ICD-10 code). Modelling choice, no published figure: see data/sources/55-deaths.md.
 */
export const DEATH_CAUSE_FROM_ALD = 0.5;
/** ALD groups whose code can be an underlying cause of death (all the ALD 30 list except scoliosis, 26). */
const NON_LETHAL_ALDS: ReadonlySet<number> = new Set([26]);
/** Group of data/death_causes.csv whose chapters have no published share (they share what the others leave). */
const REMAINDER_GROUP = 'other';
/** Oldest age of the population table (99 = 99 and over). */
const OLDEST = 99;

/** What the death-cause model needs to know of a person. */
export interface DeathCauseHolder {
  readonly sex: 1 | 2;
  readonly home: { readonly dept: string };
  readonly alds: ReadonlyMap<number, { readonly ald: number; readonly start: Day; readonly cim?: string }>;
}

/**
 * What the world knows of who dies holding which ALD, to take the ALD-attributed deaths out of the national
 * distribution: ALD prevalences and codes, the number of deaths by sex and age, and the modules' excess mortality.
 */
export interface DeathAttributionContext {
  readonly ald: AldModel;
  readonly depts: readonly string[];
  /** Deaths per year of a sex and age (0 … 99) in a département, up to a constant (population × hazard). */
  readonly deaths: (sex: 1 | 2, age: number, dept: string) => number;
  /** Mean death-hazard ratio − 1 of the holders of ALD k (index) of a sex (pathway modules), before the divisor. */
  readonly aldExcess: (k: number, sex: 1 | 2) => number;
  /** Divisor of the death hazard of the sex, age and département (pathway modules), 1 without module. */
  readonly divisor: (sex: 1 | 2, age: number, dept: string) => number;
}

/** Underlying causes of one sex (and département) with cumulative weights. */
interface CauseTable {
  readonly codes: readonly string[];
  readonly cumulative: Float64Array;
}

/**
 * Chapter of an underlying cause, the unit whose share of deaths is kept: neoplasms C00–D48, external causes V–Y,
 * blood diseases D50–D89, else the ICD-10 letter.
 */
export function causeChapter(cim: string): string {
  const l = cim.charAt(0);
  if (l === 'C' || (l === 'D' && cim.slice(0, 3) <= 'D48')) return 'neoplasms';
  if (l === 'V' || l === 'W' || l === 'X' || l === 'Y') return 'external';
  return l;
}

/**
 * Causes and places of death (CépiDc): the national distribution of underlying causes by sex
 * (data/death_causes.csv), the ALD-related causes, and the share of home among deaths outside hospital
 * (data/death_parameters.csv).
 *
 * A person dying with ALDs whose codes are causes of death (a code, or its 3-character category, with a weight in
 * the table of the sex) dies of one of them with probability DEATH_CAUSE_FROM_ALD; every other death draws from the
 * national table less those attributed deaths: for each chapter G of share f_G, the expected share q_G of deaths
 * attributed to an ALD code of G (ALD prevalence by age × deaths by age × the modules' excess mortality) is taken out,
 * the chapter's codes weighted f_c × (f_G − q_G) / f_G. Attributed and drawn deaths then make the share of each
 * chapter of the national table (where q_G exceeds f_G, the chapters with a published share keep theirs: see
 * `residualTable`). Without context (tests), the national table as it is.
 */
export class DeathCauses {
  /** Share of home among deaths outside hospital. */
  readonly homeShareOutsideHospital: number;
  /** National table by sex. */
  private readonly causes: CauseTable[] = [];
  /** Residual table by `sex|dept` (national less the ALD-attributed deaths). */
  private readonly residual = new Map<string, CauseTable>();
  /** Weight of each code by sex (codes that are causes of death). */
  private readonly weights: Map<string, number>[] = [new Map(), new Map()];
  private readonly labels = new Map<string, string>();
  /** Group of each code in data/death_causes.csv. */
  private readonly groups = new Map<string, string>();

  /**
   * @param data the run's data tables
   * @param context who dies holding which ALD (the residual tables are computed for its départements)
   */
  constructor(data: DataRegistry, context?: DeathAttributionContext) {
    const p = data.get('death_parameters.csv');
    const row = p.rows.find((r) => r['name'] === 'home_share_of_deaths_outside_hospital');
    if (!row) throw new DataError('data/death_parameters.csv has no parameter home_share_of_deaths_outside_hospital');
    this.homeShareOutsideHospital = num(p, row, 'value');

    const dc = data.get('death_causes.csv');
    const acc: { codes: string[]; w: number[] }[] = [{ codes: [], w: [] }, { codes: [], w: [] }];
    for (const r of dc.rows) {
      const sex = num(dc, r, 'sex');
      if (sex !== 1 && sex !== 2) throw new DataError(`data/death_causes.csv: bad sex ${sex}`);
      const a = acc[sex - 1]!;
      const cim = str(dc, r, 'cim');
      const w = num(dc, r, 'weight');
      a.codes.push(cim);
      a.w.push(w);
      if (w > 0) this.weights[sex - 1]!.set(cim, w);
      this.labels.set(cim, str(dc, r, 'label'));
      this.groups.set(cim, str(dc, r, 'group'));
    }
    for (const s of [0, 1]) this.causes[s] = table(acc[s]!.codes, acc[s]!.w);
    if (context) for (const sex of [1, 2] as const) for (const d of context.depts) this.residual.set(`${sex}|${d}`, this.residualTable(sex, d, context));
  }

  /**
   * The code of the table that an ALD code stands for as a cause of death of that sex: the code (4 characters) or
   * its 3-character category when it has a weight, else undefined (cataract, scoliosis… are no causes of death).
   */
  causeOf(cim: string, sex: 1 | 2): string | undefined {
    const w = this.weights[sex - 1] as Map<string, number>;
    const c4 = cim.slice(0, 4);
    if (w.has(c4)) return c4;
    const c3 = cim.slice(0, 3);
    return w.has(c3) ? c4 : undefined;
  }

  /**
   * Underlying cause of death: with probability DEATH_CAUSE_FROM_ALD the code (4 characters) of one of the person's
   * ALDs started by then that is a cause of death (drawn uniformly), else a code of the residual distribution of the
   * sex and département.
   */
  underlyingCause(person: DeathCauseHolder, day: Day, rng: RandomStream): string {
    const held: string[] = [];
    for (const a of person.alds.values()) {
      if (a.start > day || a.cim === undefined || NON_LETHAL_ALDS.has(a.ald)) continue;
      const c = this.causeOf(a.cim, person.sex);
      if (c !== undefined && !held.includes(c)) held.push(c);
    }
    if (held.length > 0 && rng.chance(DEATH_CAUSE_FROM_ALD)) return rng.pick(held) as string;
    const t = this.residual.get(`${person.sex}|${person.home.dept}`) ?? (this.causes[person.sex - 1] as CauseTable);
    return t.codes[rng.pickCumulative(t.cumulative)] as string;
  }

  /**
   * Share of a chapter (causeChapter) in the distribution drawn for the deaths not attributed to an ALD of a sex and
   * département (the national one when no residual table was computed for it).
   */
  share(sex: 1 | 2, dept: string, chapter: string): number {
    const t = this.residual.get(`${sex}|${dept}`) ?? (this.causes[sex - 1] as CauseTable);
    let s = 0;
    let prev = 0;
    t.codes.forEach((c, i) => {
      const cum = t.cumulative[i] as number;
      if (causeChapter(c) === chapter) s += cum - prev;
      prev = cum;
    });
    return s / prev;
  }

  /** IR_CIM_V label of a code of the death-cause table, or undefined when it is not there. */
  label(cim: string): string | undefined {
    return this.labels.get(cim);
  }

  /**
   * Expected share of the deaths of a sex and département attributed to an ALD code of each chapter: over ages,
   * deaths × DEATH_CAUSE_FROM_ALD × P(holding ≥ 1 ALD that is a cause of death) × the share of each chapter among the
   * causes those ALDs stand for. A decedent holds ALD k with probability prevalence × (1 + module excess) / divisor;
   * ALDs are taken as independent, and each held ALD as equally likely to be the cause (as drawn).
   */
  expectedAttributed(sex: 1 | 2, dept: string, c: DeathAttributionContext): Map<string, number> {
    const n = c.ald.alds.length;
    // Per ALD: share of its persons whose code is a cause of death, by chapter.
    const byChapter: Map<string, number>[] = [];
    const eligible = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const m = new Map<string, number>();
      if (!NON_LETHAL_ALDS.has(c.ald.alds[k] as number))
        for (const [cim, w] of c.ald.codeWeights(k, sex)) {
          const cause = this.causeOf(cim, sex);
          if (cause === undefined) continue;
          const g = causeChapter(cause);
          m.set(g, (m.get(g) ?? 0) + w);
          eligible[k] = (eligible[k] as number) + w;
        }
      byChapter.push(m);
    }
    const out = new Map<string, number>();
    let total = 0;
    for (let age = 0; age <= OLDEST; age++) {
      const d = c.deaths(sex, age, dept);
      if (!(d > 0)) continue;
      total += d;
      const p = c.ald.prevalences(sex, age, dept);
      const div = c.divisor(sex, age, dept);
      let none = 1;
      let sum = 0;
      const e = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        const x = Math.min(1, (((p[k] as number) * (1 + c.aldExcess(k, sex))) / div) * (eligible[k] as number));
        e[k] = x;
        none *= 1 - x;
        sum += x;
      }
      if (sum <= 0) continue;
      const attributed = d * DEATH_CAUSE_FROM_ALD * (1 - none);
      for (let k = 0; k < n; k++) {
        const x = e[k] as number;
        if (x <= 0) continue;
        for (const [g, w] of byChapter[k] as Map<string, number>) out.set(g, (out.get(g) ?? 0) + (attributed * (x / sum) * w) / (eligible[k] as number));
      }
    }
    if (total > 0) for (const [g, v] of out) out.set(g, v / total);
    return out;
  }

  /**
   * The national table of the sex with each chapter's codes scaled by r_G / f_G, r_G = max(0, f_G − q_G). Where the
   * attributed deaths exceed a chapter's share (q_G > f_G: diabetes E11, whose chapter has a small share), the excess
   * is taken out of the chapters without a published share (group `other`, in proportion to r_G), so that the
   * chapters with a published share keep it exactly.
   */
  private residualTable(sex: 1 | 2, dept: string, c: DeathAttributionContext): CauseTable {
    const national = this.causes[sex - 1] as CauseTable;
    const weights = Array.from(national.cumulative, (cum, i) => cum - (i > 0 ? (national.cumulative[i - 1] as number) : 0));
    const share = new Map<string, number>();
    const absorbs = new Set<string>();
    national.codes.forEach((code, i) => {
      const g = causeChapter(code);
      share.set(g, (share.get(g) ?? 0) + (weights[i] as number));
      if (this.groups.get(code) === REMAINDER_GROUP) absorbs.add(g);
    });
    const q = this.expectedAttributed(sex, dept, c);
    const residual = new Map<string, number>();
    let excess = 0;
    let absorbing = 0;
    for (const [g, f] of share) {
      const r = Math.max(0, f - (q.get(g) ?? 0));
      excess += Math.max(0, (q.get(g) ?? 0) - f);
      residual.set(g, r);
      if (absorbs.has(g)) absorbing += r;
    }
    if (excess > 0 && absorbing > 0) for (const g of absorbs) residual.set(g, (residual.get(g) as number) * Math.max(0, 1 - excess / absorbing));
    const scaled = national.codes.map((code, i) => {
      const g = causeChapter(code);
      const f = share.get(g) as number;
      return f > 0 ? ((weights[i] as number) * (residual.get(g) as number)) / f : 0;
    });
    return table(national.codes, scaled);
  }
}

function table(codes: readonly string[], weights: readonly number[]): CauseTable {
  const cumulative = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => (cumulative[i] = sum += w));
  if (!(sum > 0)) throw new DataError('data/death_causes.csv: no cause of death with a positive weight');
  return { codes, cumulative };
}

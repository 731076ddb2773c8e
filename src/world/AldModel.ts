import { parseIsoDate, yearOfDay, type Day } from '../events';
import { DataError } from '../errors';
import type { RandomStream } from '../random';
import { num, str, type DataRegistry } from '../data';

/** What the ALD model needs to know of a person. */
export interface AldHolder {
  readonly alds: ReadonlyMap<number, { readonly ald: number; readonly start: Day; readonly cim?: string }>;
}

/** Number of 5-year age bands of the ALD tables (0-4 … 95+). */
const BANDS = 20;
/** Width of an age band, years. */
const BAND = 5;
/** Days per year, for converting onset ages into days. */
const DAYS_PER_YEAR = 365.25;

/** Upper bound of a cell prevalence after scaling (as in the data build). */
const PREVALENCE_CAP = 0.95;

/** Band index of an age in years. */
export function bandOf(age: number): number {
  return Math.min(BANDS - 1, Math.max(0, Math.floor(age / BAND)));
}

/** ICD-10 codes of one ALD for one sex, with cumulative weights. */
interface CodeTable {
  readonly codes: readonly string[];
  readonly cumulative: Float64Array;
}

/**
 * Long-term diseases (ALD): prevalence at entry by ALD × sex × 5-year age × département, onset rates (derived
 * national incidence × département ratio × published calibration multiplier), ICD-10 codes coherent with sex, the
 * share of care related to an ALD. Lookups are precomputed for the simulated
 * départements; per-person work is array indexing.
 */
export class AldModel {
  /** ALD numbers, ascending (index k in the arrays below). */
  readonly alds: readonly number[];
  /** Share of an ALD patient's care events related to one of their ALDs (data/ald_parameters.csv). */
  readonly careRelatedShare: number;
  /** dept → prevalence [(sex−1) × BANDS + band) × nAld + k]. */
  private readonly prevalence = new Map<string, Float64Array>();
  /** dept → onset rate per year, same layout. */
  private readonly incidence = new Map<string, Float64Array>();
  /** Onset-age weights of prevalent cases by band: [((sex−1) × nAld + k) × BANDS + band]. */
  private readonly onsetWeight: Float64Array;
  /** Last day an onset is possible for closed ALDs (k → day). */
  private readonly closedSince: (Day | undefined)[];
  private readonly codes: CodeTable[][] = [[], []];
  private readonly labels = new Map<string, string>();
  private readonly index = new Map<number, number>();

  /**
   * @param data the run's data tables
   * @param regions the simulated départements
   * @param start first simulated day (the prevalence counts are scaled to it)
   */
  constructor(data: DataRegistry, regions: readonly string[], start: Day) {
    const depts = new Set(regions);

    const labels = data.get('ald_labels.csv');
    this.alds = labels.rows.map((r) => num(labels, r, 'ald')).sort((a, b) => a - b);
    this.alds.forEach((a, k) => this.index.set(a, k));
    const n = this.alds.length;
    const k = (ald: number, table: string): number => {
      const i = this.index.get(ald);
      if (i === undefined) throw new DataError(`data/${table}: unknown ALD ${ald}`);
      return i;
    };
    const cell = (sex: number, age: number, ald: number, table: string): number => ((sex - 1) * BANDS + bandOf(age)) * n + k(ald, table);

    const param = (file: string, name: string): number => {
      const t = data.get(file);
      const row = t.rows.find((r) => r['name'] === name);
      if (!row) throw new DataError(`data/${file} has no parameter ${name}`);
      return num(t, row, 'value');
    };
    this.careRelatedShare = param('ald_parameters.csv', 'ald_care_related_share');
    // The prevalence table describes the end of the count year; scaled to the start of the run by the published
    // yearly growth of the number of persons in ALD (data/sources/50-ald.md).
    // The counts are at 31 December of the count year: a run starting 1 January Y is Y − (count year + 1) years later.
    const years = yearOfDay(start) - (param('ald_parameters.csv', 'ald_prevalence_year') + 1);
    const growth = (1 + param('ald_parameters.csv', 'ald_prevalence_growth_per_year')) ** years;

    const prev = data.select('ald_prevalence.csv.gz', 'dept', depts);
    for (const r of prev.rows) {
      const d = str(prev, r, 'dept');
      let arr = this.prevalence.get(d);
      if (!arr) this.prevalence.set(d, (arr = new Float64Array(2 * BANDS * n)));
      arr[cell(num(prev, r, 'sex'), num(prev, r, 'age_min'), num(prev, r, 'ald'), prev.name)] = Math.min(PREVALENCE_CAP, num(prev, r, 'prevalence') * growth);
    }

    const cal = data.get('ald_incidence_calibration.csv');
    const mult = new Float64Array(n);
    this.closedSince = new Array<Day | undefined>(n).fill(undefined);
    for (const r of cal.rows) {
      const i = k(num(cal, r, 'ald'), cal.name);
      mult[i] = num(cal, r, 'multiplier');
      const closed = str(cal, r, 'closed_since');
      if (closed !== '') {
        const day = parseIsoDate(closed);
        if (day === undefined) throw new DataError(`data/${cal.name}: bad closed_since ${closed}`);
        this.closedSince[i] = day;
      }
    }
    const ratioT = data.get('ald_dept_ratio.csv');
    const ratio = new Map<string, Float64Array>();
    for (const r of ratioT.rows) {
      const d = str(ratioT, r, 'dept');
      if (!depts.has(d)) continue;
      let arr = ratio.get(d);
      if (!arr) ratio.set(d, (arr = new Float64Array(n)));
      arr[k(num(ratioT, r, 'ald'), ratioT.name)] = num(ratioT, r, 'ratio');
    }
    const inc = data.get('ald_incidence.csv');
    const national = new Float64Array(2 * BANDS * n);
    for (const r of inc.rows) national[cell(num(inc, r, 'sex'), num(inc, r, 'age_min'), num(inc, r, 'ald'), inc.name)] = num(inc, r, 'incidence');
    for (const d of depts) {
      const rd = ratio.get(d);
      if (!rd || !this.prevalence.has(d)) throw new DataError(`data/ald_*.csv have no rows for département ${d}`);
      const arr = new Float64Array(2 * BANDS * n);
      for (let c = 0; c < arr.length; c++) arr[c] = (national[c] as number) * (rd[c % n] as number) * (mult[c % n] as number);
      this.incidence.set(d, arr);
    }

    // Onset ages of prevalent cases: the national incidence profile; where it is 0 at every age (closed ALD 12) the
    // increments of the national-shaped prevalence profile of the first département stand in.
    this.onsetWeight = new Float64Array(2 * n * BANDS);
    const anyPrev = this.prevalence.values().next().value as Float64Array;
    for (let s = 0; s < 2; s++)
      for (let i = 0; i < n; i++) {
        let total = 0;
        for (let b = 0; b < BANDS; b++) total += national[(s * BANDS + b) * n + i] as number;
        for (let b = 0; b < BANDS; b++) {
          let w = national[(s * BANDS + b) * n + i] as number;
          if (total === 0) {
            const p = anyPrev[(s * BANDS + b) * n + i] as number;
            const before = b > 0 ? (anyPrev[(s * BANDS + b - 1) * n + i] as number) : 0;
            w = Math.max(0, p - before);
          }
          this.onsetWeight[(s * n + i) * BANDS + b] = w;
        }
      }

    const icd = data.get('ald_icd10.csv');
    const acc: { codes: string[]; w: number[] }[][] = [0, 1].map(() => this.alds.map(() => ({ codes: [], w: [] })));
    for (const r of icd.rows) {
      const i = k(num(icd, r, 'ald'), icd.name);
      const sex = num(icd, r, 'sex');
      const cim = str(icd, r, 'cim');
      this.labels.set(cim, str(icd, r, 'label'));
      for (const s of [1, 2]) {
        if (sex !== 0 && sex !== s) continue;
        const a = acc[s - 1]![i]!;
        a.codes.push(cim);
        a.w.push(num(icd, r, 'weight'));
      }
    }
    for (const s of [0, 1]) this.codes[s] = acc[s]!.map((a) => cumulate(a.codes, a.w));
  }

  /** Prevalences of every ALD (index k of `alds`) for a sex, age and département, as a view. */
  prevalences(sex: 1 | 2, age: number, dept: string): Float64Array {
    const arr = this.prevalence.get(dept);
    if (!arr) throw new DataError(`no ALD prevalence for département ${dept}`);
    const n = this.alds.length;
    const o = ((sex - 1) * BANDS + bandOf(age)) * n;
    return arr.subarray(o, o + n);
  }

  /** Onset rates per year of every ALD for a sex, age and département (calibrated), as a view. */
  onsetRates(sex: 1 | 2, age: number, dept: string): Float64Array {
    const arr = this.incidence.get(dept);
    if (!arr) throw new DataError(`no ALD incidence for département ${dept}`);
    const n = this.alds.length;
    const o = ((sex - 1) * BANDS + bandOf(age)) * n;
    return arr.subarray(o, o + n);
  }

  /**
   * Start day of a prevalent ALD (index k) of a person born on `birth`, alive on `at`: the onset age is drawn from
   * the incidence profile restricted to ages ≤ the current age (band weight × years of the band lived, uniform within
   * the band), i.e. the age at onset of a Poisson onset process given that onset happened before today (ignoring the
   * survival of the healthy state, whose effect is small at ALD incidence levels). Closed ALDs start before closure.
   */
  prevalentStart(k: number, sex: 1 | 2, birth: Day, at: Day, rng: RandomStream): Day {
    const ageYears = (at - birth) / DAYS_PER_YEAR;
    const closed = this.closedSince[k];
    const maxAge = closed === undefined ? ageYears : Math.min(ageYears, (closed - birth) / DAYS_PER_YEAR);
    if (maxAge <= 0) return birth;
    const w = this.onsetWeight;
    const o = ((sex - 1) * this.alds.length + k) * BANDS;
    let total = 0;
    const last = bandOf(maxAge);
    for (let b = 0; b <= last; b++) total += (w[o + b] as number) * Math.min(BAND, maxAge - b * BAND);
    let age: number;
    if (total <= 0) age = rng.next() * maxAge;
    else {
      let x = rng.next() * total;
      age = maxAge;
      for (let b = 0; b <= last; b++) {
        const span = Math.min(BAND, maxAge - b * BAND);
        const m = (w[o + b] as number) * span;
        if (x < m) {
          age = b * BAND + (x / m) * span;
          break;
        }
        x -= m;
      }
    }
    return Math.min(at, birth + Math.floor(age * DAYS_PER_YEAR));
  }

  /** ICD-10 code of an ALD (index k) drawn among the codes allowed for the sex. */
  drawCode(k: number, sex: 1 | 2, rng: RandomStream): string {
    const t = this.codes[sex - 1]![k]!;
    if (t.codes.length === 0) throw new DataError(`data/ald_icd10.csv: no code of ALD ${this.alds[k]} for sex ${sex}`);
    return t.codes[rng.pickCumulative(t.cumulative)] as string;
  }

  /** Share of the persons holding ALD k (index) of that sex whose ICD-10 code starts with one of `prefixes` (all when empty). */
  codeShare(k: number, sex: 1 | 2, prefixes: readonly string[]): number {
    const t = this.codes[sex - 1]?.[k];
    if (!t || t.codes.length === 0) return 0;
    if (prefixes.length === 0) return 1;
    let kept = 0;
    let prev = 0;
    t.codes.forEach((c, i) => {
      const cum = t.cumulative[i] as number;
      if (prefixes.some((p) => c.startsWith(p))) kept += cum - prev;
      prev = cum;
    });
    return kept / prev;
  }

  /** ICD-10 codes of ALD k (index) for a sex with the share of the ALD's persons holding each (sums to 1). */
  codeWeights(k: number, sex: 1 | 2): readonly (readonly [string, number])[] {
    const t = this.codes[sex - 1]?.[k];
    if (!t || t.codes.length === 0) return [];
    const total = t.cumulative[t.cumulative.length - 1] as number;
    let prev = 0;
    return t.codes.map((c, i) => {
      const cum = t.cumulative[i] as number;
      const w = (cum - prev) / total;
      prev = cum;
      return [c, w] as const;
    });
  }

  /** Index of an ALD number in `alds`. */
  indexOf(ald: number): number {
    const k = this.index.get(ald);
    if (k === undefined) throw new RangeError(`unknown ALD ${ald}`);
    return k;
  }

  /** IR_CIM_V label of a code of the ALD table ('' when unknown). */
  label(cim: string): string {
    return this.labels.get(cim) ?? '';
  }

  /**
   * The ALD a care event of this person relates to (reimbursed at 100 %), or 0 when none. Rule: among the ALDs
   * already started on that day, the event relates to one of them with the published share of ALD patients' spending
   * related to their ALD (`careRelatedShare`, two thirds), the ALD drawn uniformly; otherwise to none. Draws nothing for
   * persons without an ALD.
   */
  careRelatedAld(person: AldHolder, day: Day, rng: RandomStream): number {
    let active = 0;
    for (const a of person.alds.values()) if (a.start <= day) active += 1;
    if (active === 0) return 0;
    if (!rng.chance(this.careRelatedShare)) return 0;
    let pick = Math.floor(rng.next() * active);
    for (const a of person.alds.values()) {
      if (a.start > day) continue;
      if (pick === 0) return a.ald;
      pick -= 1;
    }
    return 0;
  }
}

function cumulate(codes: string[], weights: number[]): CodeTable {
  const cumulative = new Float64Array(weights.length);
  let s = 0;
  weights.forEach((w, i) => (cumulative[i] = s += w));
  return { codes, cumulative };
}

import { DataError } from '../errors';
import type { DataRegistry } from '../data';
import { num, str } from '../data';

/** Picks the available year closest to `year` (ties: the earlier one). */
export function nearestYear(available: readonly number[], year: number): number {
  let best = available[0];
  if (best === undefined) throw new DataError('no year available');
  for (const y of available) if (Math.abs(y - year) < Math.abs(best - year)) best = y;
  return best;
}

/**
 * Death and birth rates: INSEE life-table death probabilities by year × sex × age, département
 * mortality ratios by age class, and INSEE fertility rates by year × age of mother.
 */
export class Demography {
  private readonly q = new Map<number, Float64Array[]>(); // year → [unused, male, female] by age
  private readonly qYears: number[];
  private readonly maxAge: number;
  private readonly fert = new Map<number, Float64Array>(); // year → rate by age (index = age)
  private readonly fertYears: number[];
  /** département → ratio by single age (0…maxAge). */
  private readonly deptRatio = new Map<string, Float64Array>();
  /** Share of boys among births. */
  readonly maleShareAtBirth: number;

  constructor(data: DataRegistry, depts: readonly string[], maleShareAtBirth: number) {
    const mt = data.get('mortality.csv');
    let maxAge = 0;
    for (const r of mt.rows) maxAge = Math.max(maxAge, num(mt, r, 'age'));
    this.maxAge = maxAge;
    for (const r of mt.rows) {
      const y = num(mt, r, 'year');
      let arr = this.q.get(y);
      if (!arr) this.q.set(y, (arr = [new Float64Array(0), new Float64Array(maxAge + 1), new Float64Array(maxAge + 1)]));
      const sex = num(mt, r, 'sex');
      const a = arr[sex];
      if (!a || sex === 0) throw new DataError(`data/mortality.csv: bad sex ${sex}`);
      a[num(mt, r, 'age')] = num(mt, r, 'q');
    }
    this.qYears = [...this.q.keys()].sort((a, b) => a - b);

    const rt = data.get('mortality_dept_ratio.csv');
    for (const d of depts) {
      const ratios = new Float64Array(maxAge + 1).fill(1);
      for (const r of rt.rows) {
        if (str(rt, r, 'dept') !== d) continue;
        const lo = num(rt, r, 'age_min');
        const hi = Math.min(num(rt, r, 'age_max'), maxAge);
        for (let a = lo; a <= hi; a++) ratios[a] = num(rt, r, 'ratio');
      }
      this.deptRatio.set(d, ratios);
    }

    const ft = data.get('fertility.csv');
    for (const r of ft.rows) {
      const y = num(ft, r, 'year');
      let arr = this.fert.get(y);
      if (!arr) this.fert.set(y, (arr = new Float64Array(maxAge + 1)));
      arr[num(ft, r, 'age')] = num(ft, r, 'rate');
    }
    this.fertYears = [...this.fert.keys()].sort((a, b) => a - b);
    if (!(maleShareAtBirth > 0 && maleShareAtBirth < 1)) throw new DataError(`male share at birth must be in (0, 1), got ${maleShareAtBirth}`);
    this.maleShareAtBirth = maleShareAtBirth;
  }

  /** Year of the life table used for calendar year `year`. */
  lifeTableYear(year: number): number {
    return nearestYear(this.qYears, year);
  }

  /**
   * Annual death hazard (per year) at completed age `age` in calendar year `year` in département `dept`:
   * −ln(1 − q) of the national life table, times the département ratio of the age class.
   */
  deathHazard(year: number, sex: 1 | 2, age: number, dept: string): number {
    const table = this.q.get(this.lifeTableYear(year)) as Float64Array[];
    const a = Math.min(age, this.maxAge);
    const q = Math.min((table[sex] as Float64Array)[a] as number, 0.999999);
    const ratio = (this.deptRatio.get(dept) as Float64Array | undefined)?.[a] ?? 1;
    return -Math.log(1 - q) * ratio;
  }

  /** Births per woman-year at age `age` in calendar year `year`. */
  fertilityRate(year: number, age: number): number {
    if (age > this.maxAge) return 0;
    const arr = this.fert.get(nearestYear(this.fertYears, year)) as Float64Array;
    return arr[age] ?? 0;
  }
}

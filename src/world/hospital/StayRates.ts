import { DataError } from '../../errors';
import type { RandomStream } from '../../random';
import { num, str, type DataRegistry } from '../../data';
import type { HospitalRegions } from './HospitalRegions';
import { AGES, MAX_AGE, STAY_TYPES, tableAge, type StayType } from './stayTypes';

/**
 * Stay rates and mean lengths of stay by ScanSanté region × type × sex × age (data/mco_stay_rates.csv),
 * precomputed per simulated département as flat arrays indexed by age.
 */
export class StayRates {
  /** dept → rates per year [(type × 2 + sex − 1) × AGES + age]. */
  private readonly rates = new Map<string, Float64Array>();
  /** dept → mean length of full-hospitalisation stays [(sex − 1) × AGES + age]. */
  private readonly meanLos = new Map<string, Float64Array>();
  /** dept → first age of the age band of full-hospitalisation stays [(sex − 1) × AGES + age]. */
  private readonly bands = new Map<string, Int16Array>();

  /**
   * @param data the run's data tables
   * @param depts the simulated départements
   * @param regions the ScanSanté region of each département
   */
  constructor(data: DataRegistry, depts: readonly string[], regions: HospitalRegions) {
    const t = data.get('mco_stay_rates.csv');
    for (const d of depts) {
      const region = regions.scan(d);
      const rates = new Float64Array(STAY_TYPES * 2 * AGES);
      const los = new Float64Array(2 * AGES);
      const band = new Int16Array(2 * AGES);
      let found = 0;
      for (const r of t.rows) {
        if (str(t, r, 'region') !== region) continue;
        found += 1;
        const type = num(t, r, 'type');
        const sex = num(t, r, 'sex');
        const lo = num(t, r, 'age_min');
        const hi = Math.min(MAX_AGE, num(t, r, 'age_max'));
        const rate = num(t, r, 'rate');
        const meanLos = num(t, r, 'mean_los');
        for (let a = lo; a <= hi; a++) {
          rates[(type * 2 + sex - 1) * AGES + a] = rate;
          if (type === 0) {
            los[(sex - 1) * AGES + a] = meanLos;
            band[(sex - 1) * AGES + a] = lo;
          }
        }
      }
      if (found === 0) throw new DataError(`data/mco_stay_rates.csv has no row for region ${region} (département ${d})`);
      this.rates.set(d, rates);
      this.meanLos.set(d, los);
      this.bands.set(d, band);
    }
  }

  /** Stays per person-year of a type (0 full, 1 same-day, 2 sessions) for a resident of `dept`. */
  rate(type: StayType, sex: 1 | 2, age: number, dept: string): number {
    return (this.rates.get(dept) as Float64Array)[(type * 2 + sex - 1) * AGES + tableAge(age)] as number;
  }

  /** Published mean nights of a full stay of the sex and age for a resident of `dept`. */
  meanNights(sex: 1 | 2, age: number, dept: string): number {
    return (this.meanLos.get(dept) as Float64Array)[(sex - 1) * AGES + tableAge(age)] as number;
  }

  /** The ages [first, last] of the age band of the full-stay rate of this sex and age (one rate for the whole band). */
  band(sex: 1 | 2, age: number, dept: string): [number, number] {
    const b = this.bands.get(dept) as Int16Array;
    const i = (sex - 1) * AGES;
    const lo = b[i + tableAge(age)] as number;
    let hi = lo;
    while (hi < MAX_AGE && b[i + hi + 1] === lo) hi += 1;
    return [lo, hi];
  }

  /**
   * Length (nights) of a full-hospitalisation stay: 1 + a geometric number of extra nights, so that every
   * full stay has at least one night and the mean is the published mean LOS of the sex, age and region (or `mean`).
   */
  drawLos(sex: 1 | 2, age: number, dept: string, rng: RandomStream, mean?: number): number {
    const m = mean ?? this.meanNights(sex, age, dept);
    if (m <= 1) return 1;
    const q = 1 - 1 / m;
    return 1 + Math.floor(Math.log(1 - rng.next()) / Math.log(q));
  }
}

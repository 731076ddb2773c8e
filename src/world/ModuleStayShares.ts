import type { RandomStream } from '../random';
import type { HospitalModel } from './hospital';
import type { Pathways } from './pathways';
import type { RateModifiers } from './RateModifiers';

/** Redraws of a generic main diagnosis before keeping the last one (never reached with the shipped modules). */
export const MAX_GENERIC_DP_REDRAWS = 1000;

/**
 * Takes the stays that pathway modules add (their complications) out of the generic diagnosis distribution, so that
 * with the modules on each main diagnosis keeps its published number of stays per stratum. (The ordinary stays of a
 * person that relate to an ALD a module follows do not take the ALD's code as main diagnosis: the module's
 * complications are the stays of its disease; see `drawStay`.)
 *
 * For a stay type (full, same-day), sex, age and département, a code c of the national distribution has
 * R × w_c published stays per person-year (R: ScanSanté rate × the scenario's multiplier; w_c: the code's share,
 * data/mco_diagnoses.csv.gz); the modules add M_c (Pathways.complicationStays), and `ordinaryStayRate` already takes
 * their total out of the generic rate. The generic main diagnosis is drawn by the national weights and kept with
 * probability max(0, 1 − M_c / (R × w_c)), else drawn again: the generic stays then have the distribution
 * max(0, R w_c − M_c) / (R − Σ M), and generic + module stays of c make R w_c (exactly when no code is clipped at 0).
 * Without module, every code is kept at the first draw: the output is that of the national distribution.
 *
 * The same mechanism takes out the stays births produce (`produced`: deliveries O80–O84 and newborn birth stays Z38,
 * see BirthStays): a generic draw of such a code is never kept, and `ordinaryStayRate` takes the births' full stays
 * out of the generic rate.
 */
export class ModuleStayShares {
  /** `type|sex|age|dept` → code → probability of keeping a generic draw of that code (codes kept always: absent). */
  private readonly cache = new Map<string, ReadonlyMap<string, number>>();
  private readonly active: boolean;

  constructor(
    private readonly hospital: HospitalModel,
    private readonly pathways: Pathways,
    private readonly rates: RateModifiers,
    /** Main diagnoses whose stays another mechanism produces, never drawn for a generic stay. */
    private readonly produced?: (cim: string) => boolean,
  ) {
    this.active = pathways.hasComplicationStays() || produced !== undefined;
  }

  /** Probability of keeping a generic main diagnosis `cim` drawn for a stay of this type, sex, age and département. */
  keep(type: 0 | 1, sex: 1 | 2, age: number, dept: string, cim: string): number {
    if (!this.active) return 1;
    if (this.produced?.(cim) === true) return 0;
    return this.table(type, sex, age, dept).get(cim) ?? 1;
  }

  /**
   * The generic main diagnosis of a stay: `first` (drawn by the caller with its own stream, as without module) when
   * kept, else redrawn with `rng` (a stream of its own, so that the caller's draws are unchanged) until one is kept.
   */
  generic(type: 0 | 1, sex: 1 | 2, age: number, dept: string, first: string, rng: RandomStream): string {
    if (!this.active) return first;
    let dp = first;
    for (let i = 0; i < MAX_GENERIC_DP_REDRAWS; i++) {
      const p = this.keep(type, sex, age, dept, dp);
      if (p >= 1 || rng.next() < p) return dp;
      dp = this.hospital.diagnoses.draw(type, sex, age, rng);
    }
    return dp;
  }

  private table(type: 0 | 1, sex: 1 | 2, age: number, dept: string): ReadonlyMap<string, number> {
    const key = `${type}|${sex}|${age}|${dept}`;
    let t = this.cache.get(key);
    if (t) return t;
    const out = new Map<string, number>();
    const rate = this.hospital.stays.rate(type, sex, age, dept) * this.rates.factor('hospital_stay', sex, age, dept);
    for (const [code, m] of this.pathways.complicationStays(type === 0, sex, age, dept)) {
      const published = rate * this.hospital.diagnoses.weight(type, sex, age, code);
      out.set(code, published > 0 ? Math.max(0, 1 - m / published) : 1);
    }
    this.cache.set(key, (t = out));
    return t;
  }
}

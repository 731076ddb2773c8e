import type { Day } from '../events';
import type { RandomStream } from '../random';
import type { World } from './World';

/** What the ALD model needs to know of a person. */
export interface AldHolder {
  readonly alds: ReadonlyMap<number, { readonly ald: number; readonly start: Day }>;
}

/** ALD prevalence, incidence, ICD-10 codes, and the causes of death. */
export class AldModel {
  constructor(readonly world: World) {}

  /**
   * The ALD a care event of this person relates to (reimbursed at 100 %), or 0 when none.
   */
  careRelatedAld(person: AldHolder, day: Day, rng: RandomStream): number {
    void rng;
    for (const a of person.alds.values()) if (a.start <= day) return a.ald;
    return 0;
  }
}

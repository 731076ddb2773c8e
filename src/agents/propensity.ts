import { ageInYears } from '../events';
import type { Person } from './Person';
import type { World } from '../world';

/**
 * The multiplier of a person's care rates: the latent care propensity (CarePropensity, mean 1) × the factor of
 * having an ALD at entry or not (above 1 for ALD patients, below 1 for the others of the same sex, age and
 * département, mean 1). The ALDs counted are those started by the entry day, so that every process sees the same
 * multiplier whatever the order it starts in.
 */
export function careMultiplier(w: World, person: Person): number {
  // Constant over the person's history (it reads the entry day only); the hospital rate asks for it at every arrival.
  let m = multipliers.get(person);
  if (m === undefined) {
    let hasAld = false;
    for (const a of person.alds.values()) if (a.start <= person.entry) hasAld = true;
    const age = ageInYears(person.birth, person.entry);
    multipliers.set(person, (m = person.propensity.care * w.propensity.aldFactor(person.sex, age, person.home.dept, hasAld)));
  }
  return m;
}

const multipliers = new WeakMap<Person, number>();

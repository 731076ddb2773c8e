import type { RateModifier, RateProcess } from '../scenario';

/**
 * The scenario's rate multipliers, by process: `factor` is the product of the multipliers whose
 * stratum (sex, age range, départements) contains the person.
 */
export class RateModifiers {
  private readonly byProcess = new Map<RateProcess, RateModifier[]>();

  constructor(modifiers: readonly RateModifier[]) {
    for (const m of modifiers) {
      let list = this.byProcess.get(m.process);
      if (!list) this.byProcess.set(m.process, (list = []));
      list.push(m);
    }
  }

  /** Multiplier of a process's rate for a person of this sex, age and département (1 when none applies). */
  factor(process: RateProcess, sex: 1 | 2, age: number, dept: string): number {
    const list = this.byProcess.get(process);
    if (!list) return 1;
    let f = 1;
    for (const m of list) {
      if (m.sex !== undefined && m.sex !== sex) continue;
      if (m.ageMin !== undefined && age < m.ageMin) continue;
      if (m.ageMax !== undefined && age > m.ageMax) continue;
      if (m.departements !== undefined && !m.departements.includes(dept)) continue;
      f *= m.multiplier;
    }
    return f;
  }
}

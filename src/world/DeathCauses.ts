import type { Day } from '../events';
import { DataError } from '../errors';
import type { RandomStream } from '../random';
import { num, str, type DataRegistry } from '../data';

/**
 * Probability that a person who dies while holding an ALD of a life-threatening group dies of it (underlying cause
 * = that ALD's ICD-10 code). Modelling choice, no published figure: see data/sources/55-deaths.md.
 */
export const DEATH_CAUSE_FROM_ALD = 0.5;
/** ALD groups whose code can be an underlying cause of death (all the ALD 30 list except scoliosis, 26). */
const NON_LETHAL_ALDS: ReadonlySet<number> = new Set([26]);

/** What the death-cause model needs to know of a person. */
export interface DeathCauseHolder {
  readonly sex: 1 | 2;
  readonly alds: ReadonlyMap<number, { readonly ald: number; readonly start: Day; readonly cim?: string }>;
}

/** Underlying causes of one sex with cumulative weights. */
interface CauseTable {
  readonly codes: readonly string[];
  readonly cumulative: Float64Array;
}

/**
 * Causes and places of death (CépiDc): the national distribution of underlying causes by sex
 * (data/death_causes.csv), the ALD-related causes, and the share of home among deaths outside hospital
 * (data/death_parameters.csv).
 */
export class DeathCauses {
  /** Share of home among deaths outside hospital. */
  readonly homeShareOutsideHospital: number;
  private readonly causes: CauseTable[] = [];
  private readonly labels = new Map<string, string>();

  /** @param data the run's data tables */
  constructor(data: DataRegistry) {
    const p = data.get('death_parameters.csv');
    const row = p.rows.find((r) => r['name'] === 'home_share_of_deaths_outside_hospital');
    if (!row) throw new DataError('data/death_parameters.csv has no parameter home_share_of_deaths_outside_hospital');
    this.homeShareOutsideHospital = num(p, row, 'value');

    const dc = data.get('death_causes.csv');
    const acc: { codes: string[]; w: number[] }[] = [{ codes: [], w: [] }, { codes: [], w: [] }];
    for (const r of dc.rows) {
      const a = acc[num(dc, r, 'sex') - 1]!;
      const cim = str(dc, r, 'cim');
      a.codes.push(cim);
      a.w.push(num(dc, r, 'weight'));
      this.labels.set(cim, str(dc, r, 'label'));
    }
    for (const s of [0, 1]) {
      const cumulative = new Float64Array(acc[s]!.w.length);
      let sum = 0;
      acc[s]!.w.forEach((w, i) => (cumulative[i] = sum += w));
      this.causes[s] = { codes: acc[s]!.codes, cumulative };
    }
  }

  /**
   * Underlying cause of death: with probability DEATH_CAUSE_FROM_ALD the code (4 characters) of one of the person's
   * ALDs started by then (drawn uniformly; scoliosis excluded), else a code from the national distribution by sex.
   */
  underlyingCause(person: DeathCauseHolder, day: Day, rng: RandomStream): string {
    const held: string[] = [];
    for (const a of person.alds.values()) if (a.start <= day && a.cim !== undefined && !NON_LETHAL_ALDS.has(a.ald)) held.push(a.cim);
    if (held.length > 0 && rng.chance(DEATH_CAUSE_FROM_ALD)) return (rng.pick(held) as string).slice(0, 4);
    const t = this.causes[person.sex - 1] as CauseTable;
    return t.codes[rng.pickCumulative(t.cumulative)] as string;
  }

  /** IR_CIM_V label of a code of the death-cause table, or undefined when it is not there. */
  label(cim: string): string | undefined {
    return this.labels.get(cim);
  }
}

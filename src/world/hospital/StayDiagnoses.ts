import { DataError } from '../../errors';
import type { RandomStream } from '../../random';
import { num, str, type DataRegistry } from '../../data';
import { cumulate } from '../cumulative';
import { MAX_AGE, STAY_TYPES, tableAge, type StayType } from './stayTypes';

/**
 * Mean number of associated diagnoses drawn (Poisson) for a full-hospitalisation stay, besides the
 * person's ALD codes. Modelling choice: no published mean number of DAS per stay is held.
 */
export const EXTRA_DAS_MEAN_FULL_STAY = 1;

/** Main diagnoses of one stay type: codes and cumulative weights per (sex, age class). */
interface DiagnosisTable {
  readonly codes: readonly string[];
  /** First age of each age class, ascending (class c covers [ageStart[c], ageStart[c+1])). */
  readonly ageStart: readonly number[];
  /** [(sex − 1) × classes + class] → cumulative weights over `codes` (0 weight when not allowed). */
  readonly cumulative: readonly Float64Array[];
  /** Code → its index in `codes`. */
  readonly index: ReadonlyMap<string, number>;
}

/** Main and associated diagnoses of stays by type, national weights restricted by sex and age (data/mco_diagnoses.csv.gz). */
export class StayDiagnoses {
  private readonly tables: readonly DiagnosisTable[];

  /** @param data the run's data tables */
  constructor(data: DataRegistry) {
    const t = data.get('mco_diagnoses.csv.gz');
    const out: DiagnosisTable[] = [];
    for (let type = 0; type < STAY_TYPES; type++) {
      const rows = t.rows.filter((r) => num(t, r, 'type') === type);
      if (rows.length === 0) throw new DataError(`data/mco_diagnoses.csv.gz has no diagnosis of type ${type}`);
      // Age classes between the distinct bounds of the restrictions: within a class the allowed codes are the same.
      const bounds = new Set<number>([0]);
      for (const r of rows) {
        bounds.add(num(t, r, 'age_min'));
        if (num(t, r, 'age_max') + 1 <= MAX_AGE) bounds.add(num(t, r, 'age_max') + 1);
      }
      const ageStart = [...bounds].filter((a) => a <= MAX_AGE).sort((a, b) => a - b);
      const codes = rows.map((r) => str(t, r, 'cim'));
      const cumulative: Float64Array[] = [];
      for (const sex of [1, 2]) {
        for (const a of ageStart) {
          const w = rows.map((r) => {
            const s = num(t, r, 'sex');
            const ok = (s === 0 || s === sex) && num(t, r, 'age_min') <= a && a <= num(t, r, 'age_max');
            return ok ? num(t, r, 'weight') : 0;
          });
          cumulative.push(cumulate(w));
        }
      }
      out.push({ codes, ageStart, cumulative, index: new Map(codes.map((c, i) => [c, i])) });
    }
    this.tables = out;
  }

  /** Main diagnosis of a stay of this type, among the codes allowed for the sex and age, by national weight. */
  draw(type: StayType, sex: 1 | 2, age: number, rng: RandomStream): string {
    const t = this.tables[type] as DiagnosisTable;
    return t.codes[rng.pickCumulative(this.cumulativeOf(t, sex, age))] as string;
  }

  /** Share of the main diagnoses of stays of this type, sex and age that `cim` makes (0 when not in the table). */
  weight(type: StayType, sex: 1 | 2, age: number, cim: string): number {
    const t = this.tables[type] as DiagnosisTable;
    const i = t.index.get(cim);
    if (i === undefined) return 0;
    const cum = this.cumulativeOf(t, sex, age);
    const total = cum[cum.length - 1] as number;
    return total > 0 ? ((cum[i] as number) - (i > 0 ? (cum[i - 1] as number) : 0)) / total : 0;
  }

  private cumulativeOf(t: DiagnosisTable, sex: 1 | 2, age: number): Float64Array {
    const a = tableAge(age);
    let c = 0;
    while (c + 1 < t.ageStart.length && (t.ageStart[c + 1] as number) <= a) c += 1;
    return t.cumulative[(sex - 1) * t.ageStart.length + c] as Float64Array;
  }

  /** Associated diagnoses drawn for a full stay (besides the person's ALD codes), distinct from `exclude`. */
  drawExtraDas(sex: 1 | 2, age: number, exclude: readonly string[], rng: RandomStream): string[] {
    const n = rng.poisson(EXTRA_DAS_MEAN_FULL_STAY);
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const c = this.draw(0, sex, age, rng);
      if (!exclude.includes(c) && !out.includes(c)) out.push(c);
    }
    return out;
  }
}

import { DataError } from '../errors';
import type { DataRegistry } from '../data';
import { num } from '../data';

/** A rate by sex and age band read from a data table (`sex,age_min,age_max,rate`). */
export class SexAgeRate {
  private readonly bySex: [Float64Array, Float64Array, Float64Array];

  constructor(
    data: DataRegistry,
    readonly table: string,
    maxAge = 120,
  ) {
    const t = data.get(table);
    this.bySex = [new Float64Array(maxAge + 1), new Float64Array(maxAge + 1).fill(NaN), new Float64Array(maxAge + 1).fill(NaN)];
    for (const r of t.rows) {
      const sex = num(t, r, 'sex');
      const lo = num(t, r, 'age_min');
      const hi = Math.min(num(t, r, 'age_max'), maxAge);
      const rate = num(t, r, 'rate');
      if (sex !== 1 && sex !== 2) throw new DataError(`data/${table}: sex must be 1 or 2, got ${sex}`);
      if (rate < 0) throw new DataError(`data/${table}: negative rate ${rate}`);
      for (let a = lo; a <= hi; a++) this.bySex[sex][a] = rate;
    }
    for (const sex of [1, 2] as const) {
      const i = this.bySex[sex].findIndex((x) => Number.isNaN(x));
      if (i >= 0) throw new DataError(`data/${table}: no rate for sex ${sex} at age ${i}`);
    }
  }

  /** Rate at completed age `age` (ages beyond the table use its last age). */
  rate(sex: 1 | 2, age: number): number {
    const arr = this.bySex[sex];
    return arr[Math.min(age, arr.length - 1)] as number;
  }
}

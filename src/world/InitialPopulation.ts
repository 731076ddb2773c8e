import { DataError } from '../errors';
import type { DataRegistry } from '../data';
import { num, str } from '../data';

/** Persons alive at the start in one (département, sex, age) cell. */
export interface PopulationCell {
  readonly dept: string;
  /** 1 male, 2 female (SNDS BEN_SEX_COD). */
  readonly sex: 1 | 2;
  /** Age in completed years at the start date (99 = 99 and over in the source table). */
  readonly age: number;
  /** Number of simulated persons in the cell. */
  readonly count: number;
  /** Index of the first person of the cell. */
  readonly first: number;
}

/**
 * The persons alive on the start date: INSEE population by département × sex × single year of age
 * of the start year (nearest available year), scaled to the requested size. Counts are rounded by the
 * largest-remainder method so the total is exact; person i belongs to the cell whose range holds i.
 * This is a pure function of the data and the options, identical in every worker and shard.
 */
export class InitialPopulation {
  readonly cells: readonly PopulationCell[];
  readonly total: number;
  /** Real population of the simulated départements in the source year. */
  readonly realTotal: number;
  /** Year of the INSEE estimate used. */
  readonly year: number;
  /** Real population by département in the source year. */
  readonly realByDept: ReadonlyMap<string, number>;
  private readonly firsts: Float64Array;
  /** `dept|sex|age` → real population of the cell in the source year. */
  private readonly real = new Map<string, number>();

  constructor(data: DataRegistry, depts: readonly string[], startYear: number, requested: number | null) {
    // The simulated départements' rows only (the table has every département of every year).
    const t = data.select('population.csv.gz', 'dept', depts);
    const years = [...new Set(t.rows.map((r) => num(t, r, 'year')))].sort((a, b) => a - b);
    if (years.length === 0) throw new DataError(`data/population.csv.gz has no rows for département ${depts.join(', ')}`);
    const year = years.reduce((best, y) => (Math.abs(y - startYear) < Math.abs(best - startYear) ? y : best), years[0] as number);
    const raw: { dept: string; sex: 1 | 2; age: number; real: number }[] = [];
    const realByDept = new Map<string, number>();
    for (const r of t.rows) {
      if (num(t, r, 'year') !== year) continue;
      const dept = str(t, r, 'dept');
      const sex = num(t, r, 'sex');
      if (sex !== 1 && sex !== 2) throw new DataError(`data/population.csv.gz: bad sex ${sex}`);
      const real = num(t, r, 'count');
      raw.push({ dept, sex, age: num(t, r, 'age'), real });
      realByDept.set(dept, (realByDept.get(dept) ?? 0) + real);
    }
    for (const d of depts) if (!realByDept.has(d)) throw new DataError(`no population for département ${d} in ${year}`);
    // Stable cell order: département in the order given, then sex, then age.
    const order = new Map(depts.map((d, i) => [d, i]));
    raw.sort((a, b) => (order.get(a.dept) as number) - (order.get(b.dept) as number) || a.sex - b.sex || a.age - b.age);
    const realTotal = raw.reduce((s, c) => s + c.real, 0);
    const total = requested ?? Math.round(realTotal);
    const scale = total / realTotal;
    const exact = raw.map((c) => c.real * scale);
    const counts = exact.map((x) => Math.floor(x));
    let missing = total - counts.reduce((s, x) => s + x, 0);
    const byRemainder = exact.map((x, i) => ({ i, rem: x - Math.floor(x) })).sort((a, b) => b.rem - a.rem || a.i - b.i);
    for (let k = 0; missing > 0; k++, missing--) {
      const idx = (byRemainder[k % byRemainder.length] as { i: number }).i;
      counts[idx] = (counts[idx] as number) + 1;
    }
    const cells: PopulationCell[] = [];
    const firsts: number[] = [];
    let first = 0;
    raw.forEach((c, i) => {
      const count = counts[i] as number;
      if (count === 0) return;
      cells.push({ dept: c.dept, sex: c.sex, age: c.age, count, first });
      firsts.push(first);
      first += count;
    });
    this.cells = cells;
    this.firsts = Float64Array.from(firsts);
    this.total = total;
    this.realTotal = realTotal;
    this.year = year;
    this.realByDept = realByDept;
    for (const c of raw) this.real.set(`${c.dept}|${c.sex}|${c.age}`, c.real);
  }

  /** Real population (INSEE, source year) of a département, sex and age (0 when the table has no such cell). */
  realCount(dept: string, sex: 1 | 2, age: number): number {
    return this.real.get(`${dept}|${sex}|${age}`) ?? 0;
  }

  /** The cell of person `i` (0 ≤ i < total). */
  cellOf(i: number): PopulationCell {
    if (i < 0 || i >= this.total) throw new RangeError(`person index ${i} outside [0, ${this.total})`);
    const f = this.firsts;
    let lo = 0;
    let hi = f.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((f[mid] as number) <= i) lo = mid;
      else hi = mid - 1;
    }
    return this.cells[lo] as PopulationCell;
  }
}

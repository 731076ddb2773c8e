import { DataError } from '../errors';
import { num, str, type DataRegistry } from '../data';

const ILI = 'ili_weekly.csv.gz';

/** The series every region without one of its own follows. */
export const FRANCE = 'FR';

/** How many years around a missing one are averaged for a week absent from the ILI series. */
const NEAREST_YEARS = 10;

/**
 * Weekly incidence of influenza-like illness (Réseau Sentinelles, `data/ili_weekly.csv.gz`) by region,
 * ISO year and week, with the mean of the nearest years standing in for weeks the series lacks.
 */
export class IliIncidence {
  /** region → ISO year → weekly incidence (index = ISO week 1–53, NaN where absent). */
  private readonly series = new Map<string, Map<number, Float64Array>>();
  /** Means of the nearest years, by `series|year|week`. */
  private readonly means = new Map<string, number>();

  /** Reads `ili_weekly.csv.gz`. */
  static fromData(reg: DataRegistry): IliIncidence {
    return new IliIncidence(reg);
  }

  private constructor(reg: DataRegistry) {
    const t = reg.get(ILI);
    for (const row of t.rows) {
      const region = str(t, row, 'region');
      const year = num(t, row, 'iso_year');
      const week = num(t, row, 'iso_week');
      let years = this.series.get(region);
      if (!years) {
        years = new Map();
        this.series.set(region, years);
      }
      let weeks = years.get(year);
      if (!weeks) {
        weeks = new Float64Array(54).fill(NaN);
        years.set(year, weeks);
      }
      weeks[week] = num(t, row, 'inc100');
    }
    if (!this.series.has(FRANCE)) throw new DataError(`data/${ILI}: no France (${FRANCE}) series`);
  }

  /** Incidence of ILI in a region's series (France where the region has none) for an ISO year and week. */
  at(region: string, year: number, week: number): number {
    const series = this.series.has(region) ? region : FRANCE;
    const v = this.series.get(series)?.get(year)?.[week];
    if (v !== undefined && Number.isFinite(v)) return v;
    if (week === 53) {
      // Years with 53 ISO weeks are rare in the series: borrow week 52 of the same year when present.
      const w52 = this.series.get(series)?.get(year)?.[52];
      if (w52 !== undefined && Number.isFinite(w52)) return w52;
    }
    return this.climatology(series, year, week);
  }

  /**
   * Mean incidence of an ISO week over the `NEAREST_YEARS` available years nearest to `year` (ties to
   * the earlier year): used for weeks the series does not cover (before 1984-44, after its last week).
   */
  private climatology(series: string, year: number, week: number): number {
    const key = `${series}|${year}|${week}`;
    const cached = this.means.get(key);
    if (cached !== undefined) return cached;
    const years = this.series.get(series) as Map<number, Float64Array>;
    const candidates: { y: number; v: number }[] = [];
    for (const [y, weeks] of years) {
      const v = weeks[week] ?? NaN;
      const v2 = Number.isFinite(v) ? v : week === 53 ? (weeks[52] ?? NaN) : NaN;
      if (Number.isFinite(v2) && y !== year) candidates.push({ y, v: v2 });
    }
    candidates.sort((a, b) => Math.abs(a.y - year) - Math.abs(b.y - year) || a.y - b.y);
    const near = candidates.slice(0, NEAREST_YEARS);
    if (near.length === 0) throw new DataError(`data/${ILI}: no value for week ${week} in the ${series} series`);
    const mean = near.reduce((s, c) => s + c.v, 0) / near.length;
    this.means.set(key, mean);
    return mean;
  }

}

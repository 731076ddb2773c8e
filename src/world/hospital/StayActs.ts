import type { RandomStream } from '../../random';
import { num, str, type DataRegistry, type DataTable } from '../../data';
import { cumulate, cumulativeTotal } from '../cumulative';
import type { HospitalRegions } from './HospitalRegions';

/** A CCAM act drawn for a stay (day chosen by the caller). */
export interface DrawnAct {
  readonly code: string;
  readonly phase: number;
}

/** CCAM acts of one INSEE region: pools for stays with nights and 0-night stays. */
interface ActPool {
  readonly acts: readonly DrawnAct[];
  /** Cumulative stays with the act and at least one night. */
  readonly nights: Float64Array;
  /** Cumulative 0-night stays with the act. */
  readonly zeroNight: Float64Array;
  /** Mean distinct acts per stay with nights (type 0) and per 0-night stay or session (types 1, 2). */
  readonly meanNights: number;
  readonly meanZeroNight: number;
}

function optionalNum(t: DataTable, r: Record<string, string>, col: string): number {
  return (r[col] ?? '') === '' ? 0 : num(t, r, col);
}

/** CCAM acts performed in stays, by INSEE region (ATIH Open CCAM, data/mco_acts.csv.gz). */
export class StayActs {
  /** INSEE region → CCAM act pool. */
  private readonly pools = new Map<string, ActPool>();

  /**
   * @param data the run's data tables
   * @param depts the simulated départements (the pools of their INSEE regions are built)
   * @param regions the ScanSanté and INSEE regions of the départements
   */
  constructor(
    data: DataRegistry,
    depts: readonly string[],
    private readonly regions: HospitalRegions,
  ) {
    const { scanRegionOf, inseeOfDept } = regions;
    const wanted = new Set(depts.map((d) => inseeOfDept.get(d) ?? ''));
    // Stays of each INSEE region (2016 ScanSanté counts, summed over its départements' ScanSanté regions).
    const st = data.get('mco_stay_rates.csv');
    // The acts of the other regions are skipped unparsed.
    const t = data.select('mco_acts.csv.gz', 'region', wanted);
    for (const region of wanted) {
      const scanRegions = new Set<string>();
      for (const [d, r] of scanRegionOf) if (inseeOfDept.get(d) === region) scanRegions.add(r);
      let nights = 0;
      let zero = 0;
      for (const r of st.rows) {
        if (!scanRegions.has(str(st, r, 'region'))) continue;
        if (num(st, r, 'type') === 0) nights += num(st, r, 'stays');
        else zero += num(st, r, 'stays');
      }
      const acts: DrawnAct[] = [];
      const wNights: number[] = [];
      const wZero: number[] = [];
      for (const r of t.rows) {
        if (str(t, r, 'region') !== region) continue;
        const stays = num(t, r, 'stays');
        const z = Math.min(stays, optionalNum(t, r, 'zero_night_stays'));
        acts.push({ code: str(t, r, 'act'), phase: num(t, r, 'phase') });
        wNights.push(stays - z);
        wZero.push(z);
      }
      const nCum = cumulate(wNights);
      const zCum = cumulate(wZero);
      this.pools.set(region, {
        acts,
        nights: nCum,
        zeroNight: zCum,
        meanNights: nights > 0 ? cumulativeTotal(nCum) / nights : 0,
        meanZeroNight: zero > 0 ? cumulativeTotal(zCum) / zero : 0,
      });
    }
  }

  /**
   * CCAM acts of a stay of a resident of `dept`: a Poisson number with the regional mean of distinct acts
   * per stay (ATIH Open CCAM stays with the act / ScanSanté stays), drawn by their number of stays with
   * nights (full stays) or of 0-night stays (same-day stays and sessions); no act twice in a stay.
   */
  draw(dept: string, withNights: boolean, rng: RandomStream): DrawnAct[] {
    const pool = this.pools.get(this.regions.insee(dept));
    if (!pool) return [];
    const cum = withNights ? pool.nights : pool.zeroNight;
    if (cumulativeTotal(cum) <= 0) return [];
    const n = rng.poisson(withNights ? pool.meanNights : pool.meanZeroNight);
    const out: DrawnAct[] = [];
    for (let i = 0; i < n; i++) {
      const act = pool.acts[rng.pickCumulative(cum)] as DrawnAct;
      if (!out.includes(act)) out.push(act);
    }
    return out;
  }
}

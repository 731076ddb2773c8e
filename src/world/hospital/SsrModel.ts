import { DataError } from '../../errors';
import type { RandomStream } from '../../random';
import { num, str, type DataRegistry } from '../../data';
import { cumulate } from '../cumulative';
import type { Establishment } from './Establishments';
import type { HospitalRegions } from './HospitalRegions';

/**
 * Days between an MCO discharge and the first day of a part-time SSR stay, drawn uniformly in
 * [1, this]. Modelling choice: no published delay; full-time stays start on the day of the MCO discharge
 * (direct transfer).
 */
export const SSR_PART_TIME_MAX_DELAY = 14;
/**
 * Window within which an SSR admission follows the MCO discharge it comes from (the `check` rule): the
 * longest delay above, rounded up to a month.
 */
export const SSR_ADMISSION_WINDOW_DAYS = 30;
/**
 * Day sessions a week of a part-time SSR stay (on working days). Modelling choice: no published rhythm;
 * with the published sessions per stay (about 12.6) a part-time stay lasts about a month.
 */
export const SSR_PART_TIME_SESSIONS_PER_WEEK = 3;

/** A kind of MCO full stay and its probability of being followed by an SSR stay. */
export interface SsrTransferKind {
  readonly kind: string;
  readonly ranges: readonly (readonly [string, string])[];
  readonly ageMin: number;
  readonly ageMax: number;
  readonly probability: number;
}

/** The establishments of one département for SSR, full-time and part-time. */
interface SsrChoice {
  readonly full: readonly Establishment[];
  readonly fullCum: Float64Array;
  readonly part: readonly Establishment[];
  readonly partCum: Float64Array;
}

/**
 * SSR stays after MCO full stays (data/ssr_transfer.csv, data/ssr_parameters.csv) and the SSR establishments
 * of the simulated départements' regions (data/ssr_establishments.csv, SAE 2023).
 */
export class SsrModel {
  readonly kinds: readonly SsrTransferKind[];
  /** Share of SSR stays that are part-time (a series of day sessions). */
  readonly partTimeShare: number;
  /** Mean planned length of a full-time stay, days (calibrated: once cut by MCO readmissions and deaths, the mean is the published full_time_mean_los). */
  readonly fullTimePlannedMeanLos: number;
  /** Shape of the gamma distribution of planned full-time lengths (its mean is fullTimePlannedMeanLos). */
  readonly fullTimeLosShape: number;
  /** Mean number of day sessions of a part-time stay. */
  readonly sessionsPerPartTimeStay: number;
  /** SSR establishments of the simulated regions, sorted by FINESS (T_SSRyyE). */
  readonly all: readonly Establishment[];
  private readonly choices = new Map<string, SsrChoice>();

  constructor(data: DataRegistry, depts: readonly string[], regions: HospitalRegions) {
    const t = data.get('ssr_transfer.csv');
    this.kinds = t.rows.map((r) => ({
      kind: str(t, r, 'kind'),
      ranges: str(t, r, 'icd10_ranges')
        .split(';')
        .filter((x) => x !== '')
        .map((x) => {
          const [a, b] = x.split('-');
          if (a === undefined || b === undefined) throw new DataError(`data/ssr_transfer.csv: bad ICD-10 range "${x}"`);
          return [a, b] as const;
        }),
      ageMin: num(t, r, 'age_min'),
      ageMax: num(t, r, 'age_max'),
      probability: num(t, r, 'probability'),
    }));
    const p = data.get('ssr_parameters.csv');
    const param = (name: string): number => {
      const row = p.rows.find((r) => str(p, r, 'name') === name);
      if (!row) throw new DataError(`data/ssr_parameters.csv: no parameter ${name}`);
      return num(p, row, 'value');
    };
    this.partTimeShare = param('part_time_share');
    this.fullTimePlannedMeanLos = param('full_time_planned_mean_los');
    this.fullTimeLosShape = param('full_time_los_gamma_shape');
    this.sessionsPerPartTimeStay = param('part_time_sessions_per_stay');

    const { scanRegionOf, inseeOfDept } = regions;
    const e = data.get('ssr_establishments.csv');
    const wanted = new Set(depts.map((d) => scanRegionOf.get(d) as string));
    const all: { e: Establishment; full: number; part: number }[] = [];
    for (const r of e.rows) {
      const dept = str(e, r, 'dept');
      if (!wanted.has(scanRegionOf.get(dept) ?? '')) continue;
      const status = str(e, r, 'status');
      if (status !== 'public' && status !== 'private non-profit' && status !== 'private for-profit') throw new DataError(`data/ssr_establishments.csv: unknown status ${status}`);
      all.push({
        e: { finess: str(e, r, 'finess'), finessEj: str(e, r, 'finess_ej'), name: str(e, r, 'name'), dept, commune: str(e, r, 'commune'), region: inseeOfDept.get(dept) ?? '', category: str(e, r, 'category'), status },
        full: num(e, r, 'ssr_full_stays'),
        part: num(e, r, 'ssr_part_days'),
      });
    }
    all.sort((a, b) => (a.e.finess < b.e.finess ? -1 : a.e.finess > b.e.finess ? 1 : 0));
    for (const d of depts) {
      const region = scanRegionOf.get(d) as string;
      // The département's establishments, or the region's when it has none with that activity.
      const pick = (w: (x: (typeof all)[number]) => number): { list: Establishment[]; cum: Float64Array } => {
        let xs = all.filter((x) => x.e.dept === d && w(x) > 0);
        if (xs.length === 0) xs = all.filter((x) => scanRegionOf.get(x.e.dept) === region && w(x) > 0);
        if (xs.length === 0) throw new DataError(`data/ssr_establishments.csv: no SSR establishment in the region of département ${d}`);
        return { list: xs.map((x) => x.e), cum: cumulate(xs.map(w)) };
      };
      const full = pick((x) => x.full);
      const part = pick((x) => x.part);
      this.choices.set(d, { full: full.list, fullCum: full.cum, part: part.list, partCum: part.cum });
    }
    this.all = all.map((x) => x.e);
  }

  /** The kind of an MCO full stay of main diagnosis `dp` at age `age` (first matching row). */
  kindOf(dp: string, age: number): SsrTransferKind | undefined {
    const c = dp.slice(0, 3);
    return this.kinds.find((k) => age >= k.ageMin && age <= k.ageMax && (k.ranges.length === 0 || k.ranges.some(([a, b]) => c >= a && c <= b)));
  }

  /** Planned length of a full-time stay (days, at least 1): gamma of the calibrated planned mean and the published tail's shape. */
  drawFullTimeLos(rng: RandomStream): number {
    return Math.max(1, Math.round(rng.gamma(this.fullTimeLosShape, this.fullTimePlannedMeanLos / this.fullTimeLosShape)));
  }

  /** SSR establishment of the département (in proportion to its SAE full-time stays or part-time days). */
  draw(dept: string, fullTime: boolean, rng: RandomStream): Establishment {
    const c = this.choices.get(dept) as SsrChoice;
    return fullTime ? (c.full[rng.pickCumulative(c.fullCum)] as Establishment) : (c.part[rng.pickCumulative(c.partCum)] as Establishment);
  }
}

import { DataError } from '../../errors';
import type { RandomStream } from '../../random';
import { num, str, type DataRegistry } from '../../data';
import { cumulate } from '../cumulative';
import type { HospitalRegions } from './HospitalRegions';
import { STAY_TYPES, type StayType } from './stayTypes';

/** A health establishment with MCO activity (BE_IDE_R row, T_MCOyyE row). */
export interface Establishment {
  /** FINESS géographique (9 characters, the last one is the check digit). */
  readonly finess: string;
  /** FINESS juridique (legal entity). */
  readonly finessEj: string;
  readonly name: string;
  readonly dept: string;
  /** INSEE commune code. */
  readonly commune: string;
  /** INSEE region (2016 regions) of its département. */
  readonly region: string;
  /** FINESS category code (e.g. 355 centre hospitalier, 101 CHR/CHU). */
  readonly category: string;
  readonly status: 'public' | 'private non-profit' | 'private for-profit';
}

/**
 * Share of stays of a person made in an establishment of the region outside the home département
 * (the rest in the home département). Modelling choice: no open table of patient flows between
 * départements is held (data/sources/40-hospital.md).
 */
export const STAY_SHARE_OUTSIDE_DEPT = 0.1;

/** Establishments a person of a département is sent to, for one stay type. */
interface EstablishmentChoice {
  readonly inDept: readonly Establishment[];
  readonly inDeptCum: Float64Array;
  readonly elsewhere: readonly Establishment[];
  readonly elsewhereCum: Float64Array;
}

/** The MCO establishments of the simulated départements' regions (data/establishments.csv, SAE activity). */
export class Establishments {
  /** Establishments of the regions of the simulated départements, sorted by FINESS (BE_IDE_R, T_MCOyyE). */
  readonly all: readonly Establishment[];
  /** `${dept}|${type}` → establishment choice. */
  private readonly choices = new Map<string, EstablishmentChoice>();
  /** Département → choice among its public and private non-profit establishments (outpatient care, ACE). */
  private readonly outpatient = new Map<string, EstablishmentChoice>();
  /** Département → share of its full stays (type 0 weights) made in public or private non-profit establishments. */
  private readonly nonProfitFull = new Map<string, number>();

  /**
   * @param data the run's data tables
   * @param depts the simulated départements
   * @param regions the ScanSanté and INSEE regions of the départements
   */
  constructor(data: DataRegistry, depts: readonly string[], regions: HospitalRegions) {
    const { scanRegionOf, inseeOfDept } = regions;
    const t = data.get('establishments.csv');
    const wanted = new Set(depts.map((d) => scanRegionOf.get(d) as string));
    const all: { e: Establishment; weights: [number, number, number] }[] = [];
    for (const r of t.rows) {
      const dept = str(t, r, 'dept');
      if (!wanted.has(scanRegionOf.get(dept) ?? '')) continue;
      const status = str(t, r, 'status');
      if (status !== 'public' && status !== 'private non-profit' && status !== 'private for-profit') throw new DataError(`data/establishments.csv: unknown status ${status}`);
      const full = num(t, r, 'mco_full_stays');
      const zero = num(t, r, 'mco_zero_night_stays');
      all.push({
        e: {
          finess: str(t, r, 'finess'),
          finessEj: str(t, r, 'finess_ej'),
          name: str(t, r, 'name'),
          dept,
          commune: str(t, r, 'commune'),
          region: inseeOfDept.get(dept) ?? '',
          category: str(t, r, 'category'),
          status,
        },
        // Type 0: full-hospitalisation stays; type 1: full + 0-day stays (day-case counts are not in the SAE table); type 2: sessions.
        weights: [full, full + zero, num(t, r, 'mco_sessions')],
      });
    }
    all.sort((a, b) => (a.e.finess < b.e.finess ? -1 : a.e.finess > b.e.finess ? 1 : 0));
    for (const d of depts) {
      const region = scanRegionOf.get(d) as string;
      for (let type = 0; type < STAY_TYPES; type++) {
        const inDept = all.filter((x) => x.e.dept === d && x.weights[type]! > 0);
        const elsewhere = all.filter((x) => x.e.dept !== d && scanRegionOf.get(x.e.dept) === region && x.weights[type]! > 0);
        if (inDept.length === 0 && elsewhere.length === 0) throw new DataError(`data/establishments.csv: no establishment with stays of type ${type} in the region of département ${d}`);
        this.choices.set(`${d}|${type}`, {
          inDept: inDept.map((x) => x.e),
          inDeptCum: cumulate(inDept.map((x) => x.weights[type]!)),
          elsewhere: elsewhere.map((x) => x.e),
          elsewhereCum: cumulate(elsewhere.map((x) => x.weights[type]!)),
        });
      }
    }
    for (const d of depts) {
      const region = scanRegionOf.get(d) as string;
      // Outpatient care (ACE) exists only in public and non-profit establishments; weighted by full + 0-night stays.
      const open = (x: (typeof all)[number]): boolean => x.e.status !== 'private for-profit' && x.weights[1] > 0;
      const inDept = all.filter((x) => x.e.dept === d && open(x));
      const elsewhere = all.filter((x) => x.e.dept !== d && scanRegionOf.get(x.e.dept) === region && open(x));
      if (inDept.length === 0 && elsewhere.length === 0) throw new DataError(`data/establishments.csv: no public or non-profit establishment in the region of département ${d}`);
      this.outpatient.set(d, {
        inDept: inDept.map((x) => x.e),
        inDeptCum: cumulate(inDept.map((x) => x.weights[1])),
        elsewhere: elsewhere.map((x) => x.e),
        elsewhereCum: cumulate(elsewhere.map((x) => x.weights[1])),
      });
      const c = this.choices.get(`${d}|0`) as EstablishmentChoice;
      const share = (list: readonly Establishment[], cum: Float64Array): number => {
        const total = cum[cum.length - 1] ?? 0;
        let open0 = 0;
        list.forEach((e, i) => {
          if (e.status !== 'private for-profit') open0 += (cum[i] as number) - (i > 0 ? (cum[i - 1] as number) : 0);
        });
        return total > 0 ? open0 / total : 0;
      };
      const pIn = c.inDept.length === 0 ? 0 : c.elsewhere.length === 0 ? 1 : 1 - STAY_SHARE_OUTSIDE_DEPT;
      this.nonProfitFull.set(d, pIn * share(c.inDept, c.inDeptCum) + (1 - pIn) * share(c.elsewhere, c.elsewhereCum));
    }
    this.all = all.map((x) => x.e);
  }

  /** Establishment of an outpatient passage (ACE) of a resident of `dept`: public or non-profit, split as for stays. */
  drawOutpatient(dept: string, rng: RandomStream): Establishment {
    const c = this.outpatient.get(dept) as EstablishmentChoice;
    const outside = c.inDept.length === 0 || (c.elsewhere.length > 0 && rng.chance(STAY_SHARE_OUTSIDE_DEPT));
    return outside ? (c.elsewhere[rng.pickCumulative(c.elsewhereCum)] as Establishment) : (c.inDept[rng.pickCumulative(c.inDeptCum)] as Establishment);
  }

  /** Expected share of the full stays of a resident of `dept` made in public or non-profit establishments. */
  nonProfitShareOfFullStays(dept: string): number {
    return this.nonProfitFull.get(dept) ?? 0;
  }

  /**
   * Establishment of a stay of a resident of `dept`: with STAY_SHARE_OUTSIDE_DEPT one of the region
   * outside the département, else one of the département, each in proportion to its SAE activity of the
   * stay's type (communes have no coordinates, so distance enters only through this split).
   */
  draw(dept: string, type: StayType, rng: RandomStream): Establishment {
    const c = this.choices.get(`${dept}|${type}`) as EstablishmentChoice;
    const outside = c.inDept.length === 0 || (c.elsewhere.length > 0 && rng.chance(STAY_SHARE_OUTSIDE_DEPT));
    return outside ? (c.elsewhere[rng.pickCumulative(c.elsewhereCum)] as Establishment) : (c.inDept[rng.pickCumulative(c.inDeptCum)] as Establishment);
  }
}

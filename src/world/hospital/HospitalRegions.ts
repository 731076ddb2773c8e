import { DataError } from '../../errors';
import { str, type DataRegistry } from '../../data';

/**
 * The two regional keys of hospital data: the ScanSanté region of each département (stay rates and
 * establishments' catchment) and its INSEE region (2016 regions: CCAM acts in stays, establishments).
 */
export class HospitalRegions {
  /** département → ScanSanté region (every département of data/mco_region_of_dept.csv). */
  readonly scanRegionOf: ReadonlyMap<string, string>;
  /** département → INSEE region (every département of data/departements.csv). */
  readonly inseeOfDept: ReadonlyMap<string, string>;

  /**
   * @param data the run's data tables
   * @param depts the simulated départements (each must have a ScanSanté region)
   */
  constructor(data: DataRegistry, depts: readonly string[]) {
    const rd = data.get('mco_region_of_dept.csv');
    const scanRegionOf = new Map<string, string>();
    for (const r of rd.rows) scanRegionOf.set(str(rd, r, 'dept'), str(rd, r, 'region'));
    const dt = data.get('departements.csv');
    const inseeOfDept = new Map<string, string>();
    for (const r of dt.rows) inseeOfDept.set(str(dt, r, 'code'), str(dt, r, 'region'));
    for (const d of depts) {
      if (!scanRegionOf.has(d)) throw new DataError(`data/mco_region_of_dept.csv has no region for département ${d}`);
    }
    this.scanRegionOf = scanRegionOf;
    this.inseeOfDept = inseeOfDept;
  }

  /** ScanSanté region of a simulated département. */
  scan(dept: string): string {
    return this.scanRegionOf.get(dept) as string;
  }

  /** INSEE region of a département ('' when unknown). */
  insee(dept: string): string {
    return this.inseeOfDept.get(dept) ?? '';
  }
}

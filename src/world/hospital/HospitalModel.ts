import type { DataRegistry } from '../../data';
import { Establishments } from './Establishments';
import { GhmGrouper } from './GhmGrouper';
import { HospitalRegions } from './HospitalRegions';
import { SessionSeries } from './SessionSeries';
import { StayActs } from './StayActs';
import { StayDiagnoses } from './StayDiagnoses';
import { StayRates } from './StayRates';
import { SsrModel } from './SsrModel';
import { StayValuation } from './StayValuation';

/**
 * Hospital stays (PMSI MCO) of the simulated départements, one part per job: stay rates and lengths,
 * main and associated diagnoses, session series, establishments, CCAM acts in stays and the GHM
 * grouper, the valuation of stays. Every lookup is precomputed; per-stay work is array indexing and binary searches.
 */
export class HospitalModel {
  /** Stay rates and lengths of stay. */
  readonly stays: StayRates;
  /** Main and associated diagnoses. */
  readonly diagnoses: StayDiagnoses;
  /** Session series (dialysis, chemotherapy, other sessions). */
  readonly sessions: SessionSeries;
  /** Establishments of the simulated regions and the choice of one for a stay. */
  readonly establishments: Establishments;
  /** CCAM acts in stays. */
  readonly acts: StayActs;
  /** GHM of a stay. */
  readonly grouper: GhmGrouper;
  /** SSR stays after MCO full stays and the SSR establishments. */
  readonly ssr: SsrModel;
  /** GHS and insurance's part of stays in public hospitals (T_MCOaaVALO). */
  readonly valuation: StayValuation;

  /**
   * @param data the run's data tables
   * @param depts the simulated départements
   */
  constructor(data: DataRegistry, depts: readonly string[]) {
    const regions = new HospitalRegions(data, depts);
    this.stays = new StayRates(data, depts, regions);
    this.diagnoses = new StayDiagnoses(data);
    this.acts = new StayActs(data, depts, regions);
    this.establishments = new Establishments(data, depts, regions);
    this.sessions = new SessionSeries(data);
    this.grouper = new GhmGrouper(data);
    this.ssr = new SsrModel(data, depts, regions);
    this.valuation = new StayValuation(data);
  }
}

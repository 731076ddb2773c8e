/** Hospital stays (PMSI MCO): rates, diagnoses, sessions, establishments, acts, GHM. */
export { HospitalModel } from './HospitalModel';
export { StayRates } from './StayRates';
export { StayDiagnoses, EXTRA_DAS_MEAN_FULL_STAY } from './StayDiagnoses';
export { SessionSeries, readSessionKinds } from './SessionSeries';
export type { SessionKind } from './SessionSeries';
export { Establishments, STAY_SHARE_OUTSIDE_DEPT } from './Establishments';
export type { Establishment } from './Establishments';
export { StayActs } from './StayActs';
export type { DrawnAct } from './StayActs';
export { GhmGrouper } from './GhmGrouper';
export { StayValuation } from './StayValuation';
export type { GhsSector, GhsTariff, StayFacts, StayValue } from './StayValuation';
export { CmdRules } from './CmdRules';
export type { StayType } from './stayTypes';
export { SsrModel, SSR_ADMISSION_WINDOW_DAYS, SSR_PART_TIME_MAX_DELAY, SSR_PART_TIME_SESSIONS_PER_WEEK } from './SsrModel';
export type { SsrTransferKind } from './SsrModel';

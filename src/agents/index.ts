export { PersonSimulator, PRIORITY, MIN_MONTHS_BETWEEN_BIRTHS } from './PersonSimulator';
export type { PersonOutcome } from './PersonSimulator';
export { NEWBORN_BASE, MAX_BIRTHS_PER_WOMAN, newbornId } from './Person';
export type { Person } from './Person';
export type { CareRecord, ConsultationRecord } from './records';
export { nextArrival } from './hazard';
export type { AgeYearRate } from './hazard';

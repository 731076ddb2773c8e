import type { Day } from '../events';
import type { Physician } from '../world';

/**
 * Care records: typed domain events produced by the agents. The exporters map them to SNDS rows;
 * agents never build table rows themselves.
 */
export interface ConsultationRecord {
  readonly kind: 'consultation';
  readonly day: Day;
  /** Executing physician. */
  readonly physician: Physician;
  /** IR_NAT_V prestation code (e.g. 1110 consultation G of general practice). */
  readonly prsNat: number;
}

/** Every record kind. */
export type CareRecord = ConsultationRecord;

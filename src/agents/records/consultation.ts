import type { Day } from '../../events';
import type { Physician } from '../../world';

/** A consultation (or visit) by a general practitioner or a specialist, in private practice. */
export interface ConsultationRecord {
  readonly kind: 'consultation';
  readonly day: Day;
  /** Executing physician. */
  readonly physician: Physician;
  /** ALD number the consultation relates to (reimbursed at 100 %), or 0. */
  readonly ald: number;
}

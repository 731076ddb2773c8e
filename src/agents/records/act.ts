import type { Day } from '../../events';
import type { CcamAct, Physician } from '../../world';

/** A CCAM technical act performed in private practice. */
export interface ActRecord {
  readonly kind: 'act';
  readonly day: Day;
  readonly physician: Physician;
  readonly act: CcamAct;
  /** ALD number the act relates to (reimbursed at 100 %), or 0. */
  readonly ald: number;
}

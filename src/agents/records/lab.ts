import type { Day } from '../../events';
import type { Laboratory, LabTest, Physician } from '../../world';

/** A lab test (NABM act) performed by a medical biology laboratory on a prescription: ER_PRS_F + ER_BIO_F. */
export interface LabRecord {
  readonly kind: 'lab';
  readonly day: Day;
  readonly laboratory: Laboratory;
  readonly test: LabTest;
  readonly prescriber: Physician;
  /** ALD number the test relates to (reimbursed at 100 %), or 0. */
  readonly ald: number;
}

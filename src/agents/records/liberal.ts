import type { Day } from '../../events';
import type { LiberalAct, LiberalFamily, Physician } from '../../world';

/**
 * A session of liberal care by a nurse, a physiotherapist or a dentist: one ER_PRS_F line (NGAP letter key ×
 * coefficient, or a CCAM dental act with its ER_CAM_F line), and the nurse's travel allowance line when the
 * session is at home.
 */
export interface LiberalRecord {
  readonly kind: 'liberal';
  readonly day: Day;
  readonly family: LiberalFamily;
  /** Executing professional (DA_PRA_R). */
  readonly professional: Physician;
  readonly act: LiberalAct;
  /** Prescribing physician and day (nursing and physiotherapy are prescribed; dental care is not). */
  readonly prescriber: Physician | undefined;
  readonly prescribed: Day;
  /** ALD number the care relates to (reimbursed at 100 %), or 0. */
  readonly ald: number;
  /** Whether a travel allowance line goes with the session. */
  readonly travel: boolean;
}

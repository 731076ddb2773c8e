import type { Day } from '../../events';
import type { DeviceProgramme, DeviceProvider, Pharmacy, Physician } from '../../world';

/**
 * A delivery of a home medical device programme (rental period of CPAP or oxygen, box of glucose strips): one
 * ER_PRS_F line (the programme's LPP nature, executed by the home-care provider or the pharmacy) and one ER_TIP_F line
 * per LPP item (code, quantity, unit price, and for a rental the period it covers).
 */
export interface DeviceRecord {
  readonly kind: 'device';
  readonly day: Day;
  readonly programme: DeviceProgramme;
  /** The executant: a home-care provider or the pharmacy. */
  readonly executant: DeviceProvider | Pharmacy;
  readonly prescriber: Physician;
  /** Day of the prescription (its yearly renewal). */
  readonly prescribed: Day;
  /** ALD number the device relates to (reimbursed at 100 %), or 0. */
  readonly ald: number;
}

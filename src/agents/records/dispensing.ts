import type { Day } from '../../events';
import type { Drug, Pharmacy, Physician } from '../../world';

/** Boxes of one drug (CIP13) dispensed by a community pharmacy on a prescription. */
export interface DispensingRecord {
  readonly kind: 'dispensing';
  readonly day: Day;
  readonly pharmacy: Pharmacy;
  readonly prescriber: Physician;
  /** Day of the prescription. */
  readonly prescribed: Day;
  readonly drug: Drug;
  readonly boxes: number;
  /** ALD number the treatment relates to (reimbursed at 100 %), or 0. */
  readonly ald: number;
  /** True for a refill of a long-term treatment, false for an acute prescription. */
  readonly chronic: boolean;
}

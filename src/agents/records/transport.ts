import type { Day } from '../../events';
import type { Physician, TransportMode, Transporter } from '../../world';

/**
 * A one-way trip of a patient by ambulance, VSL or conventioned taxi: one ER_PRS_F line (nature ABA, VSL or TXI,
 * executed by the transport firm) and its ER_TRS_F detail (dates and postcodes of departure and arrival).
 */
export interface TransportRecord {
  readonly kind: 'transport';
  readonly day: Day;
  readonly mode: TransportMode;
  readonly firm: Transporter;
  /** Postcodes of departure and arrival ('' when unknown). */
  readonly from: string;
  readonly to: string;
  /** Amount of the trip (€): forfait + distance × the mode's price per km. */
  readonly amount: number;
  /** ALD number the trip relates to (reimbursed at 100 %), or 0. */
  readonly ald: number;
  /** Prescribing physician (the GP for outpatient ALD care; hospital physicians are not in DA_PRA_R). */
  readonly prescriber: Physician | undefined;
}

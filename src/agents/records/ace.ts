import type { Day } from '../../events';
import type { AcePassageKind, CcamAct, Establishment, LabTest } from '../../world';

/**
 * A passage in hospital outpatient care (acte et consultation externe, ACE) of a public or non-profit
 * establishment: one consultation or imaging act, possibly with biology (PMSI T_MCOyyCSTC, FASTC, FCSTC …).
 */
export interface AceRecord {
  readonly kind: 'ace';
  readonly day: Day;
  readonly establishment: Establishment;
  readonly passage: AcePassageKind;
  /** IR_SPE_V specialty of the executing physician (1 general practice, 6 radiology …). */
  readonly specialty: number;
  /** NGAP letter key and tariff of a consultation (C/G, CS, CSC …), '' and 0 for an imaging passage. */
  readonly letters: string;
  readonly prsNat: number;
  readonly tariff: number;
  /** The CCAM act of an imaging passage. */
  readonly act: CcamAct | undefined;
  /** NABM tests done during the passage (none for most). */
  readonly tests: readonly LabTest[];
  /** ALD number the passage relates to (reimbursed at 100 %), or 0. */
  readonly ald: number;
  /** True for the follow-up consultation of a stay. */
  readonly followUp: boolean;
}

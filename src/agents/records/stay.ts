import type { Day } from '../../events';
import type { Establishment } from '../../world';

/** An act performed during a hospital stay (CCAM code with activity and phase). */
export interface StayAct {
  readonly day: Day;
  readonly code: string;
  readonly activity: number;
  readonly phase: number;
}

/** A short-stay (MCO) hospital stay: one PMSI RSA (T_MCOyyB/C/D/A/E/UM rows). */
export interface StayRecord {
  readonly kind: 'stay';
  readonly admission: Day;
  readonly discharge: Day;
  readonly establishment: Establishment;
  /** 0 full hospitalisation, 1 same-day (ambulatory), 2 session. */
  readonly type: 0 | 1 | 2;
  /** Main diagnosis (DP), ICD-10 without dot. */
  readonly dp: string;
  /** Related diagnosis (DR: the disease treated by sessions), '' when none. */
  readonly dr: string;
  /** Associated diagnoses (DAS). */
  readonly das: readonly string[];
  readonly acts: readonly StayAct[];
  /** GHM code (6 characters) when known, else ''. */
  readonly ghm: string;
  /** True when the person died during the stay (discharge mode 9). */
  readonly death: boolean;
  /** ALD number the stay relates to, or 0. */
  readonly ald: number;
}

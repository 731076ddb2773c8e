import type { Day } from '../../events';

/** A death certificate (CépiDc KI_CCI_R / KI_ECD_R). */
export interface DeathRecord {
  readonly kind: 'death';
  readonly day: Day;
  /** Underlying cause (ICD-10 without dot). */
  readonly underlyingCause: string;
  /** Other causes mentioned on the certificate. */
  readonly otherCauses: readonly string[];
  /** Place of death: 'hospital' when it happened during a stay, else 'home' or 'other'. */
  readonly place: 'hospital' | 'home' | 'other';
}

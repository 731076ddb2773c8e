import type { Day } from '../../events';

/** A long-term disease (ALD) exoneration: an IR_IMB_R row. */
export interface AldRecord {
  readonly kind: 'ald';
  /** ALD number (1–32, IR_ALD_V). */
  readonly ald: number;
  /** ICD-10 code of the condition (IR_CIM_V, without dot). */
  readonly cim: string;
  /** First day of the exoneration (may be before the simulated period for prevalent cases). */
  readonly start: Day;
  /** Last day, or undefined when still open. */
  readonly end: Day | undefined;
  /** True when the onset happened during the run. */
  readonly incident: boolean;
}

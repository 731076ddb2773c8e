import type { Day } from '../../events';
import type { Establishment } from '../../world';

/**
 * An SSR (soins de suite et de réadaptation) stay: one PMSI SSR stay (T_SSRyyC row) described by weekly
 * summaries (RHS, T_SSRyyB rows, with T_SSRyyD diagnoses), following an MCO full stay of the person.
 */
export interface SsrRecord {
  readonly kind: 'ssr';
  /** Entry day (ENT_DAT): the MCO discharge day (full-time), the first session (part-time). */
  readonly admission: Day;
  /** Exit day (SOR_DAT): the last day (full-time), the last session (part-time). */
  readonly discharge: Day;
  readonly establishment: Establishment;
  /** Full-time (hospitalisation complète) or part-time (day sessions). */
  readonly fullTime: boolean;
  /** Days of presence of a part-time stay (every day of a full-time stay is a day of presence). */
  readonly sessions: readonly Day[];
  /** MS_ENT_V mode of entry: 6 mutation (same legal entity as the MCO stay), 7 transfer, 8 home. */
  readonly entryMode: '6' | '7' | '8';
  /** MS_PRV_V provenance: 1 from an MCO unit, 0 none (entry from home). */
  readonly provenance: '1' | '0';
  /** MS_SOR_V mode of exit: 7 transfer (back to MCO), 8 home. */
  readonly exitMode: '7' | '8';
  /** Destination: 1 an MCO unit (exit mode 7), '' none. */
  readonly destination: '1' | '';
  /** Kind of the MCO stay it follows (ssr_transfer.csv: stroke, hip_fracture, cardiac, cancer, child, other). */
  readonly reason: string;
  /** Main morbid manifestation (MOR_PRP): the main diagnosis of the MCO stay. */
  readonly morbidity: string;
  /** Associated diagnoses: the person's ALD codes. */
  readonly das: readonly string[];
  /** Discharge day of the MCO stay it follows. */
  readonly mcoDischarge: Day;
}

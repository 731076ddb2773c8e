import type { Day } from '../../events';

/**
 * What really happened, kept apart from the SNDS tables (SIM_TRUTH_* tables): disease onsets, pathway
 * states, exposures of interventions and the events their effect caused.
 */
export type TruthRecord =
  | {
      readonly kind: 'truth';
      readonly table: 'onset';
      /** Pathway module following the disease, '' when none. */
      readonly module: string;
      /** ALD number, 0 for a disease without exoneration. */
      readonly ald: number;
      readonly cim: string;
      readonly day: Day;
      readonly prevalent: boolean;
    }
  | { readonly kind: 'truth'; readonly table: 'state'; readonly module: string; readonly state: string; readonly from: Day; readonly to: Day | undefined }
  | { readonly kind: 'truth'; readonly table: 'exposure'; readonly intervention: string; readonly from: Day; readonly to: Day }
  | {
      readonly kind: 'truth';
      readonly table: 'event';
      /** Intervention whose effect caused the event. */
      readonly intervention: string;
      readonly admission: Day;
      readonly discharge: Day;
      readonly dp: string;
      readonly eta: string;
    };

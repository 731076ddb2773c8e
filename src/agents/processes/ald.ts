import type { PersonProcess } from '../process';

/** ALD prevalence at entry, onsets during the run, the IR_IMB_R records and the causes of death. */
export const aldProcess: PersonProcess = {
  name: 'ald',
  start() {
    // Filled in by the care-pathway work; until then the process schedules nothing.
  },
};

import type { PersonProcess } from '../process';

/** Specialist consultations and CCAM technical acts in private practice. */
export const specialistProcess: PersonProcess = {
  name: 'specialists',
  start() {
    // Filled in by the care-pathway work; until then the process schedules nothing.
  },
};

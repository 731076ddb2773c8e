import type { PersonProcess } from '../process';

/** MCO hospital stays, including terminal stays of persons who die in hospital. */
export const hospitalProcess: PersonProcess = {
  name: 'hospital',
  start() {
    // Filled in by the care-pathway work; until then the process schedules nothing.
  },
};

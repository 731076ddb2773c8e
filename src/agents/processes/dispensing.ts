import type { PersonProcess } from '../process';

/** Drug dispensings: chronic refills and acute prescriptions after consultations. */
export const dispensingProcess: PersonProcess = {
  name: 'dispensing',
  start() {
    // Filled in by the care-pathway work; until then the process schedules nothing.
  },
};

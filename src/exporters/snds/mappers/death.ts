import type { RecordMapper } from './RecordMapper';

/** Deaths → KI_CCI_R / KI_ECD_R rows. */
export const deathMapper: RecordMapper = {
  name: 'death',
  tables: () => [],
  map() {
    // Filled in by the care-pathway work.
  },
};

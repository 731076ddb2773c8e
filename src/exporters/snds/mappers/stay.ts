import type { RecordMapper } from './RecordMapper';

/** Hospital stays → T_MCOyyB/C/D/A/E/UM rows; establishments in BE_IDE_R. */
export const stayMapper: RecordMapper = {
  name: 'stay',
  tables: () => [],
  map() {
    // Filled in by the care-pathway work.
  },
};

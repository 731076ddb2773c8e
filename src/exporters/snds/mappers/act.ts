import type { RecordMapper } from './RecordMapper';

/** CCAM acts → ER_PRS_F + ER_CAM_F lines. */
export const actMapper: RecordMapper = {
  name: 'act',
  tables: () => [],
  map() {
    // Filled in by the care-pathway work.
  },
};

import type { RecordMapper } from './RecordMapper';

/** ALD exonerations → IR_IMB_R rows. */
export const aldMapper: RecordMapper = {
  name: 'ald',
  tables: () => [],
  map() {
    // Filled in by the care-pathway work.
  },
};

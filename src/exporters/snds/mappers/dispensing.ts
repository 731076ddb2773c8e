import type { RecordMapper } from './RecordMapper';

/** Dispensings → ER_PRS_F + ER_PHA_F lines; IR_PHA_R and the pharmacies in DA_PRA_R as reference. */
export const dispensingMapper: RecordMapper = {
  name: 'dispensing',
  tables: () => [],
  map() {
    // Filled in by the care-pathway work.
  },
};

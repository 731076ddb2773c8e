import type { RecordMapper } from './RecordMapper';

/** Official nomenclature tables copied into the output (IR_NAT_V, IR_SPE_V, IR_CIM_V, IR_ALD_V, IR_CCAM_V54). */
export const nomenclatureMapper: RecordMapper = {
  name: 'nomenclatures',
  tables: () => [],
  map() {
    // Filled in by the care-pathway work.
  },
};

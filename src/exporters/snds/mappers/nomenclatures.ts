import { readNomenclature, tableDef } from '../../../snds';
import type { OutputTable, Row } from '../../sinks/Sink';
import type { TableRows } from '../PersonRows';
import type { RecordMapper } from './RecordMapper';

/** Official nomenclatures analysts join to the SNDS tables, copied into every output. */
export const SHIPPED_NOMENCLATURES = ['IR_NAT_V', 'IR_SPE_V', 'IR_CIM_V', 'IR_ALD_V', 'IR_CCAM_V54', 'IR_BIO_R', 'NT_LPP'] as const;

/**
 * Copies the official nomenclature tables (Health Data Hub schema-snds, MPL-2.0) into the output,
 * with their official column definitions; empty cells become NULL.
 */
export const nomenclatureMapper: RecordMapper = {
  name: 'nomenclatures',
  tables: () => SHIPPED_NOMENCLATURES.map((n): OutputTable => ({ name: n, def: tableDef(n), indexes: [] })),
  reference() {
    const out: TableRows = new Map();
    for (const name of SHIPPED_NOMENCLATURES) {
      const def = tableDef(name);
      const nom = readNomenclature(name);
      const index = def.columns.map((c) => nom.columns.indexOf(c.name));
      const rows: Row[] = nom.rows.map((r) => index.map((i) => (i < 0 || r[i] === undefined || r[i] === '' ? null : (r[i] as string))));
      out.set(name, rows);
    }
    return out;
  },
  map() {
    // Reference tables only.
  },
};

import { isoDate } from '../../../events';
import { tableDef } from '../../../snds';
import { RowTemplate } from '../RowTemplate';
import type { RecordMapper } from './RecordMapper';

/** IMB_ETM_NAT (IR_ETM_V) 41: "bénéficiaire atteint d'une maladie liste" (an ALD of the list of 30). */
export const ETM_LIST_ALD = 41;
/**
 * IMB_ALD_DTF of an exoneration still open. The SNDS holds either `1600-01-01` or `2099-12-31` there (Health Data
 * Hub, OMOP mapping of IR_IMB_R: "si imb_ald_dtf n'est pas renseignée (i.e. la date vaut '1600-01-01' ou
 * '2099-12-31')"); we write the far date so that the usual "active on the period" filter
 * `IMB_ALD_DTD <= end AND IMB_ALD_DTF >= start` (sndsTools `extract_long_term_disease`) keeps open exonerations.
 */
export const OPEN_EXONERATION_END = '2099-12-31';
/** MED_NCL_IDT (IR_NMD_V): the medical nomenclature of MED_MTF_COD. */
export const ICD10_NOMENCLATURE = 'CIM10';

let template: RowTemplate | undefined;
const tpl = (): RowTemplate => (template ??= new RowTemplate(tableDef('IR_IMB_R'), { BEN_RNG_GEM: 1 }));

/**
 * ALD exonerations → IR_IMB_R rows: ALD number, ICD-10 code, start day (before the run for prevalent cases), end day
 * (day of death, else open), exoneration nature 41 (ALD on the list).
 */
export const aldMapper: RecordMapper = {
  name: 'ald',
  tables: () => [{ name: 'IR_IMB_R', def: tpl().def, indexes: [{ columns: ['BEN_NIR_PSA', 'BEN_RNG_GEM'], unique: false }] }],
  map(record, rows, ctx) {
    if (record.kind !== 'ald') return;
    // One row under each couple of the person in use while the exoneration runs (within the simulated
    // period): the exoneration is known in the file of each insured who opened the person's rights.
    const from = Math.max(record.start, ctx.world.config.start);
    for (const couple of rows.identity.couples) {
      if ((couple.to !== undefined && couple.to < from) || (record.end !== undefined && couple.from > record.end)) continue;
      rows.used.add(couple);
      rows.push(
        'IR_IMB_R',
        tpl().from({
          BEN_NIR_PSA: couple.psa,
          BEN_RNG_GEM: couple.rng,
          IMB_ALD_NUM: record.ald,
          IMB_ALD_DTD: isoDate(record.start),
          IMB_ALD_DTF: record.end === undefined ? OPEN_EXONERATION_END : isoDate(record.end),
          IMB_ETM_NAT: ETM_LIST_ALD,
          MED_MTF_COD: record.cim,
          MED_NCL_IDT: ICD10_NOMENCLATURE,
          // Inserted when the exoneration was granted (prevalent cases: before the run).
          INS_DTE: isoDate(record.start),
          UPD_DTE: isoDate(ctx.world.config.end),
        }),
      );
    }
  },
};

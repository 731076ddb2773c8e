import { isoDate } from '../../../events';
import type { OutputTable } from '../../sinks/Sink';
import { dcirKeyIndex, setKeys } from '../claims';
import { LIBERAL_STATUS, yyyymm } from '../dcir';
import { practitionerRows } from '../practitioners';
import type { TableRows } from '../PersonRows';
import { lazyDetailTemplate } from '../RowTemplate';
import { exonerationCode } from './consultation';
import type { RecordMapper } from './RecordMapper';

const trsTemplate = lazyDetailTemplate('ER_TRS_F', ['ORG_CLE_NEW', 'ITR_ORD_NUM', 'TRS_DEP_CDP', 'TRS_ARR_CDP', 'TRS_DTD_DTE', 'TRS_DTF_DTE', 'TRS_DTD_AME', 'TRS_DTF_AME']);

/**
 * Patient trips → one ER_PRS_F line (nature ABA 4212, VSL 4213 or TXI 4214, quantity 1, executed by the transport
 * firm — its IR_ACT_V activity 55 or 56 as specialty and activity —, prescribed by the GP for outpatient ALD care)
 * and one ER_TRS_F line on the same nine keys (departure and arrival day and month, postcodes of departure and
 * arrival; hours and vehicles are not simulated). Amount: the trip's forfait + distance × price per km, paid =
 * base, reimbursed at the transport rate (65 %) or 100 % when related to an ALD; no participation forfaitaire.
 * Transport firms are added to DA_PRA_R.
 */
export const transportMapper: RecordMapper = {
  name: 'transport',
  tables: (): readonly OutputTable[] => {
    const { tpl } = trsTemplate();
    return [{ name: 'ER_TRS_F', def: tpl.def, indexes: [dcirKeyIndex(false)] }];
  },
  reference(ctx): TableRows {
    const firms = ctx.world.transport.all.map((f) => ({ pfsNum: f.pfsNum, specialty: String(f.activity), commune: f.commune }));
    return new Map([['DA_PRA_R', practitionerRows(ctx.world, firms)]]);
  },
  map(record, rows, ctx) {
    if (record.kind !== 'transport') return;
    const w = ctx.world;
    const rate = record.ald > 0 ? w.economics.aldRate : w.transport.rate;
    const amount = record.amount;
    const keys = ctx.prestations.write(rows, {
      day: record.day,
      prsNat: record.mode.prsNat,
      quantity: 1,
      paid: amount,
      base: amount,
      unitPrice: amount,
      rate,
      theoreticalRate: w.transport.rate,
      reimbursed: Math.round(amount * rate * 100) / 100,
      executant: { pfsNum: record.firm.pfsNum, specialty: record.firm.activity, activity: record.firm.activity },
      prescriber: record.prescriber ? { pfsNum: record.prescriber.pfsNum, specialty: record.prescriber.specialty } : undefined,
      prescribed: record.prescriber ? record.day : undefined,
      exoneration: exonerationCode(rows.person, record.day, record.ald),
      participationForfaitaire: false,
      sector: 2,
      legalStatus: LIBERAL_STATUS,
    });
    const { tpl, P, K } = trsTemplate();
    const r = tpl.blank();
    setKeys(r, K, keys);
    r[P.ORG_CLE_NEW as number] = rows.fund.org;
    r[P.ITR_ORD_NUM as number] = 1;
    r[P.TRS_DEP_CDP as number] = record.from === '' ? null : record.from;
    r[P.TRS_ARR_CDP as number] = record.to === '' ? null : record.to;
    r[P.TRS_DTD_DTE as number] = isoDate(record.day);
    r[P.TRS_DTF_DTE as number] = isoDate(record.day);
    r[P.TRS_DTD_AME as number] = yyyymm(record.day);
    r[P.TRS_DTF_AME as number] = yyyymm(record.day);
    rows.push('ER_TRS_F', r);
  },
};

import { isoDate } from '../../../events';
import type { OutputTable } from '../../sinks/Sink';
import { dcirKeyIndex, setKeys } from '../claims';
import { LIBERAL_STATUS } from '../dcir';
import { practitionerRows } from '../practitioners';
import type { TableRows } from '../PersonRows';
import { lazyDetailTemplate } from '../RowTemplate';
import { exonerationCode } from './consultation';
import type { RecordMapper } from './RecordMapper';

const tipTemplate = lazyDetailTemplate('ER_TIP_F', ['ORG_CLE_NEW', 'TIP_ORD_NUM', 'TIP_PRS_IDE', 'TIP_ACT_QSN', 'TIP_ACT_PRU', 'TIP_PUB_PRX', 'TIP_ACL_DTD', 'TIP_ACL_DTF']);

/**
 * Device deliveries → one ER_PRS_F line (the programme's LPP nature — 3511 AAR respiratory assistance and oxygen,
 * 3512 AAD other home-treatment devices —, quantity = the units of its items, amount = their sum, as the DCIR reports
 * the LPP codes delivered together on one prestation line) executed by the home-care provider (IR_ACT_V 60) or the
 * pharmacy, prescribed with the prescription's day; reimbursed at the LPP rate or 100 % when related to an ALD, no
 * participation forfaitaire) and one ER_TIP_F line per item on the same nine keys (LPP code, quantity, unit price =
 * public price, and for a rental the period billed: TIP_ACL_DTD … TIP_ACL_DTF; for a purchase both are the day of
 * delivery). Home-care providers are added to DA_PRA_R.
 */
export const deviceMapper: RecordMapper = {
  name: 'device',
  tables: (): readonly OutputTable[] => {
    const { tpl } = tipTemplate();
    return [{ name: 'ER_TIP_F', def: tpl.def, indexes: [dcirKeyIndex(false)] }];
  },
  reference(ctx): TableRows {
    const providers = ctx.world.devices.allProviders.map((p) => ({ pfsNum: p.pfsNum, specialty: String(p.activity), commune: p.commune }));
    return new Map([['DA_PRA_R', practitionerRows(ctx.world, providers)]]);
  },
  map(record, rows, ctx) {
    if (record.kind !== 'device') return;
    const w = ctx.world;
    const p = record.programme;
    const rate = record.ald > 0 ? w.economics.aldRate : w.devices.rate;
    let quantity = 0;
    let cents = 0;
    for (const it of p.items) {
      quantity += it.quantity;
      cents += Math.round(it.quantity * it.unitPrice * 100);
    }
    const amount = cents / 100;
    const activity = p.executantActivity;
    const keys = ctx.prestations.write(rows, {
      day: record.day,
      prsNat: p.prsNat,
      quantity,
      paid: amount,
      base: amount,
      unitPrice: Math.round((100 * amount) / quantity) / 100,
      rate,
      theoreticalRate: w.devices.rate,
      reimbursed: Math.round(amount * rate * 100) / 100,
      executant: { pfsNum: record.executant.pfsNum, specialty: activity, activity },
      prescriber: { pfsNum: record.prescriber.pfsNum, specialty: record.prescriber.specialty },
      prescribed: record.prescribed,
      exoneration: exonerationCode(rows.person, record.day, record.ald),
      participationForfaitaire: false,
      sector: 2,
      legalStatus: LIBERAL_STATUS,
    });
    const { tpl, P, K } = tipTemplate();
    const last = record.day + (p.rental ? p.intervalDays - 1 : 0);
    p.items.forEach((it, i) => {
      const r = tpl.blank();
      setKeys(r, K, keys);
      r[P.ORG_CLE_NEW as number] = rows.fund.org;
      r[P.TIP_ORD_NUM as number] = i + 1;
      r[P.TIP_PRS_IDE as number] = it.lpp;
      r[P.TIP_ACT_QSN as number] = it.quantity;
      r[P.TIP_ACT_PRU as number] = it.unitPrice;
      r[P.TIP_PUB_PRX as number] = it.unitPrice;
      r[P.TIP_ACL_DTD as number] = isoDate(record.day);
      r[P.TIP_ACL_DTF as number] = isoDate(last);
      rows.push('ER_TIP_F', r);
    });
  },
};

import { LIBERAL_STATUS } from '../dcir';
import { exonerationCode } from './consultation';
import { writeCamLine } from './act';
import type { RecordMapper } from './RecordMapper';

const cents = (x: number): number => Math.round(x * 100) / 100;

/**
 * Sessions of nurses, physiotherapists and dentists → one ER_PRS_F line each: the NGAP nature of the letter key
 * (AMI 3111, AIS 3112, AMS 3125, AMK 3122) with its coefficient in PRS_ACT_CFT, or the nature of a dental CCAM
 * act's regroupement (SDE 1451, AXI 1453, prostheses …) with its ER_CAM_F line. Base = coefficient × letter
 * value (or the act's mean base); paid = base plus the overrun of dental prostheses (PRS_DEP_MNT); reimbursed
 * at the profession's rate (60 % auxiliaries, 70 % dental care) or 100 % when related to an ALD; no
 * participation forfaitaire (it applies to physicians' care and biology only). A nurse's session at home adds
 * a travel allowance line (IFI 1848). Nursing and physiotherapy carry their GP prescriber and prescription day.
 */
export const liberalMapper: RecordMapper = {
  name: 'liberal',
  tables: () => [],
  map(record, rows, ctx) {
    if (record.kind !== 'liberal') return;
    const f = record.family;
    const act = record.act;
    const eco = ctx.world.economics;
    const rate = record.ald > 0 ? eco.aldRate : f.rate;
    const exoneration = exonerationCode(rows.person, record.day, record.ald);
    const executant = { pfsNum: record.professional.pfsNum, specialty: f.specialty, activity: 1 };
    // Every line's input has the same properties (undefined when absent), so that reading them stays fast.
    const prescriber = record.prescriber ? { pfsNum: record.prescriber.pfsNum, specialty: record.prescriber.specialty } : undefined;
    const prescribed = record.prescriber ? record.prescribed : undefined;
    /** One ER_PRS_F line of the session: its nature, base and paid amount. */
    const line = (prsNat: number, base: number, paid: number, coefficient?: number): ReturnType<typeof ctx.prestations.write> =>
      ctx.prestations.write(rows, {
        day: record.day,
        prsNat,
        quantity: 1,
        coefficient,
        paid,
        base,
        unitPrice: base,
        rate,
        theoreticalRate: f.rate,
        reimbursed: cents(base * rate),
        executant,
        prescriber,
        prescribed,
        exoneration,
        participationForfaitaire: false,
        sector: 2,
        legalStatus: LIBERAL_STATUS,
      });
    const keys = line(act.prsNat, act.tariff, cents(act.tariff * (1 + act.overrun)), act.coefficient);
    if (act.ccam !== '') writeCamLine(rows, keys, { code: act.ccam, activity: 1, phase: 0, tariff: act.tariff });
    if (record.travel) line(f.travelPrsNat, f.travelTariff, f.travelTariff);
  },
};

import { ageInYears, type Day } from '../../../events';
import type { Person } from '../../../agents';
import type { RecordMapper } from './RecordMapper';
import { LIBERAL_STATUS } from '../dcir';

/** EXO_MTF of care related to an ALD on the list (IR_EXO_V 42: "affection en rapport"). */
export const EXO_ALD_RELATED = 42;
/** EXO_MTF of care of a person with an ALD on the list, unrelated to it (IR_EXO_V 41: "affection sans rapport"). */
export const EXO_ALD_UNRELATED = 41;

/** EXO_MTF of a care line: 42 when related to an ALD, 41 when the person holds an ALD started by then, else 0. */
export function exonerationCode(person: Person, day: Day, relatedAld: number): number {
  if (relatedAld > 0) return EXO_ALD_RELATED;
  for (const a of person.alds.values()) if (a.start <= day) return EXO_ALD_UNRELATED;
  return 0;
}

/**
 * Consultations → ER_PRS_F lines: nature and tariff of the day and age (C/G for GPs), 70 % of the
 * tariff reimbursed minus the participation forfaitaire from 18 years, or 100 % when related to an ALD.
 */
export const consultationMapper: RecordMapper = {
  name: 'consultation',
  tables: () => [],
  map(record, rows, ctx) {
    if (record.kind !== 'consultation') return;
    const eco = ctx.world.economics;
    const age = ageInYears(rows.person.birth, record.day);
    const tariff = eco.consultationTariff(record.physician.specialty, record.day, age);
    const ald = record.ald > 0;
    const rate = ald ? eco.aldRate : eco.consultationRate;
    const pf = age >= eco.participationMinAge ? eco.participationForfaitaire : 0;
    ctx.prestations.write(rows, {
      day: record.day,
      prsNat: tariff.prsNat,
      quantity: 1,
      paid: tariff.tariff,
      base: tariff.tariff,
      unitPrice: tariff.tariff,
      rate,
      theoreticalRate: eco.consultationRate,
      reimbursed: Math.max(0, tariff.tariff * rate - pf),
      executant: { pfsNum: record.physician.pfsNum, specialty: record.physician.specialty, activity: 1 },
      exoneration: exonerationCode(rows.person, record.day, record.ald),
      participationForfaitaire: pf > 0,
      sector: 2,
      legalStatus: LIBERAL_STATUS,
    });
  },
};

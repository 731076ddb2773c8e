import { ageInYears, type Day } from '../../../events';
import type { Person } from '../../../agents';
import type { Physician } from '../../../world';
import type { DcirKeys } from '../claims';
import type { PersonRows } from '../PersonRows';
import type { MapperContext, RecordMapper } from './RecordMapper';
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

/** What a liberal consultation, act or lab test bills: the executant, the day, the nature and the tariff. */
export interface LiberalCare {
  readonly day: Day;
  /** Executing physician (or laboratory: its number and IR_SPE_V specialty). */
  readonly physician: Pick<Physician, 'pfsNum' | 'specialty'>;
  readonly prsNat: number;
  readonly tariff: number;
  /** ALD the care relates to, 0 when none. */
  readonly ald: number;
  /** Reimbursement rate outside ALD (fraction); the consultation rate when absent. */
  readonly rate?: number;
  /** Prescriber, for prescribed care (prescribed the same day). */
  readonly prescriber?: Pick<Physician, 'pfsNum' | 'specialty'>;
}

/**
 * Writes the ER_PRS_F line of a consultation, act or lab test in private practice (sector 1: paid = base =
 * tariff): reimbursed at its rate (70 % for physicians) minus the participation forfaitaire from 18 years,
 * or 100 % when related to an ALD. Returns the DCIR keys for a detail line.
 */
export function writeLiberalCare(rows: PersonRows, ctx: MapperContext, care: LiberalCare): DcirKeys {
  const eco = ctx.world.economics;
  const age = ageInYears(rows.person.birth, care.day);
  const normal = care.rate ?? eco.consultationRate;
  const rate = care.ald > 0 ? eco.aldRate : normal;
  const pf = age >= eco.participationMinAge ? eco.participationForfaitaire : 0;
  return ctx.prestations.write(rows, {
    day: care.day,
    prsNat: care.prsNat,
    quantity: 1,
    paid: care.tariff,
    base: care.tariff,
    unitPrice: care.tariff,
    rate,
    theoreticalRate: normal,
    reimbursed: Math.max(0, care.tariff * rate - pf),
    executant: { pfsNum: care.physician.pfsNum, specialty: care.physician.specialty, activity: 1 },
    prescriber: care.prescriber ? { pfsNum: care.prescriber.pfsNum, specialty: care.prescriber.specialty } : undefined,
    prescribed: care.prescriber ? care.day : undefined,
    exoneration: exonerationCode(rows.person, care.day, care.ald),
    participationForfaitaire: pf > 0,
    sector: 2,
    legalStatus: LIBERAL_STATUS,
  });
}

/**
 * Consultations → ER_PRS_F lines: nature and tariff of the day and age (C/G for GPs, CS, CSC, CNP…
 * for specialists), billed as liberal care.
 */
export const consultationMapper: RecordMapper = {
  name: 'consultation',
  tables: () => [],
  map(record, rows, ctx) {
    if (record.kind !== 'consultation') return;
    const age = ageInYears(rows.person.birth, record.day);
    const tariff = ctx.world.economics.consultationTariff(record.physician.specialty, record.day, age);
    writeLiberalCare(rows, ctx, { day: record.day, physician: record.physician, prsNat: tariff.prsNat, tariff: tariff.tariff, ald: record.ald });
  },
};

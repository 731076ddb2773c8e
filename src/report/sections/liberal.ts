import { careLines } from '../../readback';
import { num, readDataTable, str, type DataTable } from '../../data';
import { ageInYears } from '../../events';
import { forEachSegment } from '../exposure';
import type { TargetedDatabase } from '../targets';
import { allPass } from '../tolerance';
import type { ComparisonRow, Section } from '../types';
import { bandComparison, bandRow } from './common';
import { perPerson, within, type PersonSum } from './consumers';

/**
 * 12. Care by nurses, physiotherapists and dentists: the share of persons with a nursing act, the acts per nursing
 * patient and their mean age, and the amount paid per person-year by profession, against published figures
 * (data/validation/liberal_care_figures.csv, never read by `simulate`), the national amounts scaled to the
 * simulated départements by their 2016 fees per inhabitant (data/validation/liberal_care_dept_fees.csv).
 */

const FIGURES = 'validation/liberal_care_figures.csv';
const DEPT_FEES = 'validation/liberal_care_dept_fees.csv';
/** Executants of laboratory lines, and the band of the share of persons with a lab test in the year. */
const LAB_SPECIALTIES: readonly number[] = [30, 38, 39];
const LAB_USERS_BAND: readonly [number, number] = [60, 80];
/** IR_SPE_V of the executants of each care family (PSE_SPE_COD). */
const FAMILIES: readonly { readonly key: string; readonly label: string; readonly specialties: readonly number[] }[] = [
  { key: 'gp', label: 'GPs / Généralistes', specialties: [1, 22, 23] },
  { key: 'nurse', label: 'Nurses / Infirmiers', specialties: [24] },
  { key: 'physiotherapist', label: 'Physiotherapists / Kinésithérapeutes', specialties: [26] },
  { key: 'dentist', label: 'Dentists / Dentistes', specialties: [19, 36, 53, 54] },
  { key: 'midwife', label: 'Midwives / Sages-femmes', specialties: [21] },
  { key: 'laboratory', label: 'Laboratories / Laboratoires', specialties: LAB_SPECIALTIES },
  { key: 'pharmacy', label: 'Pharmacies', specialties: [50, 51] },
];
/** AMI and AIS acts (IR_NAT_V 3111, 3112): the nursing acts the published figures count (not the travel lines). */
const NURSING_ACTS = '3111, 3112';
/** The per-person sums of the section (prefetchPersonSums): nursing acts, and lines executed by a laboratory. */
const NURSING: PersonSum = { value: 'SUM(p.PRS_ACT_QTE)', where: `p.PRS_NAT_REF IN (${NURSING_ACTS})` };
const LABORATORY: PersonSum = { value: 'SUM(p.PRS_ACT_QTE)', where: `p.PSE_SPE_COD IN (${LAB_SPECIALTIES.join(', ')})` };
export const LIBERAL_PERSON_SUMS: readonly PersonSum[] = [NURSING, LABORATORY];
/** Relative tolerance of the amounts per person-year (the issue's « within 30 % »). */
const AMOUNT_TOLERANCE = 0.3;
/** Band of the share of persons with a nursing act in the year (around the published 24 %). */
const NURSE_USERS_BAND: readonly [number, number] = [18, 30];
/** Tolerance of the acts per nursing patient and of their mean age. */
const ACTS_TOLERANCE = 0.3;
const AGE_TOLERANCE_YEARS = 5;

interface Figure {
  readonly value: number;
  readonly year: number;
  readonly quote: string;
  readonly source: string;
}

function figureOf(t: DataTable, id: string): Figure | undefined {
  const row = t.rows.find((x) => str(t, x, 'id') === id);
  if (!row) return undefined;
  return { value: num(t, row, 'per_person_year'), year: num(t, row, 'year'), quote: str(t, row, 'quote'), source: str(t, row, 'source_url') };
}

export async function liberalSection(r: TargetedDatabase): Promise<Section> {
  const fig = readDataTable(FIGURES);
  const fees = readDataTable(DEPT_FEES);
  const has = r.tables.has('ER_PRS_F');
  const care = has ? careLines(r.db) : undefined;

  // Person-years of the output's persons in the period, in total and by département (for the regional level).
  let py = 0;
  const pyByDept = new Map<string, number>();
  for (const p of r.persons.values())
    forEachSegment(p, r.start, r.end, (s) => {
      py += s.years;
      pyByDept.set(s.dept, (pyByDept.get(s.dept) ?? 0) + s.years);
    });
  /** Fees per inhabitant of the simulated départements ÷ France (2016), person-year weighted. */
  const regional = (family: string): number => {
    let w = 0;
    let s = 0;
    for (const [dept, y] of pyByDept) {
      const row = fees.rows.find((x) => str(fees, x, 'family') === family && str(fees, x, 'dept') === dept);
      if (!row) continue;
      s += y * num(fees, row, 'ratio');
      w += y;
    }
    return w > 0 ? s / w : 1;
  };

  // Lines and amounts per person-year by family (all care lines of the period, see careLines), in one scan by
  // specialty. Summed in cents: integers, whose sums are exact in any order, so the report gives the same page on every format.
  const bySpecialty = new Map<number, { lines: number; paid: number; rem: number }>();
  if (has && care) {
    const specialties = [...new Set(FAMILIES.flatMap((f) => f.specialties))].join(', ');
    const sql = `SELECT p.PSE_SPE_COD AS spe, COUNT(*) AS n, SUM(ROUND(p.PRS_PAI_MNT * 100)) AS paid, SUM(ROUND(p.BSE_REM_MNT * 100)) AS rem FROM ${care.from} WHERE ${care.where} AND ${within(r)} AND p.PSE_SPE_COD IN (${specialties}) GROUP BY 1`;
    for (const row of await r.db.all(sql)) bySpecialty.set(Number(row.spe), { lines: Number(row.n ?? 0), paid: Number(row.paid ?? 0), rem: Number(row.rem ?? 0) });
  }
  const perFamily = new Map<string, { lines: number; paid: number; reimbursed: number }>();
  for (const f of FAMILIES) {
    let lines = 0;
    let paid = 0;
    let rem = 0;
    for (const spe of f.specialties) {
      const x = bySpecialty.get(spe);
      lines += x?.lines ?? 0;
      paid += x?.paid ?? 0;
      rem += x?.rem ?? 0;
    }
    perFamily.set(f.key, { lines, paid: paid / 100, reimbursed: rem / 100 });
  }
  const perPy = (x: number): number => (py > 0 ? x / py : 0);
  const familyNote = FAMILIES.map((f) => {
    const v = perFamily.get(f.key) as { lines: number; paid: number; reimbursed: number };
    return `${f.label}: ${perPy(v.lines).toFixed(2)} lines, ${perPy(v.paid).toFixed(1)} € paid, ${perPy(v.reimbursed).toFixed(1)} € reimbursed per person-year`;
  }).join('; ');

  // Amounts paid per person-year against the national figure × the regional level.
  const amountRows: ComparisonRow[] = [];
  const amountNotes: string[] = [];
  const paidOf = (...keys: string[]): number => keys.reduce((s, k) => s + (perFamily.get(k)?.paid ?? 0), 0);
  for (const [id, label, family, observed] of [
    ['nurse.paid_per_person_year', 'Nurses / Infirmiers', 'nurse', paidOf('nurse')],
    ['auxiliaries.paid_per_person_year', 'Nurses + physiotherapists / Infirmiers + kinés', 'auxiliaries', paidOf('nurse', 'physiotherapist')],
    ['dentist.paid_per_person_year', 'Dentists / Dentistes', 'dentist', paidOf('dentist')],
    ['laboratory.paid_per_person_year', 'Laboratories / Laboratoires', 'laboratory', paidOf('laboratory')],
  ] as const) {
    const f = figureOf(fig, id);
    if (!f) continue;
    const level = regional(family);
    const expected = f.value * level;
    amountRows.push(bandRow(family, label, perPy(observed), expected, expected * (1 - AMOUNT_TOLERANCE), expected * (1 + AMOUNT_TOLERANCE), Math.round(observed)));
    amountNotes.push(
      `${label}: « ${f.quote} » (${f.source}), ${f.year}, ${f.value.toFixed(1)} € per inhabitant of France × ${level.toFixed(3)} (fees per inhabitant of the simulated départements ÷ France, CNAM 2016${family === 'laboratory' ? '; the simulator scales its lab visits by the same ratio: only the national level is judged' : ''}).`,
    );
  }
  const amounts = bandComparison(
    {
      id: 'liberal.amounts',
      title: 'Amount paid per person-year by profession, € / Montant payé par personne-année, €',
      unit: '€ per person-year (PRS_PAI_MNT, overruns and travel allowances included)',
      xLabel: 'Profession / Profession',
      yLabel: '€ per person-year / € par personne-année',
      tolerance: `|simulated − target| ≤ ${100 * AMOUNT_TOLERANCE} % of the national figure scaled to the simulated départements`,
      notes: [
        `PRS_PAI_MNT of the care lines of ER_PRS_F (${care?.described ?? 'no ER_PRS_F'}) with a care date in the period, by executant specialty (PSE_SPE_COD), per person-year of IR_BEN_R. The published figures are consumption (DREES) or fees (CNAM): spending, overruns included — the amounts reimbursed are given below for information.`,
        ...amountNotes,
        'Auxiliaries (DREES) also count speech therapists, orthoptists and chiropodists, who are not simulated (8 % of the auxiliaries’ fees of 2016); dentists count orthodontists (12 %), whose treatments are not simulated.',
        `By family (informative): ${familyNote}.`,
      ],
    },
    amountRows,
  );

  // Nursing patients: share of persons, acts per patient, mean age at the start of the period.
  const nursing = await perPerson(r, NURSING.value, NURSING.where);
  const users = [...r.persons.values()].filter((p) => (nursing.get(p.index) ?? 0) > 0);
  const acts = users.reduce((s, p) => s + (nursing.get(p.index) ?? 0), 0);
  const meanAge = users.length > 0 ? users.reduce((s, p) => s + Math.max(0, ageInYears(p.birth, Math.max(r.start, p.birth))), 0) / users.length : 0;
  const share = r.persons.size > 0 ? (100 * users.length) / r.persons.size : 0;
  const nurseRows: ComparisonRow[] = [];
  const usersFig = figureOf(fig, 'nurse.users_share_pct');
  const actsFig = figureOf(fig, 'nurse.acts_per_user');
  const ageFig = figureOf(fig, 'nurse.mean_age_users');
  if (usersFig) nurseRows.push(bandRow('users', '≥ 1 nursing act, % of persons / ≥ 1 acte infirmier, % des personnes', share, usersFig.value, NURSE_USERS_BAND[0], NURSE_USERS_BAND[1], users.length));
  if (actsFig) nurseRows.push(bandRow('acts', 'AMI + AIS acts per patient / actes par patient', users.length > 0 ? acts / users.length : 0, actsFig.value, actsFig.value * (1 - ACTS_TOLERANCE), actsFig.value * (1 + ACTS_TOLERANCE), Math.round(acts)));
  if (ageFig) nurseRows.push(bandRow('age', 'Mean age of patients / âge moyen des patients', meanAge, ageFig.value, ageFig.value - AGE_TOLERANCE_YEARS, ageFig.value + AGE_TOLERANCE_YEARS, users.length));
  const nurses = bandComparison(
    {
      id: 'liberal.nursing',
      title: 'Nursing patients / Patients des infirmiers',
      unit: '% of persons; acts per patient; years',
      xLabel: 'Statistic / Statistique',
      yLabel: 'value / valeur',
      tolerance: `share of persons ${NURSE_USERS_BAND[0]}–${NURSE_USERS_BAND[1]} %; acts per patient within ${100 * ACTS_TOLERANCE} %; mean age within ${AGE_TOLERANCE_YEARS} years`,
      notes: [
        `Persons of IR_BEN_R with a positive sum of PRS_ACT_QTE on AMI and AIS lines (PRS_NAT_REF ${NURSING_ACTS}) in the period; age at the start of the period.`,
        usersFig ? `« ${usersFig.quote} » (${usersFig.source}, ${usersFig.year}): not fed — the simulator's users’ share is the CNAM 2016 patients per nurse × nurses (an upper bound: a patient of two nurses counts twice).` : '',
        actsFig ? `Acts per patient: the acts of ${actsFig.year} ÷ the patients of 2011 of the same report (« ${actsFig.quote} »). Its « 20 actes par personne traitée » does not agree with its own counts of acts (13 M × 20 = 260 M, against 520 M acts in 2012 and 779 M in 2016) and is not used.` : '',
        ageFig ? `« ${ageFig.quote} » (${ageFig.source}): the share of patients under 50 was fed (the nurses’ age profile), the mean age was not.` : '',
      ].filter((n) => n !== ''),
    },
    nurseRows,
  );

  // Laboratory patients: persons with a lab line (any NABM test billed by a laboratory) in the period.
  const labPersons = new Set([...(await perPerson(r, LABORATORY.value, LABORATORY.where))].filter(([, n]) => n > 0).map(([i]) => i));
  const labFig = figureOf(fig, 'laboratory.users_share_pct');
  const labShare = r.persons.size > 0 ? (100 * labPersons.size) / r.persons.size : 0;
  const labs = bandComparison(
    {
      id: 'liberal.laboratory',
      title: 'Persons with a laboratory test, % / Personnes ayant eu un examen de biologie, %',
      unit: '% of the persons of IR_BEN_R',
      xLabel: 'Statistic / Statistique',
      yLabel: '% of persons / % des personnes',
      tolerance: `${LAB_USERS_BAND[0]}–${LAB_USERS_BAND[1]} % of persons`,
      notes: [
        `Persons of IR_BEN_R with a positive sum of PRS_ACT_QTE on lines executed by a laboratory (PSE_SPE_COD ${LAB_SPECIALTIES.join(', ')}) in the period.`,
        labFig ? `« ${labFig.quote} » (${labFig.source}, ${labFig.year}, a year of Covid testing, and a share of patients, not of the population): shown for comparison; the band is the plausible range for a year of ordinary care. Not fed: the simulator's lab visits come from the CNAM 2016 lab fees.` : '',
      ].filter((n) => n !== ''),
    },
    [bandRow('labs', '≥ 1 laboratory test / ≥ 1 examen de biologie', labShare, labFig?.value ?? NaN, LAB_USERS_BAND[0], LAB_USERS_BAND[1], labPersons.size)],
  );

  const comparisons = [amounts, nurses, labs];
  return {
    id: 'liberal',
    titleFr: 'Infirmiers, kinésithérapeutes, dentistes, laboratoires',
    titleEn: 'Nurses, physiotherapists, dentists, laboratories',
    description:
      'Care by liberal nurses, physiotherapists, dentists and laboratories: amounts per person-year by profession, the nursing patients and the persons with a lab test, against published figures (data/validation/liberal_care_figures.csv, none fed to simulate but the share of nursing patients under 50), scaled to the simulated départements by their CNAM 2016 fees per inhabitant.',
    comparisons,
    pass: allPass(comparisons),
  };
}

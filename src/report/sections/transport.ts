import { readDataTable } from '../../data';
import { sqlString } from '../../snds';
import { forEachSegment } from '../exposure';
import { pmsiTables } from '../sql';
import type { TargetedDatabase } from '../targets';
import { allPass } from '../tolerance';
import type { ComparisonRow, Section } from '../types';
import { bandComparison, bandRow, figureOf, type Figure } from './common';
import { perPersonSums, type PersonSum } from './consumers';

/**
 * 13. Patient transport by ambulance, VSL and taxi: reimbursed amount per person-year, the share paid by the health
 * insurance, transported patients and their trips, and the dialysed patients' share of the spending, against
 * published figures (data/validation/transport_figures.csv, never read by `simulate`).
 */

const FIGURES = 'validation/transport_figures.csv';
/** Transport natures of ER_PRS_F (IR_NAT_V ABA, VSL, TXI). */
const TRANSPORT_NATURES = '4212, 4213, 4214';
/** The per-person sums of the section (prefetchPersonSums): trips, reimbursed and paid amounts in cents. Summed in cents: the engines sum doubles in different orders, so the report gives the same page on every format. */
const TRANSPORT_LINES = `p.PRS_NAT_REF IN (${TRANSPORT_NATURES})`;
const TRANSPORT_VALUES = ['SUM(p.PRS_ACT_QTE)', 'SUM(ROUND(p.BSE_REM_MNT * 100))', 'SUM(ROUND(p.PRS_PAI_MNT * 100))'] as const;
export const TRANSPORT_PERSON_SUMS: readonly PersonSum[] = TRANSPORT_VALUES.map((value) => ({ value, where: TRANSPORT_LINES }));
/** Relative tolerance of the amounts, patients and trips (the issue's « within 30 % »). */
const TOLERANCE = 0.3;
/** Tolerance of the share paid by the health insurance, in points. */
const AMO_TOLERANCE_POINTS = 5;

/** Persons with a dialysis session (T_MCOyyB with NBR_SEA > 0 and a main diagnosis Z49) admitted in the period. */
async function dialysedPersons(r: TargetedDatabase): Promise<Set<number>> {
  const out = new Set<number>();
  const cTables = new Set(pmsiTables(r.tables, 'C'));
  for (const bt of pmsiTables(r.tables, 'B')) {
    const ct = `${bt.slice(0, -1)}C`;
    if (!cTables.has(ct)) continue;
    for (const row of await r.db.all(
      `SELECT DISTINCT c.NIR_ANO_17 AS nir FROM "${bt}" b JOIN "${ct}" c ON c.ETA_NUM = b.ETA_NUM AND c.RSA_NUM = b.RSA_NUM
       WHERE COALESCE(b.NBR_SEA, 0) > 0 AND b.DGN_PAL LIKE 'Z49%' AND c.ENT_DAT BETWEEN ${sqlString(r.startIso)} AND ${sqlString(r.endIso)}`,
    )) {
      const p = r.persons.get(String(row.nir));
      if (p) out.add(p.index);
    }
  }
  return out;
}

export async function transportSection(r: TargetedDatabase): Promise<Section> {
  const fig = readDataTable(FIGURES);
  let py = 0;
  for (const p of r.persons.values()) forEachSegment(p, r.start, r.end, (s) => (py += s.years));
  const [trips, reimbursed, paid] = (await perPersonSums(r, TRANSPORT_VALUES, TRANSPORT_LINES)) as [Map<number, number>, Map<number, number>, Map<number, number>];
  const sum = (m: Map<number, number>, keep: (i: number) => boolean = () => true): number => [...m].reduce((s, [i, v]) => (keep(i) ? s + v : s), 0);
  const totalTrips = sum(trips);
  const totalReimbursed = sum(reimbursed) / 100;
  const totalPaid = sum(paid) / 100;
  const patients = [...trips].filter(([, n]) => n > 0).length;
  const dialysed = await dialysedPersons(r);
  const dialysisReimbursed = sum(reimbursed, (i) => dialysed.has(i)) / 100;

  const amountRows: ComparisonRow[] = [];
  const spend = figureOf(fig, 'spending_per_inhabitant_metropole_seats');
  const other = figureOf(fig, 'spending_per_inhabitant_other');
  const perPy = py > 0 ? totalReimbursed / py : 0;
  if (spend) amountRows.push(bandRow('amount', 'Reimbursed € per person-year / € remboursés par personne-année', perPy, spend.value, spend.value * (1 - TOLERANCE), spend.value * (1 + TOLERANCE), Math.round(totalReimbursed)));
  const amounts = bandComparison(
    {
      id: 'transport.amounts',
      title: 'Patient transport: reimbursed amount per person-year, € / Transports de patients : montant remboursé par personne-année, €',
      unit: '€ per person-year (BSE_REM_MNT)',
      xLabel: 'Statistic / Statistique',
      yLabel: '€ per person-year / € par personne-année',
      tolerance: `|simulated − target| ≤ ${100 * TOLERANCE} % of the published spending per inhabitant`,
      notes: [
        `BSE_REM_MNT of the care lines of ER_PRS_F with PRS_NAT_REF ${TRANSPORT_NATURES} (ambulance, VSL, taxi) and a care date in the period, per person-year of IR_BEN_R; paid (PRS_PAI_MNT) ${py > 0 ? (totalPaid / py).toFixed(1) : '0'} € per person-year.`,
        spend ? `« ${spend.quote} » (${spend.source}, ${spend.year}; ${spend.note}). Not fed: the simulator's trips come from the national trips of 2012 and the Cour des comptes' amounts by mode; ${other ? `the other départements spend ${other.value} € per inhabitant` : ''}.` : '',
      ].filter((n) => n !== ''),
    },
    amountRows,
  );

  const rows: ComparisonRow[] = [];
  const amo = figureOf(fig, 'amo_share');
  const pat = figureOf(fig, 'patients_share');
  const tpp = figureOf(fig, 'trips_per_patient');
  const dia = figureOf(fig, 'dialysis_share_spending');
  const share = r.persons.size > 0 ? (100 * patients) / r.persons.size : 0;
  if (amo) rows.push(bandRow('amo', 'Share paid by the health insurance, % / Part prise en charge par l’AMO, %', totalPaid > 0 ? (100 * totalReimbursed) / totalPaid : 0, amo.value, amo.value - AMO_TOLERANCE_POINTS, amo.value + AMO_TOLERANCE_POINTS, Math.round(totalPaid)));
  if (pat) rows.push(bandRow('patients', 'Transported patients, % of persons / Patients transportés, % des personnes', share, pat.value, pat.value * (1 - TOLERANCE), pat.value * (1 + TOLERANCE), patients));
  if (tpp) rows.push(bandRow('trips', 'Trips per transported patient / Trajets par patient transporté', patients > 0 ? totalTrips / patients : 0, tpp.value, tpp.value * (1 - TOLERANCE), tpp.value * (1 + TOLERANCE), Math.round(totalTrips)));
  if (dia) rows.push(bandRow('dialysis', 'Dialysed patients’ share of the spending, % / Part des patients dialysés, %', totalReimbursed > 0 ? (100 * dialysisReimbursed) / totalReimbursed : 0, dia.value, dia.value * (1 - TOLERANCE), dia.value * (1 + TOLERANCE), dialysed.size));
  const patientsComparison = bandComparison(
    {
      id: 'transport.patients',
      title: 'Transported patients / Patients transportés',
      unit: '%; trips per patient',
      xLabel: 'Statistic / Statistique',
      yLabel: 'value / valeur',
      tolerance: `share paid by the health insurance: |simulated − target| ≤ ${AMO_TOLERANCE_POINTS} points; the others ≤ ${100 * TOLERANCE} % of the target`,
      notes: [
        'Transported patients: persons of IR_BEN_R with a positive sum of PRS_ACT_QTE on transport lines in the period; a line is a one-way trip. Dialysed patients: persons with a session of main diagnosis Z49 in T_MCOyyB; their share of the reimbursed transport amount.',
        ...[amo, pat, tpp, dia].filter((f): f is Figure => f !== undefined).map((f) => `« ${f.quote} » (${f.source}, ${f.year}; ${f.note}).`),
        'Fed to simulate: the trips per person-year (2012), the transported patients ÷ the hospitalised patients (the share of transported hospital episodes), the transport cost of a haemodialysis patient (Champagne-Ardenne) and the amounts by mode. Not fed: the share paid by the health insurance, the dialysed patients’ share, the transported patients and the trips per patient (they follow from who is transported).',
      ],
    },
    rows,
  );
  const comparisons = [amounts, patientsComparison];
  return {
    id: 'transport',
    titleFr: 'Transports de patients',
    titleEn: 'Patient transport',
    description:
      'Trips by ambulance, VSL and conventioned taxi (ER_PRS_F natures 4212–4214, detailed in ER_TRS_F): reimbursed amount per person-year, share paid by the health insurance, transported patients, trips per patient and the dialysed patients’ share, against published figures (data/validation/transport_figures.csv).',
    comparisons,
    pass: allPass(comparisons),
  };
}

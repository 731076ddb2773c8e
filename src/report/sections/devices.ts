import { readDataTable } from '../../data';
import { ageInYears } from '../../events';
import { personKeySql } from '../../readback';
import { DCIR_KEYS, NO_DATE_SQL, sqlString } from '../../snds';
import { aliveOn, forEachSegment } from '../exposure';
import type { TargetedDatabase } from '../targets';
import { allPass } from '../tolerance';
import type { ComparisonRow, Section } from '../types';
import { bandComparison, bandRow, figureOf } from './common';
import { perPerson, type PersonSum } from './consumers';

/**
 * 14. Medical devices at home (LPP lines detailed in ER_TIP_F): persons treated by CPAP aged 70–74, the reimbursed
 * amount of glucose self-monitoring per holder of ALD 8 and per patient, against published figures
 * (data/validation/device_figures.csv, never read by `simulate`); the share of the LPP « ville » spending that the
 * simulated devices cover.
 */

const FIGURES = 'validation/device_figures.csv';
/** Relative tolerance (the issue's « within 30 % »). */
const TOLERANCE = 0.3;
/** Age band of the published peak of CPAP prevalence. */
const CPAP_AGES = [70, 74] as const;

/**
 * SQL condition: the ER_PRS_F line `p` has an ER_TIP_F line whose LPP label (NT_LPP) starts with one of `prefixes`. The
 * codes of those labels are an uncorrelated subquery, listed once: joined to NT_LPP inside the EXISTS, SQLite scanned
 * NT_LPP (no index, 19 717 codes) for every device line (4.9 s on 20 000 persons × 1 year, against 0.7 s).
 * The lines of the décomptes (DCT_ORD_NUM) that hold such a code are found first, also once: the nine-key EXISTS, which
 * the one-scan per-person sums evaluated on every care line, then runs on theirs only (the per-person sums of the care
 * database: 2.2–2.6 s down to 0.76 s). The EXISTS implies the first condition, so the lines kept are the same.
 */
function lppLine(prefixes: readonly string[]): string {
  const keys = DCIR_KEYS.map((k) => `t.${k} = p.${k}`).join(' AND ');
  const labels = prefixes.map((x) => `n.LPP_RED_LIB LIKE '${x}%'`).join(' OR ');
  const codes = `SELECT n.LPP_PRS_IDE FROM NT_LPP n WHERE ${labels}`;
  return `p.DCT_ORD_NUM IN (SELECT t.DCT_ORD_NUM FROM ER_TIP_F t WHERE t.TIP_PRS_IDE IN (${codes})) AND EXISTS (SELECT 1 FROM ER_TIP_F t WHERE ${keys} AND t.TIP_PRS_IDE IN (${codes}))`;
}

/** LPP natures of the simulated devices (IR_NAT_V AAR 3511, AAD 3512). */
const DEVICE_NATURES = 'p.PRS_NAT_REF IN (3511, 3512)';
/** The per-person sums of the section (prefetchPersonSums): CPAP lines, glucose self-monitoring and all device amounts, in cents. */
const LPP_TABLES = ['ER_TIP_F', 'NT_LPP'];
const CPAP_LINES: PersonSum = { value: 'SUM(p.PRS_ACT_QTE)', where: lppLine(['PPC, APNEE SOMMEIL']), tables: LPP_TABLES };
const GLUCOSE_CENTS: PersonSum = { value: 'SUM(ROUND(p.BSE_REM_MNT * 100))', where: lppLine(['AUTOCONTROLE']), tables: LPP_TABLES };
const DEVICE_CENTS: PersonSum = { value: 'SUM(ROUND(p.BSE_REM_MNT * 100))', where: DEVICE_NATURES, tables: LPP_TABLES };
export const DEVICES_PERSON_SUMS: readonly PersonSum[] = [CPAP_LINES, GLUCOSE_CENTS, DEVICE_CENTS];

/** Persons holding ALD 8 (diabetes) at some time of the period (IR_IMB_R, any of their pseudonyms). */
async function ald8Holders(r: TargetedDatabase): Promise<number> {
  if (!r.tables.has('IR_IMB_R')) return 0;
  const held = new Set<number>();
  for (const row of await r.db.all(
    `SELECT DISTINCT ${personKeySql(r.db.columns('IR_IMB_R'))} AS nir FROM IR_IMB_R WHERE IMB_ALD_NUM = 8 AND IMB_ALD_DTD <= ${sqlString(r.endIso)} AND (IMB_ALD_DTF >= ${sqlString(r.startIso)} OR IMB_ALD_DTF = ${NO_DATE_SQL} OR IMB_ALD_DTF IS NULL)`,
  )) {
    const p = r.persons.get(String(row.nir));
    if (p) held.add(p.index);
  }
  return held.size;
}

export async function devicesSection(r: TargetedDatabase): Promise<Section> {
  const fig = readDataTable(FIGURES);
  let py = 0;
  for (const p of r.persons.values()) forEachSegment(p, r.start, r.end, (s) => (py += s.years));
  const ready = r.tables.has('ER_TIP_F') && r.tables.has('NT_LPP');
  const sum = (m: Map<number, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
  // Amounts summed in cents: the engines sum doubles in different orders.
  const cpapLines = ready ? await perPerson(r, CPAP_LINES.value, CPAP_LINES.where) : new Map<number, number>();
  const glucose = ready ? await perPerson(r, GLUCOSE_CENTS.value, GLUCOSE_CENTS.where) : new Map<number, number>();
  const all = ready ? await perPerson(r, DEVICE_CENTS.value, DEVICE_CENTS.where) : new Map<number, number>();

  // Persons aged 70–74 on the first day of the period (alive then), and those of them treated by CPAP.
  let aged = 0;
  let treated = 0;
  let adults = 0;
  let treatedAdults = 0;
  for (const p of r.persons.values()) {
    if (!aliveOn(p, r.start)) continue;
    const age = ageInYears(p.birth, r.start);
    const isTreated = (cpapLines.get(p.index) ?? 0) > 0;
    if (age >= 20) {
      adults += 1;
      if (isTreated) treatedAdults += 1;
    }
    if (age < CPAP_AGES[0] || age > CPAP_AGES[1]) continue;
    aged += 1;
    if (isTreated) treated += 1;
  }
  const rows: ComparisonRow[] = [];
  const cpap = figureOf(fig, 'cpap_prevalence_70_74');
  if (cpap) rows.push(bandRow('cpap', `Treated by CPAP, % of persons aged ${CPAP_AGES[0]}–${CPAP_AGES[1]} / Traités par PPC, % des ${CPAP_AGES[0]}–${CPAP_AGES[1]} ans`, aged > 0 ? (100 * treated) / aged : 0, cpap.value, cpap.value * (1 - TOLERANCE), cpap.value * (1 + TOLERANCE), treated));
  const glucoseTotal = sum(glucose) / 100;
  const glucosePatients = [...glucose.values()].filter((v) => v > 0).length;
  const perHolder = figureOf(fig, 'glucose_reimbursed_per_ald8_holder');
  const holders = ready ? await ald8Holders(r) : 0;
  const perPatient = figureOf(fig, 'capillary_cost_per_year');
  if (perHolder) rows.push(bandRow('glucose', 'Glucose self-monitoring, reimbursed € per holder of ALD 8 / Autosurveillance glycémique, € remboursés par titulaire de l’ALD 8', holders > 0 ? glucoseTotal / holders : 0, perHolder.value, perHolder.value * (1 - TOLERANCE), perHolder.value * (1 + TOLERANCE), Math.round(glucoseTotal)));
  if (perPatient) rows.push(bandRow('glucose-patient', 'Glucose self-monitoring, reimbursed € per patient / Autosurveillance glycémique, € remboursés par patient', glucosePatients > 0 ? glucoseTotal / glucosePatients : 0, perPatient.value, perPatient.value * (1 - TOLERANCE), perPatient.value * (1 + TOLERANCE), glucosePatients));
  const lpp = figureOf(fig, 'lpp_ville_per_inhabitant');
  const devicesPerPy = py > 0 ? sum(all) / 100 / py : 0;
  const comparison = bandComparison(
    {
      id: 'devices.patients',
      title: 'Medical devices at home: CPAP and glucose self-monitoring / Dispositifs médicaux à domicile : PPC et autosurveillance glycémique',
      unit: '%; € per holder of ALD 8; € per patient',
      xLabel: 'Statistic / Statistique',
      yLabel: 'value / valeur',
      tolerance: `|simulated − target| ≤ ${100 * TOLERANCE} % of the target`,
      notes: [
        `CPAP: persons of IR_BEN_R alive on the first day of the period, by their age that day, with a positive sum of PRS_ACT_QTE on ER_PRS_F lines whose ER_TIP_F line (nine keys) has an LPP code labelled « PPC, APNEE SOMMEIL… » in NT_LPP. Among adults aged 20 or more: ${adults > 0 ? ((100 * treatedAdults) / adults).toFixed(2) : '0'} % (fed: the published prevalence of each sex among adults, 2017).`,
        `Glucose self-monitoring: BSE_REM_MNT of the lines whose LPP label starts with « AUTOCONTROLE » (strips, lancets) in the period (${py > 0 ? (glucoseTotal / py).toFixed(2) : '0'} € per person-year), per person holding ALD 8 (diabetes) in IR_IMB_R during the period (${holders} persons) and per person with such a line (${glucosePatients} persons).`,
        ...[cpap, perHolder, perPatient].filter((f) => f !== undefined).map((f) => `« ${f.quote} » (${f.source}, ${f.year}; ${f.note}).`),
        lpp
          ? `All simulated devices (natures 3511 AAR and 3512 AAD): ${devicesPerPy.toFixed(1)} € reimbursed per person-year, ${((100 * devicesPerPy) / lpp.value).toFixed(0)} % of the ${lpp.value} € per inhabitant of LPP « ville » spending (${lpp.source}, ${lpp.year}): dressings, orthoses, wheelchairs, hearing aids, optics, insulin pumps and the other devices are not simulated.`
          : '',
        ready ? '' : 'The database has no ER_TIP_F or no NT_LPP table: nothing to compare.',
      ].filter((n) => n !== ''),
    },
    rows,
  );
  const comparisons = [comparison];
  return {
    id: 'devices',
    titleFr: 'Dispositifs médicaux à domicile',
    titleEn: 'Medical devices at home',
    description:
      'LPP devices (ER_PRS_F natures 3511, 3512 detailed in ER_TIP_F, LPP labels from NT_LPP): CPAP for sleep apnoea by age, the reimbursed amount of glucose self-monitoring per diabetic (ALD 8) and per patient, and the share of the LPP « ville » spending the simulated devices cover, against published figures (data/validation/device_figures.csv).',
    comparisons,
    pass: allPass(comparisons),
  };
}

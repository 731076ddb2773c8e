import { num, readDataTable, str, type DataTable } from '../../data';
import { DataError } from '../../errors';
import { sqlString } from '../../snds';
import type { TargetedDatabase } from '../targets';
import { ageInMonth, forEachSegment, personYears } from '../exposure';
import { pmsiTables } from '../sql';
import { allPass } from '../tolerance';
import type { ComparisonRow, Section } from '../types';
import { bandComparison, labelRow } from './common';

/**
 * Disease counts that the pathway modules and the death certificate must not double: patients hospitalised for a
 * stroke or for heart failure per 100 000, and the share of each chapter among underlying causes of death, judged
 * with the figures of data/validation/counts_figures.csv (never read by `simulate`).
 */

const VALIDATION = 'validation/counts_figures.csv';
/**
 * Relative tolerance around a national rate of patients: a département's age structure and another year
 * (Ille-et-Vilaine is younger than France; crude rates follow age). Modelling choice.
 */
export const PATIENT_RATE_TOLERANCE = 0.35;
/** Tolerance, in percentage points, around a national share of deaths (another year, a département). Modelling choice. */
export const DEATH_SHARE_POINTS = 4;
/** Upper bound of eye diseases (H00–H59) among underlying causes, % (no published share; they are no causes of death). */
export const EYE_DEATHS_MAX_PCT = 0.5;
/** Binomial / Poisson standard errors added to the bands (small simulated populations). */
const Z = 3;

/** Value of a validation figure (the n-th number of a "a; b" cell); a DataError when it is missing. */
export function figure(t: DataTable, id: string, index = 0): number {
  const row = t.rows.find((r) => str(t, r, 'id') === id);
  if (!row) throw new DataError(`data/${t.name} has no figure ${id}: restore the row from git (data/validation is part of the repository)`);
  const v = Number(str(t, row, 'value').split(';')[index]?.trim());
  if (!Number.isFinite(v)) throw new DataError(`data/${t.name}: figure ${id} has no number at position ${index + 1} of its value "${str(t, row, 'value')}"`);
  return v;
}

/** National population of the nearest year of data/population.csv.gz (all ages, or adults). */
function nationalPopulation(r: TargetedDatabase, year: number, adults: boolean): number {
  const t = r.targets.read('population.csv.gz');
  const years = [...new Set(t.rows.map((x) => num(t, x, 'year')))];
  const y = years.reduce((best, x) => (Math.abs(x - year) < Math.abs(best - year) ? x : best), years[0] as number);
  let s = 0;
  for (const x of t.rows) if (num(t, x, 'year') === y && (!adults || num(t, x, 'age') >= 18)) s += num(t, x, 'count');
  return s;
}

/**
 * Distinct patients per year with an MCO stay (sessions excluded) matching `where` (on b = T_MCOyyB; `{D}` stands for
 * the year's T_MCOyyD), among persons aged ≥ `minAge` at admission, summed over the years of the period.
 */
async function patients(r: TargetedDatabase, where: string, minAge: number): Promise<number> {
  const [start, end] = [sqlString(r.startIso), sqlString(r.endIso)];
  const tables = new Set(r.tables);
  let total = 0;
  for (const bt of pmsiTables(r.tables, 'B')) {
    const ct = `${bt.slice(0, -1)}C`;
    const dt = `${bt.slice(0, -1)}D`;
    if (!tables.has(ct) || (where.includes('{D}') && !tables.has(dt))) continue;
    const rows = await r.db.all(
      `SELECT c.NIR_ANO_17 AS nir, MIN(substr(c.ENT_DAT, 1, 7)) AS ym
       FROM "${bt}" b JOIN "${ct}" c ON c.ETA_NUM = b.ETA_NUM AND c.RSA_NUM = b.RSA_NUM
       WHERE c.ENT_DAT BETWEEN ${start} AND ${end} AND COALESCE(b.NBR_SEA, 0) = 0 AND (${where.split('{D}').join(`"${dt}"`)})
       GROUP BY 1`,
    );
    // Once per person (a child's stays may be under either parent's BEN_NIR_PSA).
    const seen = new Set<number>();
    for (const row of rows) {
      const p = r.persons.get(String(row.nir));
      if (p && !seen.has(p.index) && ageInMonth(p, String(row.ym)) >= minAge) seen.add(p.index);
    }
    total += seen.size;
  }
  return total;
}

/** Chapter of an underlying cause as the published shares count it. */
function chapter(cim: string): string {
  const l = cim.charAt(0);
  if (l === 'C' || (l === 'D' && cim.slice(0, 3) <= 'D48')) return 'neoplasms';
  if (l === 'I') return 'circulatory';
  if (l === 'H' && cim.slice(0, 3) <= 'H59') return 'eye';
  if (l === 'R') return 'ill_defined';
  if ('VWXY'.includes(l)) return 'external';
  return 'other';
}

/** 10. Stroke and heart-failure patients per 100 000; underlying causes of death by chapter. */
export async function countsSection(r: TargetedDatabase): Promise<Section> {
  const v = readDataTable(VALIDATION);
  const py = personYears(r);
  let adultPy = 0;
  for (const p of r.persons.values()) forEachSegment(p, r.start, r.end, (s) => (adultPy += s.age >= 18 ? s.years : 0));
  const year = Number(r.startIso.slice(0, 4));

  // Stroke: DP I60–I64, the way an analyst selects stroke stays.
  const stroke = await patients(r, `substr(b.DGN_PAL, 1, 3) BETWEEN 'I60' AND 'I64'`, 0);
  const strokeRate = py > 0 ? (1e5 * stroke) / py : 0;
  const strokeTarget = (1e5 * figure(v, 'counts_1')) / nationalPopulation(r, 2014, false);
  const strokeSe = py > 0 ? (1e5 * Math.sqrt(Math.max(1, (strokeTarget * py) / 1e5))) / py : 0;
  // Heart failure: DP I50, or DA I50 with DP I110, I130, I132 (hypertensive heart / heart and kidney disease), J81, K761.
  const hf = await patients(
    r,
    `substr(b.DGN_PAL, 1, 3) = 'I50' OR ((substr(b.DGN_PAL, 1, 4) IN ('I110', 'I130', 'I132', 'K761') OR substr(b.DGN_PAL, 1, 3) = 'J81')
      AND EXISTS (SELECT 1 FROM {D} d WHERE d.ETA_NUM = b.ETA_NUM AND d.RSA_NUM = b.RSA_NUM AND substr(d.ASS_DGN, 1, 3) = 'I50'))`,
    18,
  );
  const hfRate = adultPy > 0 ? (1e5 * hf) / adultPy : 0;
  const hfTarget = figure(v, 'counts_3', 1);
  const hfSe = adultPy > 0 ? (1e5 * Math.sqrt(Math.max(1, (hfTarget * adultPy) / 1e5))) / adultPy : 0;
  const band = (target: number, se: number): [number, number] => [Math.max(0, target * (1 - PATIENT_RATE_TOLERANCE) - Z * se), target * (1 + PATIENT_RATE_TOLERANCE) + Z * se];
  const [sLo, sHi] = band(strokeTarget, strokeSe);
  const [hLo, hHi] = band(hfTarget, hfSe);
  const hospital = bandComparison(
    {
      id: 'counts.patients',
      title: 'Patients hospitalised per 100 000 / Patients hospitalisés pour 100 000',
      unit: 'patients per 100 000 person-years',
      xLabel: 'Condition / Pathologie',
      yLabel: 'Patients per 100 000 / Patients pour 100 000',
      tolerance: `|simulated − national crude rate| ≤ ${Math.round(PATIENT_RATE_TOLERANCE * 100)} % × rate (département, year) + ${Z} Poisson standard errors`,
      notes: [
        `Stroke: distinct persons per year with an MCO stay (T_MCOyyB joined to T_MCOyyC on ETA_NUM, RSA_NUM; sessions excluded) whose DGN_PAL is I60–I64, per 100 000 person-years. Target: 110 438 patients hospitalised for stroke in France in 2014 (Lecoffre et al., BEH 2017 n° 5; counts_1) over the population of data/population.csv.gz of the nearest year. Not fed to simulate. For information, 73 124 adults hospitalised for a constituted stroke in 2015 (counts_2; the same sentence gives the 26.8 % one-year case fatality that the stroke module cites) make ${((1e5 * figure(v, 'counts_2')) / nationalPopulation(r, 2015, true)).toFixed(1)} per 100 000 adults.`,
        'Heart failure: distinct adults per year with a stay whose DGN_PAL is I50, or with an ASS_DGN I50 (T_MCOyyD) and a DGN_PAL I110, I130, I132, J81 or K761 (the selection of the published figure), per 100 000 adult person-years. Target: crude rate 339.3 per 100 000 adults, 2022 (Gabet et al., BEH 2025 HS; counts_3). Not fed to simulate.',
        'No published number of patients hospitalised for myocardial infarction or for diabetes per 100 000 was found with its quote; they are not compared.',
      ],
    },
    [
      labelRow('stroke (DP I60–I64) / AVC', strokeRate, strokeTarget, sLo, sHi, stroke),
      labelRow('heart failure (I50), adults / insuffisance cardiaque, adultes', hfRate, hfTarget, hLo, hHi, hf),
    ],
  );

  // Underlying causes of death (KI_CCI_R) by chapter.
  const byChapter = new Map<string, number>();
  let deaths = 0;
  if (r.tables.has('KI_CCI_R')) {
    const rows = await r.db.all(
      `SELECT DCD_CIM_COD AS cim, COUNT(*) AS n FROM KI_CCI_R WHERE BEN_DCD_DTE BETWEEN ${sqlString(r.startIso)} AND ${sqlString(r.endIso)} GROUP BY 1`,
    );
    for (const row of rows) {
      const g = chapter(String(row.cim));
      byChapter.set(g, (byChapter.get(g) ?? 0) + Number(row.n));
      deaths += Number(row.n);
    }
  }
  const pct = (g: string): number => (deaths > 0 ? (100 * (byChapter.get(g) ?? 0)) / deaths : 0);
  const se = (p: number): number => (deaths > 0 ? 100 * Math.sqrt((p / 100) * (1 - p / 100) / deaths) : 0);
  const shareRow = (g: string, label: string, target: number): ComparisonRow => {
    const w = DEATH_SHARE_POINTS + Z * se(target);
    return labelRow(label, pct(g), target, Math.max(0, target - w), target + w, byChapter.get(g) ?? 0);
  };
  const causes = bandComparison(
    {
      id: 'counts.death_causes',
      title: 'Underlying causes of death, % / Causes initiales de décès, %',
      unit: '% of deaths',
      xLabel: 'ICD-10 chapter / Chapitre CIM-10',
      yLabel: '% of deaths / % des décès',
      tolerance: `|simulated − published share| ≤ ${DEATH_SHARE_POINTS} points (year, département) + ${Z} binomial standard errors; eye diseases ≤ ${EYE_DEATHS_MAX_PCT} %`,
      notes: [
        `${deaths} deaths of the period in KI_CCI_R (DCD_CIM_COD), ${year}–${r.endIso.slice(0, 4)}. Targets: CépiDc, France metropolitan 2016, both sexes: neoplasms 29.0 %, cardiovascular diseases 24.2 % (Boulat et al., BEH 2019 n° 29-30; counts_4, counts_5), not fed to simulate; the simulator was fed the shares by sex of 2017 (DSS REPSS Maladie, counts_6), so this comparison checks mostly that the causes attributed to the persons' ALDs do not shift the chapters.`,
        `Fed to simulate, shown and not judged: men 32 % neoplasms, 22 % circulatory, 8 % external; women 25 %, 25 %, 5 % (counts_6); ill-defined and unknown causes (R00–R99) 10 % (Ined; counts_7). Simulated: external causes ${pct('external').toFixed(1)} %, ill-defined ${pct('ill_defined').toFixed(1)} %.`,
        `Eye diseases (H00–H59): no published share; they are not underlying causes in practice (the bound ${EYE_DEATHS_MAX_PCT} % is a plausibility check).`,
      ],
    },
    [
      shareRow('neoplasms', 'neoplasms C00–D48 / tumeurs', figure(v, 'counts_4')),
      shareRow('circulatory', 'circulatory I00–I99 / appareil circulatoire', figure(v, 'counts_5')),
      labelRow('eye H00–H59 / œil', pct('eye'), 0, 0, EYE_DEATHS_MAX_PCT, byChapter.get('eye') ?? 0),
    ],
  );
  const comparisons = [hospital, causes];
  return {
    id: 'counts',
    titleFr: 'Patients hospitalisés et causes de décès',
    titleEn: 'Hospitalised patients and causes of death',
    description:
      'Patients hospitalised for a stroke or for heart failure per 100 000, and underlying causes of death by chapter, compared with published figures that simulate was not fed (data/validation/counts_figures.csv): they check that the pathway modules and the death certificate do not count a disease twice.',
    comparisons,
    pass: allPass(comparisons),
  };
}

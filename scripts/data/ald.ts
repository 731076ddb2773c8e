/**
 * ALD (affections de longue durée) rate tables: prevalence by ALD × sex × 5-year age × département,
 * national onset (incidence) rates derived from the age profile of prevalence, département ratios,
 * ALD → ICD-10 codes with weights, and ALD labels.
 *
 * Raw inputs (see data/sources/50-ald.md for the full method and caveats):
 * - `cnam_ald/count_ALD.xls` — CNAM persons in ALD (2016), two marginals: ALD × département (sheet `dpt`)
 *   and ALD × sex × 5-year age band (sheet `sexe-age`); département ratios by indirect standardisation;
 * - `insee_pop/estim-pop-dep-sexe-aq-1975-2021.xlsx` — INSEE population at 1 January 2017 by département × sex × 5-year band;
 * - `snds_nomenclatures/ORAVAL/IR_CIM_V.csv.gz`, `IR_ALD_V.csv` — official SNDS nomenclatures (ICD-10 ↔ ALD number, ALD labels);
 * - `scansante_pmsi_medtraj/cimcounts_all.csv` — number of hospital stays per ICD-10 code (2016).
 */
import { readRawCsv, readRawRows, readRawWorkbook, round, sheetRows, writeTable } from './lib';
import type { BuildContext, Cell, DataBuilder } from './lib';
import { restrictionOf } from './hospital-diagnoses';

/** INSEE population sheet used as denominator: 1 January 2017 ≈ 31 December 2016, the date of the ALD counts. */
export const POP_YEAR_SHEET = '2017';
/** Upper bound on a cell prevalence (the product of two marginal ratios can exceed 1 in extreme cells). */
export const PREVALENCE_CAP = 0.95;
/** Lower bounds of the 20 five-year age bands (0-4 … 95+), shared by the ALD and INSEE files. */
export const AGE_MIN: readonly number[] = Array.from({ length: 20 }, (_, k) => 5 * k);
/** Width of an age band, in years. */
const BAND = 5;
/**
 * ALD numbers for which no new admission is possible any more: ALD 12 (severe hypertension) was removed from the
 * list by décret 2011-77 of 19 January 2011 (persons already exonerated keep it). Their incidence is set to 0.
 */
export const CLOSED_ALDS: ReadonlySet<number> = new Set([12]);

const ALD_FILE = 'cnam_ald/count_ALD.xls';
const POP_FILE = 'insee_pop/estim-pop-dep-sexe-aq-1975-2021.xlsx';
const CIM_FILE = 'snds_nomenclatures/ORAVAL/IR_CIM_V.csv.gz';
const ALD_LABEL_FILE = 'snds_nomenclatures/ORAVAL/IR_ALD_V.csv';
const CIM_COUNT_FILE = 'scansante_pmsi_medtraj/cimcounts_all.csv';

/** Sex codes as in the SNDS (1 = male, 2 = female). */
type Sex = 1 | 2;
const SEXES: readonly Sex[] = [1, 2];

/** Key helpers for the nested count maps. */
const saKey = (sex: Sex, age: number): string => `${sex}|${age}`;

/** Parsed ALD counts (the two marginals). */
export interface AldCounts {
  /** ALD numbers present in the `dpt` sheet, ascending. */
  readonly alds: number[];
  /** Département codes of the `dpt` sheet, as text ('01' … '2A', '2B' … '976'). */
  readonly depts: string[];
  /** N(ald, dept). */
  readonly byDept: Map<number, Map<string, number>>;
  /** N(ald, sex, age) keyed by `sex|age`. */
  readonly bySexAge: Map<number, Map<string, number>>;
  /** Number of non-blank data rows of the `dpt` sheet, and of blank rows dropped. */
  readonly dptRows: number;
  readonly blankRows: number;
}

/** Normalises a département code read from Excel (numbers for 971…976, text elsewhere). */
function deptCode(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v).trim();
  if (/^(\d{2}|2A|2B|97\d)$/.test(s)) return s;
  return null;
}

function num(v: unknown, what: string): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw new Error(`${what}: expected a number, got ${JSON.stringify(v)}`);
}

/** Reads both sheets of count_ALD.xls, checking their layout. */
export function readAldCounts(ctx: BuildContext): AldCounts {
  const wb = readRawWorkbook(ctx, ALD_FILE);
  const dpt = sheetRows(wb, 'dpt');
  const header = dpt[0] ?? [];
  if (header[0] !== 'dpt') throw new Error(`${ALD_FILE} dpt: unexpected header ${JSON.stringify(header)}`);
  const cols: { col: number; ald: number }[] = [];
  header.forEach((h, col) => {
    const m = /^ALD(\d+)$/.exec(String(h ?? ''));
    if (m) cols.push({ col, ald: Number(m[1]) });
  });
  const byDept = new Map<number, Map<string, number>>(cols.map((c) => [c.ald, new Map<string, number>()]));
  const depts: string[] = [];
  let blankRows = 0;
  for (const row of dpt.slice(1)) {
    if (row.every((v) => v === null || v === '')) {
      blankRows++;
      continue;
    }
    const d = deptCode(row[0]);
    if (!d) throw new Error(`${ALD_FILE} dpt: unexpected département ${JSON.stringify(row[0])}`);
    if (depts.includes(d)) throw new Error(`${ALD_FILE} dpt: duplicate département ${d}`);
    depts.push(d);
    for (const c of cols) byDept.get(c.ald)!.set(d, num(row[c.col], `${ALD_FILE} dpt ${d} ALD${c.ald}`));
  }

  const sa = sheetRows(wb, 'sexe-age');
  const h2 = sa[0] ?? [];
  const ages = h2.slice(2).map((v) => num(v, `${ALD_FILE} sexe-age header`));
  if (ages.join(',') !== AGE_MIN.join(',')) throw new Error(`${ALD_FILE} sexe-age: unexpected age bands ${ages.join(',')}`);
  const bySexAge = new Map<number, Map<string, number>>();
  for (const row of sa.slice(1)) {
    if (row.every((v) => v === null || v === '')) continue;
    const m = /^ALD(\d+)$/.exec(String(row[0] ?? ''));
    if (!m) throw new Error(`${ALD_FILE} sexe-age: unexpected ALD ${JSON.stringify(row[0])}`);
    const ald = Number(m[1]);
    if (!byDept.has(ald)) continue; // ALD 31, 32, 99 (hors liste, polypathologies) have no département marginal
    const sex = num(row[1], `${ALD_FILE} sexe-age sex`);
    if (sex !== 1 && sex !== 2) throw new Error(`${ALD_FILE} sexe-age: unexpected sex ${sex}`);
    let m2 = bySexAge.get(ald);
    if (!m2) bySexAge.set(ald, (m2 = new Map()));
    AGE_MIN.forEach((age, k) => m2!.set(saKey(sex, age), num(row[k + 2], `${ALD_FILE} sexe-age ALD${ald}`)));
  }
  const alds = [...byDept.keys()].sort((a, b) => a - b);
  for (const a of alds) {
    if (bySexAge.get(a)?.size !== 2 * AGE_MIN.length) throw new Error(`${ALD_FILE}: ALD${a} lacks a sex × age row`);
  }
  return { alds, depts, byDept, bySexAge, dptRows: depts.length, blankRows };
}

/** Population of one year by département × sex × 5-year band. */
export interface Population {
  /** Pop(dept, sex, age) keyed by dept then `sex|age`. */
  readonly cells: Map<string, Map<string, number>>;
}

/** Reads one year sheet of the INSEE département estimate (positions, not labels: see MANIFEST). */
export function readPopulation(ctx: BuildContext, sheet: string = POP_YEAR_SHEET): Population {
  const rows = sheetRows(readRawWorkbook(ctx, POP_FILE), sheet);
  const labels = rows[4] ?? [];
  // Column blocks: Ensemble C..W (2..22), Hommes X..AR (23..43), Femmes AS..BM (44..64); Total is the last of each.
  const start: Record<Sex, number> = { 1: 23, 2: 44 };
  for (const sex of SEXES) {
    const first = String(labels[start[sex]] ?? '');
    const last = String(labels[start[sex] + 19] ?? '');
    const tot = String(labels[start[sex] + 20] ?? '');
    if (!first.startsWith('0 ') || !last.startsWith('95') || tot !== 'Total') {
      throw new Error(`${POP_FILE} ${sheet}: unexpected age header for sex ${sex}: ${first} / ${last} / ${tot}`);
    }
  }
  const cells = new Map<string, Map<string, number>>();
  for (const row of rows.slice(5)) {
    const d = deptCode(row[0]);
    if (!d) continue;
    const m = new Map<string, number>();
    for (const sex of SEXES) {
      let sum = 0;
      AGE_MIN.forEach((age, k) => {
        const v = num(row[start[sex] + k], `${POP_FILE} ${sheet} ${d}`);
        m.set(saKey(sex, age), v);
        sum += v;
      });
      const total = num(row[start[sex] + 20], `${POP_FILE} ${sheet} ${d} total`);
      if (Math.abs(total - sum) > 0.5) throw new Error(`${POP_FILE} ${sheet} ${d}: bands sum to ${sum}, total ${total}`);
    }
    cells.set(d, m);
  }
  return { cells };
}

/** Everything derived from the ALD counts and the population, shared by the tables and the tests. */
export interface AldModel {
  readonly counts: AldCounts;
  /** National prevalence P(ald, sex, age) = N(ald, sex, age) / Pop(sex, age), uncapped. */
  readonly national: Map<number, Map<string, number>>;
  /** R(ald, dept). */
  readonly ratio: Map<number, Map<string, number>>;
  /** Pop(sex, age) over all départements of the ALD file. */
  readonly popSexAge: Map<string, number>;
  /** Pop(dept, sex, age). */
  readonly pop: Population;
}

/** Builds the two marginal rates and the département ratios. */
export function aldModel(ctx: BuildContext): AldModel {
  const counts = readAldCounts(ctx);
  const pop = readPopulation(ctx);
  const missing = counts.depts.filter((d) => !pop.cells.has(d));
  if (missing.length) throw new Error(`no INSEE population for départements ${missing.join(', ')}`);
  const popSexAge = new Map<string, number>();
  for (const d of counts.depts) for (const [k, v] of pop.cells.get(d)!) popSexAge.set(k, (popSexAge.get(k) ?? 0) + v);
  const national = new Map<number, Map<string, number>>();
  const ratio = new Map<number, Map<string, number>>();
  for (const a of counts.alds) {
    const nat = new Map<string, number>();
    for (const [k, n] of counts.bySexAge.get(a)!) nat.set(k, n / popSexAge.get(k)!);
    national.set(a, nat);
    // Indirect standardisation: observed / expected count of the département, the expected count applying the
    // national sex × age prevalence to the département's own population, so that the ratio carries no age effect.
    const byD = counts.byDept.get(a)!;
    const expected = new Map<string, number>();
    let nTot = 0;
    let eTot = 0;
    for (const d of counts.depts) {
      let e = 0;
      for (const [k, v] of pop.cells.get(d)!) e += v * nat.get(k)!;
      expected.set(d, e);
      eTot += e;
      nTot += byD.get(d)!;
    }
    // Normalised so that the national count implied by the ratios equals the sex × age marginal (the two marginals
    // differ by < 0.6 % except for ALD 4, whose small counts are placeholders).
    const r = new Map<string, number>();
    for (const d of counts.depts) r.set(d, expected.get(d)! > 0 ? byD.get(d)! / expected.get(d)! / (nTot / eTot) : 1);
    ratio.set(a, r);
  }
  return { counts, national, ratio, popSexAge, pop };
}

/** p(ald | sex, age, dept) = min(cap, P(ald, sex, age) × R(ald, dept)). */
export function cellPrevalence(m: AldModel, ald: number, sex: Sex, age: number, dept: string): number {
  return Math.min(PREVALENCE_CAP, m.national.get(ald)!.get(saKey(sex, age))! * m.ratio.get(ald)!.get(dept)!);
}

/**
 * Yearly onset rate among persons without the ALD, from the age profile of prevalence
 * (illness-death model, stationary population, no excess mortality, no remission:
 * dP/da = (1 − P) · i, Brinks & Landwehr 2015 eq. with m1 = m0):
 * - first band (0-4): i = −ln(1 − P₀) / 2.5 (prevalence 0 at birth, P₀ read at the band mid-point);
 * - inner bands: i = [P(a+5) − P(a−5)] / 10 / (1 − P(a)) (central difference at the band mid-point);
 * - last band (95+): i = [P(95) − P(90)] / 5 / (1 − P(95)).
 * Negative values (prevalence falling with age: excess mortality, remission, cohort effects) are floored at 0.
 */
export function incidenceFromPrevalence(p: readonly number[]): number[] {
  const n = p.length;
  return p.map((pa, k) => {
    let i: number;
    if (k === 0) i = -Math.log(1 - pa) / (BAND / 2);
    else if (k === n - 1) i = (pa - p[k - 1]!) / BAND / (1 - pa);
    else i = (p[k + 1]! - p[k - 1]!) / (2 * BAND) / (1 - pa);
    return Math.max(0, i);
  });
}

/** ICD-10 codes per ALD with their weights. */
export function aldIcd10(ctx: BuildContext, alds: readonly number[]): [number, string, 0 | 1 | 2, number, string][] {
  const cim = readRawCsv(ctx, CIM_FILE, { delimiter: ';' });
  const counts = new Map<string, number>();
  for (const row of readRawRows(ctx, CIM_COUNT_FILE).slice(1)) {
    const code = (row[1] ?? '').trim();
    const n = Number(row[2]);
    if (!code || !Number.isFinite(n)) throw new Error(`${CIM_COUNT_FILE}: bad row ${JSON.stringify(row)}`);
    counts.set(code, (counts.get(code) ?? 0) + n);
  }
  const wanted = new Set(alds);
  const byAld = new Map<number, string[]>();
  const labels = new Map<string, string>();
  for (const r of cim) {
    const ald = Number(r['ALD_030_COD']);
    const code = (r['CIM_COD'] ?? '').trim();
    if (code && !labels.has(code)) labels.set(code, (r['CIM_LIB'] ?? '').trim());
    if (!wanted.has(ald) || !code) continue;
    let l = byAld.get(ald);
    if (!l) byAld.set(ald, (l = []));
    if (!l.includes(code)) l.push(code);
  }
  // 3-character ICD-10 blocks with at least one code in the stay counts. A block with none at all (E11 type 2
  // diabetes, I21-I22, I69, I10, G35, M45 …) is a gap of that file, not a rare diagnosis.
  const blocks = new Set([...counts.keys()].map((c) => c.slice(0, 3)));
  const out: [number, string, 0 | 1 | 2, number, string][] = [];
  for (const ald of [...byAld.keys()].sort((a, b) => a - b)) {
    const codes = byAld.get(ald)!.sort();
    const positive = codes.map((c) => counts.get(c) ?? 0).filter((n) => n > 0);
    // Observed codes weigh their number of stays; codes counted 0 or absent from an observed block get the smallest
    // positive count of their ALD (rare codes); codes of a block missing from the file get the mean positive count
    // of their ALD; an ALD with no positive count at all gets equal weights.
    const floor = positive.length ? Math.min(...positive) : 1;
    const mean = positive.length ? positive.reduce((x, y) => x + y, 0) / positive.length : 1;
    const raw = codes.map((c) => {
      const n = counts.get(c) ?? 0;
      if (n > 0) return n;
      return blocks.has(c.slice(0, 3)) ? floor : mean;
    });
    const total = raw.reduce((x, y) => x + y, 0);
    // Sex the code is restricted to (0 both), by the rule of the PMSI diagnoses (hospital-diagnoses.ts): the
    // simulator draws a person's code among those allowed for their sex (no prostate cancer in women).
    codes.forEach((c, k) => out.push([ald, c, restrictionOf(c).sex, round(raw[k]! / total, 8), labels.get(c) ?? '']));
  }
  return out;
}

/** National onset rates of an ALD by 5-year band for one sex (0 for closed ALDs). */
export function nationalIncidence(m: AldModel, ald: number, sex: Sex): number[] {
  const p = AGE_MIN.map((age) => m.national.get(ald)!.get(saKey(sex, age))!);
  return CLOSED_ALDS.has(ald) ? p.map(() => 0) : incidenceFromPrevalence(p);
}

/**
 * Day from which no new admission is possible for the closed ALDs (décret 2011-77 of 19 January 2011 for ALD 12;
 * see data/sources/50-ald.md): prevalent cases must have started before.
 */
export const CLOSED_SINCE: ReadonlyMap<number, string> = new Map([[12, '2011-01-19']]);

/** Published new admissions (data/raw/published/ald_published.csv) and the ALD numbers of each group. */
const PUBLISHED_FILE = 'published/ald_published.csv';
/** Year of the published admissions: the derived onsets are computed on the INSEE population of that year. */
export const CALIBRATION_YEAR = '2014';
/**
 * Groups of the published counts → ALD numbers (modelling choice: the publication names the groups, not the
 * numbers; the grouping follows the official labels of IR_ALD_V). Every other ALD belongs to group `other`,
 * calibrated on the total minus the four groups.
 */
export const CALIBRATION_GROUPS: readonly { readonly group: string; readonly indicator: string; readonly alds: readonly number[] }[] = [
  // 1 stroke, 3 chronic arteriopathies, 5 heart failure / arrhythmia / valvular disease, 12 severe hypertension, 13 coronary disease.
  { group: 'cardio_neurovascular', indicator: 'ald_new_admissions_cardio_neurovascular', alds: [1, 3, 5, 12, 13] },
  { group: 'malignant_tumour', indicator: 'ald_new_admissions_malignant_tumour', alds: [30] },
  { group: 'diabetes', indicator: 'ald_new_admissions_diabetes', alds: [8] },
  { group: 'psychiatric', indicator: 'ald_new_admissions_psychiatric', alds: [23] },
];
const TOTAL_INDICATOR = 'ald_new_admissions_all_list';

/** A published figure of ald_published.csv by indicator (exactly one row). */
function published(ctx: BuildContext, indicator: string): number {
  const rows = readRawCsv(ctx, PUBLISHED_FILE).filter((r) => r['indicator'] === indicator);
  if (rows.length !== 1) throw new Error(`${PUBLISHED_FILE}: expected one row for ${indicator}, found ${rows.length}`);
  const v = Number(rows[0]!['value']);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${PUBLISHED_FILE}: ${indicator} is not a positive number`);
  return v;
}

/**
 * Per-ALD multiplier of the derived onset rates: published new admissions of the ALD's group (CNAM 2014) divided by
 * the onsets the derived rates give on the 2014 population, Σ Pop(sex, age) · (1 − P(ald, sex, age)) · i(ald, sex, age).
 */
export function incidenceCalibration(ctx: BuildContext, m: AldModel): Cell[][] {
  const pop = readPopulation(ctx, CALIBRATION_YEAR);
  const popSexAge = new Map<string, number>();
  for (const d of m.counts.depts) for (const [k, v] of pop.cells.get(d)!) popSexAge.set(k, (popSexAge.get(k) ?? 0) + v);
  const derived = new Map<number, number>();
  for (const a of m.counts.alds) {
    let n = 0;
    for (const sex of SEXES) {
      const i = nationalIncidence(m, a, sex);
      AGE_MIN.forEach((age, k) => {
        const key = saKey(sex, age);
        n += popSexAge.get(key)! * (1 - m.national.get(a)!.get(key)!) * i[k]!;
      });
    }
    derived.set(a, n);
  }
  const groupOf = new Map<number, { group: string; published: number }>();
  let named = 0;
  for (const g of CALIBRATION_GROUPS) {
    const v = published(ctx, g.indicator);
    named += v;
    for (const a of g.alds) groupOf.set(a, { group: g.group, published: v });
  }
  const other = { group: 'other', published: published(ctx, TOTAL_INDICATOR) - named };
  if (other.published <= 0) throw new Error(`${PUBLISHED_FILE}: the total is below the sum of the groups`);
  for (const a of m.counts.alds) if (!groupOf.has(a)) groupOf.set(a, other);
  const groupDerived = new Map<string, number>();
  for (const a of m.counts.alds) {
    const g = groupOf.get(a)!.group;
    groupDerived.set(g, (groupDerived.get(g) ?? 0) + derived.get(a)!);
  }
  return m.counts.alds.map((a) => {
    const g = groupOf.get(a)!;
    return [a, g.group, Math.round(derived.get(a)!), g.published, round(g.published / groupDerived.get(g.group)!, 4), CLOSED_SINCE.get(a) ?? ''];
  });
}

/** A published ALD parameter selected from ald_published.csv. */
interface AldParameter {
  readonly name: string;
  readonly indicator: string;
  /** Divisor applied to the published value (100 for a percentage written as a fraction). */
  readonly divisor: number;
  readonly unit: string;
}

/** Year of the ALD counts (count_ALD.xls): the prevalence table describes 31 December of that year. */
export const ALD_COUNT_YEAR = 2016;

/**
 * Yearly growth of the number of persons in ALD (CNAM, 2012-2014): the simulator scales the 2016 prevalence to the
 * start year of the run by (1 + g)^(year − 2016).
 */
export const PREVALENCE_GROWTH: AldParameter = {
  name: 'ald_prevalence_growth_per_year',
  indicator: 'growth_persons_in_list_ald_per_year',
  divisor: 100,
  unit: 'fraction per year',
};

/** Share of an ALD patient's care events related to one of their ALDs (reimbursed at 100 %). */
export const CARE_RELATED_SHARE: AldParameter = {
  name: 'ald_care_related_share',
  indicator: 'share_ald_patients_spending_related_to_ald',
  divisor: 100,
  unit: 'fraction of the care events of persons in ALD',
};

function aldParameter(ctx: BuildContext, p: AldParameter): Cell[] {
  const row = readRawCsv(ctx, PUBLISHED_FILE).find((r) => r['indicator'] === p.indicator);
  if (!row) throw new Error(`${PUBLISHED_FILE}: no row for ${p.indicator}`);
  return [p.name, round(Number(row['value']) / p.divisor, 6), p.unit, `ald_published.csv#${row['source']}`];
}

export const aldBuilder: DataBuilder = {
  name: '50-ald',
  outputs: [
    'ald_prevalence.csv.gz',
    'ald_incidence.csv',
    'ald_dept_ratio.csv',
    'ald_icd10.csv',
    'ald_labels.csv',
    'ald_incidence_calibration.csv',
    'ald_parameters.csv',
  ],
  build(ctx: BuildContext): void {
    const m = aldModel(ctx);
    const { alds } = m.counts;
    const depts = [...m.counts.depts].sort();

    const prev: Cell[][] = [];
    for (const a of alds)
      for (const sex of SEXES)
        for (const age of AGE_MIN)
          for (const d of depts) prev.push([a, sex, age, d, round(cellPrevalence(m, a, sex, age, d), 8)]);
    writeTable(ctx, 'ald_prevalence.csv.gz', ['ald', 'sex', 'age_min', 'dept', 'prevalence'], prev);

    const inc: Cell[][] = [];
    for (const a of alds)
      for (const sex of SEXES) {
        const i = nationalIncidence(m, a, sex);
        AGE_MIN.forEach((age, k) => inc.push([a, sex, age, round(i[k]!, 8)]));
      }
    writeTable(ctx, 'ald_incidence.csv', ['ald', 'sex', 'age_min', 'incidence'], inc);

    const ratio: Cell[][] = [];
    for (const a of alds) for (const d of depts) ratio.push([a, d, round(m.ratio.get(a)!.get(d)!, 4)]);
    writeTable(ctx, 'ald_dept_ratio.csv', ['ald', 'dept', 'ratio'], ratio);

    writeTable(ctx, 'ald_icd10.csv', ['ald', 'cim', 'sex', 'weight', 'label'], aldIcd10(ctx, alds));
    writeTable(ctx, 'ald_incidence_calibration.csv', ['ald', 'group', 'derived_onsets', 'published_onsets', 'multiplier', 'closed_since'], incidenceCalibration(ctx, m));
    writeTable(ctx, 'ald_parameters.csv', ['name', 'value', 'unit', 'source'], [
      aldParameter(ctx, CARE_RELATED_SHARE),
      aldParameter(ctx, PREVALENCE_GROWTH),
      ['ald_prevalence_year', ALD_COUNT_YEAR, 'year', 'raw/cnam_ald/README.md'],
    ]);

    const labels: Cell[][] = readRawCsv(ctx, ALD_LABEL_FILE, { delimiter: ';' })
      .map((r) => [Number(r['ALD_030_COD']), (r['ALD_030_LIB'] ?? '').trim()] as [number, string])
      .filter(([a]) => alds.includes(a))
      .sort((x, y) => x[0] - y[0]);
    writeTable(ctx, 'ald_labels.csv', ['ald', 'label'], labels);
  },
};

/**
 * ALD (affections de longue durée) rate tables: prevalence by ALD × sex × 5-year age × département,
 * national onset (incidence) rates derived from the age profile of prevalence, département ratios,
 * ALD → ICD-10 codes with weights, and ALD labels.
 *
 * Raw inputs (see data/sources/50-ald.md for the full method and caveats):
 * - `cnam_ald/count_ALD.xls` — CNAM persons in ALD (2016), two marginals: ALD × département (sheet `dpt`)
 *   and ALD × sex × 5-year age band (sheet `sexe-age`);
 * - `insee_pop/estim-pop-dep-sexe-aq-1975-2021.xlsx` — INSEE population at 1 January 2017 by département × sex × 5-year band;
 * - `snds_nomenclatures/ORAVAL/IR_CIM_V.csv.gz`, `IR_ALD_V.csv` — official SNDS nomenclatures (ICD-10 ↔ ALD number, ALD labels);
 * - `scansante_pmsi_medtraj/cimcounts_all.csv` — number of hospital stays per ICD-10 code (2016).
 */
import { readRawCsv, readRawRows, readRawWorkbook, round, sheetRows, writeTable } from './lib';
import type { BuildContext, Cell, DataBuilder } from './lib';

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
  const popDept = new Map<string, number>();
  let popTotal = 0;
  for (const d of counts.depts) {
    let s = 0;
    for (const [k, v] of pop.cells.get(d)!) {
      popSexAge.set(k, (popSexAge.get(k) ?? 0) + v);
      s += v;
    }
    popDept.set(d, s);
    popTotal += s;
  }
  const national = new Map<number, Map<string, number>>();
  const ratio = new Map<number, Map<string, number>>();
  for (const a of counts.alds) {
    const nat = new Map<string, number>();
    for (const [k, n] of counts.bySexAge.get(a)!) nat.set(k, n / popSexAge.get(k)!);
    national.set(a, nat);
    const byD = counts.byDept.get(a)!;
    let nTot = 0;
    for (const v of byD.values()) nTot += v;
    const r = new Map<string, number>();
    for (const d of counts.depts) r.set(d, byD.get(d)! / popDept.get(d)! / (nTot / popTotal));
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
export function aldIcd10(ctx: BuildContext, alds: readonly number[]): [number, string, number][] {
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
  for (const r of cim) {
    const ald = Number(r['ALD_030_COD']);
    const code = (r['CIM_COD'] ?? '').trim();
    if (!wanted.has(ald) || !code) continue;
    let l = byAld.get(ald);
    if (!l) byAld.set(ald, (l = []));
    if (!l.includes(code)) l.push(code);
  }
  // 3-character ICD-10 blocks with at least one code in the stay counts. A block with none at all (E11 type 2
  // diabetes, I21-I22, I69, I10, G35, M45 …) is a gap of that file, not a rare diagnosis.
  const blocks = new Set([...counts.keys()].map((c) => c.slice(0, 3)));
  const out: [number, string, number][] = [];
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
    codes.forEach((c, k) => out.push([ald, c, round(raw[k]! / total, 8)]));
  }
  return out;
}

export const aldBuilder: DataBuilder = {
  name: '50-ald',
  outputs: ['ald_prevalence.csv.gz', 'ald_incidence.csv', 'ald_dept_ratio.csv', 'ald_icd10.csv', 'ald_labels.csv'],
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
        const p = AGE_MIN.map((age) => m.national.get(a)!.get(saKey(sex, age))!);
        const i = CLOSED_ALDS.has(a) ? p.map(() => 0) : incidenceFromPrevalence(p);
        AGE_MIN.forEach((age, k) => inc.push([a, sex, age, round(i[k]!, 8)]));
      }
    writeTable(ctx, 'ald_incidence.csv', ['ald', 'sex', 'age_min', 'incidence'], inc);

    const ratio: Cell[][] = [];
    for (const a of alds) for (const d of depts) ratio.push([a, d, round(m.ratio.get(a)!.get(d)!, 4)]);
    writeTable(ctx, 'ald_dept_ratio.csv', ['ald', 'dept', 'ratio'], ratio);

    writeTable(ctx, 'ald_icd10.csv', ['ald', 'cim', 'weight'], aldIcd10(ctx, alds));

    const labels: Cell[][] = readRawCsv(ctx, ALD_LABEL_FILE, { delimiter: ';' })
      .map((r) => [Number(r['ALD_030_COD']), (r['ALD_030_LIB'] ?? '').trim()] as [number, string])
      .filter(([a]) => alds.includes(a))
      .sort((x, y) => x[0] - y[0]);
    writeTable(ctx, 'ald_labels.csv', ['ald', 'label'], labels);
  },
};

/**
 * Population at 1 January by département × sex × single year of age (INSEE), 2013-2021.
 *
 * The INSEE département estimates come in 5-year age bands; each band is split across single
 * ages in proportion to the national single-year pyramid of the same year and sex.
 * Also exports the readers reused by the mortality and geography builders.
 */
import { type BuildContext, type Cell, type DataBuilder, readRawRows, readRawWorkbook, sheetRows, writeTable } from './lib';

/** Raw files (relative to data/raw). */
export const POP_BANDS_FILE = 'insee_pop/estim-pop-dep-sexe-aq-1975-2021.xlsx';
export const PYRAMID_FILE = 'insee_pop/donnees_pyramide_act_2022.csv';

/** Years written to population.csv.gz. */
export const POP_YEARS: readonly number[] = [2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021];

/** Number of 5-year bands in the INSEE sheets (0-4 … 90-94, 95+). */
const N_BANDS = 20;
/** Oldest single age written; 99 means "99 and over" (as in the INSEE pyramid). */
export const MAX_AGE = 99;

/** Sex as coded in the SNDS (BEN_SEX_COD): 1 = male, 2 = female. */
export type Sex = 1 | 2;

/** Band counts of one département for one year: bands[sex][band]. */
export interface DeptBands {
  readonly dept: string;
  readonly name: string;
  /** Index 0 = men, 1 = women; each an array of 20 band counts. */
  readonly bands: readonly [readonly number[], readonly number[]];
}

/** First column of the Hommes / Femmes blocks (0-based; the Ensemble block starts at 2). */
const BLOCK_START: Record<Sex, number> = { 1: 23, 2: 44 };

const DEPT_RE = /^(\d{2}|2A|2B|97\d)$/;

function asNumber(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${where}: expected a number, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * Reads the INSEE 5-year band estimates of one year (sheet named after the year).
 * Checks the layout (block titles, first/last band labels, band sums = Total column).
 */
export function readDeptBands(ctx: BuildContext, year: number): DeptBands[] {
  const wb = readRawWorkbook(ctx, POP_BANDS_FILE);
  return readDeptBandsFromRows(sheetRows(wb, String(year)), year);
}

/** Same as {@link readDeptBands} for several years, opening the workbook once. */
export function readDeptBandsYears(ctx: BuildContext, years: readonly number[]): Map<number, DeptBands[]> {
  const wb = readRawWorkbook(ctx, POP_BANDS_FILE);
  const out = new Map<number, DeptBands[]>();
  for (const y of years) out.set(y, readDeptBandsFromRows(sheetRows(wb, String(y)), y));
  return out;
}

function readDeptBandsFromRows(rows: unknown[][], year: number): DeptBands[] {
  const where = `${POP_BANDS_FILE} sheet ${year}`;
  const blocks = rows[3];
  const labels = rows[4];
  if (!blocks || !labels) throw new Error(`${where}: header rows 4-5 missing`);
  for (const [sex, title] of [
    [1, 'Hommes'],
    [2, 'Femmes'],
  ] as const) {
    const c = BLOCK_START[sex];
    if (String(blocks[c]).trim() !== title) throw new Error(`${where}: expected "${title}" block at column ${c}`);
    if (String(labels[c]).trim() !== '0 à 4 ans') throw new Error(`${where}: expected "0 à 4 ans" at column ${c}`);
    if (String(labels[c + N_BANDS - 1]).trim() !== '95 ans et plus') throw new Error(`${where}: expected "95 ans et plus" at column ${c + N_BANDS - 1}`);
    if (String(labels[c + N_BANDS]).trim() !== 'Total') throw new Error(`${where}: expected "Total" at column ${c + N_BANDS}`);
  }
  const out: DeptBands[] = [];
  for (let i = 5; i < rows.length; i++) {
    const r = rows[i];
    if (!r || r[0] === null || r[0] === undefined) continue;
    const dept = String(r[0]).trim();
    if (!DEPT_RE.test(dept)) continue;
    const bands = ([1, 2] as const).map((sex) => {
      const c = BLOCK_START[sex];
      const b: number[] = [];
      for (let k = 0; k < N_BANDS; k++) b.push(asNumber(r[c + k], `${where} row ${i + 1} col ${c + k}`));
      const total = asNumber(r[c + N_BANDS], `${where} row ${i + 1} total`);
      const sum = b.reduce((a, x) => a + x, 0);
      if (Math.abs(sum - total) > 0.5) throw new Error(`${where} row ${i + 1}: band sum ${sum} <> total ${total}`);
      return b;
    });
    const [men, women] = bands;
    if (!men || !women) throw new Error(`${where}: internal error`);
    out.push({ dept, name: String(r[1] ?? '').trim(), bands: [men, women] });
  }
  if (out.length < 100) throw new Error(`${where}: only ${out.length} département rows found`);
  return out;
}

/** National single-year pyramid: key `${year}|${sex}` → counts by age 0…99 (99 = 99 and over). */
export function readPyramid(ctx: BuildContext): Map<string, number[]> {
  const rows = readRawRows(ctx, PYRAMID_FILE, { delimiter: ';' });
  const header = rows[0];
  if (!header || header.join(';') !== 'ANNEE;SEXE;AGE;POP') throw new Error(`${PYRAMID_FILE}: unexpected header ${JSON.stringify(header)}`);
  const out = new Map<string, number[]>();
  for (const r of rows.slice(1)) {
    const [y, s, a, p] = r;
    if (y === undefined || s === undefined || a === undefined || p === undefined) throw new Error(`${PYRAMID_FILE}: short row ${JSON.stringify(r)}`);
    const sex: Sex | undefined = s === 'M' ? 1 : s === 'F' ? 2 : undefined;
    if (sex === undefined) throw new Error(`${PYRAMID_FILE}: unknown SEXE ${s}`);
    const age = Number(a);
    const pop = Number(p);
    if (!Number.isInteger(age) || age < 0 || age > MAX_AGE || !Number.isFinite(pop)) throw new Error(`${PYRAMID_FILE}: bad row ${JSON.stringify(r)}`);
    const key = `${y}|${sex}`;
    let arr = out.get(key);
    if (!arr) {
      arr = new Array<number>(MAX_AGE + 1).fill(Number.NaN);
      out.set(key, arr);
    }
    arr[age] = pop;
  }
  for (const [k, arr] of out) if (arr.some((x) => Number.isNaN(x))) throw new Error(`${PYRAMID_FILE}: missing ages for ${k}`);
  return out;
}

/** Single ages covered by band b (0…19): 5b … 5b+4, and 95 … 99 for the last band. */
export function bandAges(b: number): number[] {
  const lo = 5 * b;
  const hi = b === N_BANDS - 1 ? MAX_AGE : lo + 4;
  const ages: number[] = [];
  for (let a = lo; a <= hi; a++) ages.push(a);
  return ages;
}

/**
 * Splits `count` over `weights` in hundredths, by the largest-remainder method, so that the
 * parts (2 decimals) add up exactly to `count`. Ties go to the lower index. Deterministic.
 */
export function splitHundredths(count: number, weights: readonly number[]): number[] {
  const units = Math.round(count * 100);
  const wsum = weights.reduce((a, w) => a + w, 0);
  if (wsum <= 0) {
    // No national weight (never happens in practice): spread evenly.
    return splitHundredths(count, weights.map(() => 1));
  }
  const exact = weights.map((w) => (units * w) / wsum);
  const floor = exact.map((x) => Math.floor(x));
  let rest = units - floor.reduce((a, x) => a + x, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((p, q) => q.r - p.r || p.i - q.i);
  for (const o of order) {
    if (rest <= 0) break;
    floor[o.i] = (floor[o.i] ?? 0) + 1;
    rest--;
  }
  return floor.map((u) => u / 100);
}

/** One row of the single-age population. */
export interface PopCell {
  readonly year: number;
  readonly dept: string;
  readonly sex: Sex;
  readonly age: number;
  readonly count: number;
}

/** Population by single age for the given years (the content of population.csv.gz). */
export function singleAgePopulation(ctx: BuildContext, years: readonly number[]): PopCell[] {
  const pyramid = readPyramid(ctx);
  const bandsByYear = readDeptBandsYears(ctx, years);
  const out: PopCell[] = [];
  for (const year of years) {
    const depts = bandsByYear.get(year);
    if (!depts) throw new Error(`population: no band data for ${year}`);
    for (const d of depts) {
      for (const sex of [1, 2] as const) {
        const nat = pyramid.get(`${year}|${sex}`);
        if (!nat) throw new Error(`${PYRAMID_FILE}: no pyramid for year ${year} sex ${sex}`);
        const bands = sex === 1 ? d.bands[0] : d.bands[1];
        for (let b = 0; b < N_BANDS; b++) {
          const ages = bandAges(b);
          const band = bands[b];
          if (band === undefined) throw new Error(`population: missing band ${b} for ${d.dept} ${year}`);
          const parts = splitHundredths(
            band,
            ages.map((a) => nat[a] ?? 0),
          );
          ages.forEach((age, k) => out.push({ year, dept: d.dept, sex, age, count: parts[k] ?? 0 }));
        }
      }
    }
  }
  out.sort((p, q) => p.year - q.year || (p.dept < q.dept ? -1 : p.dept > q.dept ? 1 : 0) || p.sex - q.sex || p.age - q.age);
  return out;
}

export const populationBuilder: DataBuilder = {
  name: 'population',
  outputs: ['population.csv.gz'],
  build(ctx: BuildContext): void {
    const rows: Cell[][] = singleAgePopulation(ctx, POP_YEARS).map((c) => [c.year, c.dept, c.sex, c.age, c.count]);
    writeTable(ctx, 'population.csv.gz', ['year', 'dept', 'sex', 'age', 'count'], rows);
  },
};

/**
 * National death probabilities by sex × single age (INSEE T68, 3-year tables) and a
 * département mortality ratio (observed / expected deaths, 2018-2019) by age class.
 */
import { type BuildContext, type Cell, type DataBuilder, readRawRows, readRawWorkbook, round, sheetRows, writeTable } from './lib';
import { MAX_AGE, type Sex, singleAgePopulation } from './population';

export const T68_FILE = 'insee_mortality_fertility/fe_t68.xlsx';
export const DEATHS_FILE = 'insee_mortality_fertility/Deces_parage_regdept_jan-dec_2020.csv';

/** Oldest age of the T68 tables (104 = 104 and over). */
export const T68_MAX_AGE = 104;
/** T68 table (end year) used for the expected deaths of the département ratio. */
const RATIO_TABLE_YEAR = 2019;
/** Years of observed deaths summed for the ratio (2020 left out: COVID-19). */
const RATIO_DEATH_YEARS: readonly number[] = [2018, 2019];

/** Age classes of the INSEE deaths file; 999 = no upper bound. */
export const DEATH_CLASSES: readonly { readonly min: number; readonly max: number; readonly col: string }[] = [
  { min: 0, max: 24, col: 'Total_0_24ans_Deces' },
  { min: 25, max: 49, col: 'Total_25_49ans_Deces' },
  { min: 50, max: 64, col: 'Total_50_64ans_Deces' },
  { min: 65, max: 74, col: 'Total_65_74ans_Deces' },
  { min: 75, max: 84, col: 'Total_75_84ans_Deces' },
  { min: 85, max: 999, col: 'Total_85ans_plus_Deces' },
];

/** One T68 table: per sex, quotient per 100 000 and survivors S(x) for ages 0…104. */
export interface T68Table {
  readonly year: number;
  /** q[sex-1][age] per 100 000. */
  readonly q: readonly [readonly number[], readonly number[]];
  /** S[sex-1][age], survivors of 100 000 births. */
  readonly s: readonly [readonly number[], readonly number[]];
}

/**
 * Parses every T68 sheet that has the "Sexe masculin / Sexe féminin / Ensemble" blocks
 * (columns: age | S, Q, E men | S, Q, E women | S, Q, E all) and complete ages 0…104.
 * Sheets that stop at age 99 (1999-2010 layout) are skipped.
 */
export function readT68(ctx: BuildContext): T68Table[] {
  const wb = readRawWorkbook(ctx, T68_FILE);
  const out: T68Table[] = [];
  for (const name of wb.SheetNames) {
    if (!/^\d{4}$/.test(name)) continue;
    const rows = sheetRows(wb, name);
    const blockRow = rows.find((r) => String(r[1] ?? '').trim() === 'Sexe masculin');
    if (!blockRow || String(blockRow[4] ?? '').trim() !== 'Sexe féminin') throw new Error(`${T68_FILE} sheet ${name}: sex blocks not found`);
    const qm: number[] = [];
    const qf: number[] = [];
    const sm: number[] = [];
    const sf: number[] = [];
    for (const r of rows) {
      const a = String(r[0] ?? '').trim();
      if (!/^\d+$/.test(a)) continue;
      const age = Number(a);
      const vals = [r[1], r[2], r[4], r[5]];
      if (!vals.every((v) => typeof v === 'number' && Number.isFinite(v))) continue;
      if (age !== qm.length) throw new Error(`${T68_FILE} sheet ${name}: ages not contiguous at ${age}`);
      sm.push(r[1] as number);
      qm.push(r[2] as number);
      sf.push(r[4] as number);
      qf.push(r[5] as number);
    }
    if (qm.length !== T68_MAX_AGE + 1) continue; // older layout (ages 0…99 only)
    out.push({ year: Number(name), q: [qm, qf], s: [sm, sf] });
  }
  out.sort((a, b) => a.year - b.year);
  return out;
}

/**
 * Annual death probability used for the single-age population group `age` (0…99, 99 = 99 and
 * over): q(age) for ages below 99; for the open group 99+, the life-table average
 * Σ_{x≥99} S(x)·q(x) / Σ_{x≥99} S(x).
 */
export function qForPopulationAge(t: T68Table, sex: Sex, age: number): number {
  const q = sex === 1 ? t.q[0] : t.q[1];
  const s = sex === 1 ? t.s[0] : t.s[1];
  if (age < MAX_AGE) return (q[age] ?? Number.NaN) / 100000;
  let num = 0;
  let den = 0;
  for (let x = MAX_AGE; x <= T68_MAX_AGE; x++) {
    num += (s[x] ?? 0) * (q[x] ?? 0);
    den += s[x] ?? 0;
  }
  return num / den / 100000;
}

/** Observed deaths by département × class (sum over the given years). */
export function readDeptDeaths(ctx: BuildContext, years: readonly number[]): Map<string, number[]> {
  const rows = readRawRows(ctx, DEATHS_FILE, { delimiter: ';', encoding: 'latin1' });
  const header = rows[0];
  if (!header) throw new Error(`${DEATHS_FILE}: empty`);
  const colIdx = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${DEATHS_FILE}: column ${name} not found`);
    return i;
  };
  const out = new Map<string, number[]>();
  for (const r of rows.slice(1)) {
    const m = /^Dept_(.+)$/.exec(r[0] ?? '');
    if (!m || !m[1]) continue;
    const counts = DEATH_CLASSES.map((c) =>
      years.reduce((acc, y) => {
        const v = Number(r[colIdx(`${c.col}${y}`)]);
        if (!Number.isFinite(v)) throw new Error(`${DEATHS_FILE}: bad value for ${m[1]} ${c.col}${y}`);
        return acc + v;
      }, 0),
    );
    out.set(m[1], counts);
  }
  return out;
}

export const mortalityBuilder: DataBuilder = {
  name: 'mortality',
  outputs: ['mortality.csv', 'mortality_dept_ratio.csv'],
  build(ctx: BuildContext): void {
    const tables = readT68(ctx);
    const rows: Cell[][] = [];
    for (const t of tables)
      for (const sex of [1, 2] as const)
        for (let age = 0; age <= T68_MAX_AGE; age++) rows.push([t.year, sex, age, round(((sex === 1 ? t.q[0] : t.q[1])[age] ?? Number.NaN) / 100000, 6)]);
    writeTable(ctx, 'mortality.csv', ['year', 'sex', 'age', 'q'], rows);

    const ref = tables.find((t) => t.year === RATIO_TABLE_YEAR);
    if (!ref) throw new Error(`${T68_FILE}: no table ending ${RATIO_TABLE_YEAR}`);
    const pop = singleAgePopulation(ctx, RATIO_DEATH_YEARS);
    const expected = new Map<string, number[]>();
    for (const c of pop) {
      let e = expected.get(c.dept);
      if (!e) {
        e = DEATH_CLASSES.map(() => 0);
        expected.set(c.dept, e);
      }
      const k = DEATH_CLASSES.findIndex((d) => c.age >= d.min && c.age <= d.max);
      if (k < 0) throw new Error(`mortality: age ${c.age} outside the death classes`);
      e[k] = (e[k] ?? 0) + c.count * qForPopulationAge(ref, c.sex, c.age);
    }
    const observed = readDeptDeaths(ctx, RATIO_DEATH_YEARS);
    const depts = [...expected.keys()].sort();
    // National observed / expected per class (over the same départements): the département
    // ratio is divided by it, so that it carries only the geographic variation (see the note).
    const natO = DEATH_CLASSES.map(() => 0);
    const natE = DEATH_CLASSES.map(() => 0);
    for (const dept of depts) {
      const obs = observed.get(dept);
      const exp = expected.get(dept);
      if (!obs || !exp) throw new Error(`mortality: no observed deaths for département ${dept}`);
      DEATH_CLASSES.forEach((_, k) => {
        natO[k] = (natO[k] ?? 0) + (obs[k] ?? 0);
        natE[k] = (natE[k] ?? 0) + (exp[k] ?? 0);
      });
    }
    const ratioRows: Cell[][] = [];
    for (const dept of depts) {
      const obs = observed.get(dept) ?? [];
      const exp = expected.get(dept) ?? [];
      DEATH_CLASSES.forEach((c, k) => {
        const e = exp[k] ?? 0;
        const o = obs[k] ?? 0;
        const nat = (natO[k] ?? 0) / (natE[k] ?? 0);
        if (!(e > 0) || !(nat > 0)) throw new Error(`mortality: zero expected deaths for ${dept} class ${c.min}-${c.max}`);
        ratioRows.push([dept, c.min, c.max, round(o / e / nat, 4)]);
      });
    }
    writeTable(ctx, 'mortality_dept_ratio.csv', ['dept', 'age_min', 'age_max', 'ratio'], ratioRows);
  },
};

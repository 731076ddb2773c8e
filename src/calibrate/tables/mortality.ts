import { ageInYears, yearOfDay } from '../../events';
import { num, readDataTable, str } from '../../data';
import { AgeGrid, CellGrid } from '../cells';
import { describeFactor, spreadLevel, spreadNote, type ProfilePart } from '../spread';
import type { CalibrationContext, TableOutcome } from '../types';
import { describeCell, describeSuppressed, forEachExposure, publishGrid, round, type TableBasics } from './common';

/** Age bands of the death rates: under 1, 1-4, then 5-year bands, 95 and over last. */
const LOWS = [0, 1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95];

const BASICS: TableBasics = {
  file: 'mortality.csv',
  description:
    'Death probabilities by sex and single year of age (data/mortality.csv: year, sex, age, q) from the deaths of the database by sex and age group, q = 1 − exp(−hazard): the level of each group from the database, the shape over its single ages from the open data (data/mortality.csv of the nearest year × data/mortality_dept_ratio.csv, weighted by the database\'s person-years by département); the year is the first year of the period (the simulator uses the nearest year of the table, so every year).',
  numerator: 'deaths (IR_BEN_R.BEN_DCD_DTE) in the period during the time at risk, by age at death',
  denominator: 'person-years in the period (IR_BEN_R)',
  strata: ['sex', 'age'],
};

/** mortality.csv (with mortality_dept_ratio.csv at 1) from IR_BEN_R. */
export async function mortalityTable(ctx: CalibrationContext): Promise<TableOutcome> {
  const ref = readDataTable('mortality.csv');
  let maxAge = 0;
  for (const r of ref.rows) maxAge = Math.max(maxAge, num(ref, r, 'age'));
  const bands = new AgeGrid(LOWS, maxAge);
  const grid = new CellGrid(bands, [{ name: 'deaths', bound: 1, decimals: 0 }], [{ sex: 1 }, { sex: 2 }], ctx.epsilon !== undefined);
  const { start, end } = ctx.source;
  const year = yearOfDay(start);
  const open = openHazards(year, maxAge);
  // Person-years and open-data expected deaths by sex × single age: the exposure and the shape within each group.
  const exposure = [new Float64Array(maxAge + 1), new Float64Array(maxAge + 1)];
  const expected = [new Float64Array(maxAge + 1), new Float64Array(maxAge + 1)];
  forEachExposure(ctx, (p, s) => {
    grid.addTime(p.index, grid.cell(p.sex - 1, s.age), s.years);
    const a = Math.min(s.age, maxAge);
    const e = exposure[p.sex - 1] as Float64Array;
    const x = expected[p.sex - 1] as Float64Array;
    e[a] = (e[a] as number) + s.years;
    x[a] = (x[a] as number) + s.years * open.hazard(p.sex, a, p.dept);
  });
  for (const p of ctx.source.persons.values()) {
    const from = p.entry === undefined ? start : Math.max(start, p.entry);
    if (p.death === undefined || p.death < from || p.death > end || p.death < p.birth) continue;
    grid.addEvent(p.index, grid.cell(p.sex - 1, Math.max(0, ageInYears(p.birth, p.death))), 0, 1);
  }
  const pub = publishGrid(ctx, grid, BASICS.file);
  const rows: (string | number)[][] = [];
  let merged = 0;
  let flat = 0;
  const cells = pub.cells.map((c) => {
    const sex = c.series.sex as 1 | 2;
    const parts: ProfilePart[] = [];
    for (let age = c.ageMin; age <= c.ageMax; age++) {
      const py = (exposure[sex - 1] as Float64Array)[age] as number;
      // Ages nobody of the database reached (the oldest) still need a shape: the open-data hazard of its first département.
      parts.push({ exposure: py, profile: py > 0 ? ((expected[sex - 1] as Float64Array)[age] as number) / py : open.hazard(sex, age, ctx.source.departements[0]) });
    }
    const spread = spreadLevel(c.counts[0] as number, parts);
    if (c.lastBand > c.firstBand) merged += 1;
    if (spread.shape === 'flat') flat += 1;
    spread.rates.forEach((h, i) => rows.push([year, sex, c.ageMin + i, round(1 - Math.exp(-h), 8)]));
    const hazard = c.personYears > 0 ? (c.counts[0] as number) / c.personYears : 0;
    return describeCell(grid, c, { deaths_per_person_year: round(hazard, 8), ...describeFactor(spread) });
  });
  const dt = readDataTable('departements.csv');
  const known = new Set(dt.rows.map((r) => str(dt, r, 'code')));
  const depts = ctx.source.departements.filter((d) => known.has(d));
  const ratios = { file: 'mortality_dept_ratio.csv', header: ['dept', 'age_min', 'age_max', 'ratio'], rows: depts.map((d) => [d, 0, 120, 1]) };
  const description = {
    ...BASICS,
    ageBands: bands.labels,
    ...(pub.noise ? { noise: pub.noise } : {}),
    cells,
    suppressed: describeSuppressed(pub),
    notes: [
      spreadNote('the hazards at its single ages', merged, flat),
      'The rates are those of the database\'s départements together: mortality_dept_ratio.csv is written with a ratio of 1 for each of them, so that the simulator does not apply the INSEE département ratios a second time.',
    ],
  };
  // The simulator needs a probability at every age of both sexes: a suppressed series leaves data/'s table in use.
  if (pub.suppressed.length > 0) return { files: [], description: { ...description, written: false, reason: 'a sex has too few deaths or persons to publish any age group; data/mortality.csv stays in use' } };
  return {
    files: [{ file: BASICS.file, header: ['year', 'sex', 'age', 'q'], rows }, ratios],
    description: { ...description, written: true, companions: [{ file: ratios.file, content: 'ratio 1 at every age for each département of the database' }] },
  };
}

/** Open-data hazards −ln(1 − q) of data/mortality.csv (nearest year) × data/mortality_dept_ratio.csv, the shape within groups. */
function openHazards(year: number, maxAge: number): { hazard(sex: 1 | 2, age: number, dept: string | undefined): number } {
  const t = readDataTable('mortality.csv');
  const years = [...new Set(t.rows.map((r) => num(t, r, 'year')))];
  const nearest = years.reduce((best, y) => (Math.abs(y - year) < Math.abs(best - year) ? y : best), years[0] as number);
  const h = [new Float64Array(maxAge + 1), new Float64Array(maxAge + 1)];
  for (const r of t.rows) {
    if (num(t, r, 'year') !== nearest) continue;
    const sex = num(t, r, 'sex');
    if (sex === 1 || sex === 2) (h[sex - 1] as Float64Array)[num(t, r, 'age')] = -Math.log(1 - Math.min(num(t, r, 'q'), 0.999999));
  }
  const rt = readDataTable('mortality_dept_ratio.csv');
  const ratio = new Map<string, number>();
  for (const r of rt.rows) for (let a = num(rt, r, 'age_min'); a <= Math.min(num(rt, r, 'age_max'), maxAge); a++) ratio.set(`${str(rt, r, 'dept')}|${a}`, num(rt, r, 'ratio'));
  return {
    hazard: (sex, age, dept) => ((h[sex - 1] as Float64Array)[Math.min(age, maxAge)] as number) * (dept === undefined ? 1 : (ratio.get(`${dept}|${age}`) ?? 1)),
  };
}

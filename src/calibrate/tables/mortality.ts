import { ageInYears, yearOfDay } from '../../events';
import { num, readDataTable, str } from '../../data';
import { AgeGrid, CellGrid } from '../cells';
import type { CalibrationContext, TableOutcome } from '../types';
import { describeCell, describeSuppressed, forEachExposure, publishGrid, round, type TableBasics } from './common';

/** Age bands of the death rates: under 1, 1-4, then 5-year bands, 95 and over last. */
const LOWS = [0, 1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95];

const BASICS: TableBasics = {
  file: 'mortality.csv',
  description:
    'Death probabilities by sex and single year of age (data/mortality.csv: year, sex, age, q) from the death rates of the database by sex and age band, q = 1 − exp(−deaths / person-years) at every age of the band; the year is the first year of the period (the simulator uses the nearest year of the table, so every year).',
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
  forEachExposure(ctx, (p, s) => grid.addTime(p.index, grid.cell(p.sex - 1, s.age), s.years));
  const { start, end } = ctx.source;
  for (const p of ctx.source.persons.values()) {
    const from = p.entry === undefined ? start : Math.max(start, p.entry);
    if (p.death === undefined || p.death < from || p.death > end || p.death < p.birth) continue;
    grid.addEvent(p.index, grid.cell(p.sex - 1, Math.max(0, ageInYears(p.birth, p.death))), 0, 1);
  }
  const pub = publishGrid(ctx, grid, BASICS.file);
  const year = yearOfDay(start);
  const rows: (string | number)[][] = [];
  const cells = pub.cells.map((c) => {
    const hazard = c.personYears > 0 ? (c.counts[0] as number) / c.personYears : 0;
    const q = round(1 - Math.exp(-hazard), 8);
    for (let age = c.ageMin; age <= c.ageMax; age++) rows.push([year, c.series.sex as number, age, q]);
    return describeCell(grid, c, { deaths_per_person_year: round(hazard, 8), q });
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
    notes: ['The rates are those of the database\'s départements together: mortality_dept_ratio.csv is written with a ratio of 1 for each of them, so that the simulator does not apply the INSEE département ratios a second time.'],
  };
  // The simulator needs a probability at every age of both sexes: a suppressed series leaves data/'s table in use.
  if (pub.suppressed.length > 0) return { files: [], description: { ...description, written: false, reason: 'a sex has too few deaths or persons to publish any age group; data/mortality.csv stays in use' } };
  return {
    files: [{ file: BASICS.file, header: ['year', 'sex', 'age', 'q'], rows }, ratios],
    description: { ...description, written: true, companions: [{ file: ratios.file, content: 'ratio 1 at every age for each département of the database' }] },
  };
}

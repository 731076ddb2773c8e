import { ageInYears, yearOfDay } from '../../events';
import { num, str } from '../../data';
import type { TargetedDatabase } from '../targets';
import { AgeBands, aliveOn } from '../exposure';
import { allPass, DEFAULT_RULE } from '../tolerance';
import type { Section } from '../types';
import { addTo, sexBandComparison, sexBandZeros, cellOf } from './common';

const BANDS = new AgeBands(Array.from({ length: 20 }, (_, i) => i * 5));

/** 1. Persons alive at the start by sex × 5-year age band, as shares, vs INSEE population estimates. */
export async function populationSection(r: TargetedDatabase): Promise<Section> {
  const t = r.targets.read('population.csv.gz');
  const years = [...new Set(t.rows.map((row) => num(t, row, 'year')))];
  const wantedYear = r.populationYear ?? yearOfDay(r.start);
  const year = years.reduce((best, y) => (Math.abs(y - wantedYear) < Math.abs(best - wantedYear) ? y : best), years[0] as number);
  const depts = new Set(r.departements);
  const target = sexBandZeros(BANDS.length);
  let targetTotal = 0;
  for (const row of t.rows) {
    if (num(t, row, 'year') !== year || !depts.has(str(t, row, 'dept'))) continue;
    const sex = num(t, row, 'sex');
    if (sex !== 1 && sex !== 2) continue;
    const c = num(t, row, 'count');
    addTo(target, sex, BANDS.index(num(t, row, 'age')), c);
    targetTotal += c;
  }
  const observed = sexBandZeros(BANDS.length);
  let n = 0;
  for (const p of r.persons.values()) {
    if (p.birth >= r.start || !aliveOn(p, r.start)) continue;
    const age = Math.max(0, ageInYears(p.birth, r.start));
    addTo(observed, p.sex, BANDS.index(age), 1);
    n++;
  }
  const expected = sexBandZeros(BANDS.length);
  const denominator = sexBandZeros(BANDS.length);
  for (const s of [1, 2] as const) {
    for (let b = 0; b < BANDS.length; b++) {
      addTo(expected, s, b, targetTotal > 0 ? (cellOf(target, s, b) / targetTotal) * n : 0);
      addTo(denominator, s, b, n);
    }
  }
  const comparison = sexBandComparison({
    id: 'population.pyramid',
    title: `Population pyramid / Pyramide des âges (share of persons, INSEE ${year})`,
    unit: '% of persons alive at the start',
    bands: BANDS.labels,
    observed,
    expected,
    denominator,
    per: 100,
    rule: DEFAULT_RULE,
    xLabel: 'Age at the start (years) / Âge au début (ans)',
    yLabel: 'Share of persons (%) / Part (%)',
    notes: [`${n} persons alive on ${r.startIso} (IR_BEN_R); target: INSEE estimates of ${year} for département(s) ${r.departements.join(', ')}, as shares.`],
  });
  return {
    id: 'population',
    titleFr: 'Pyramide des âges',
    titleEn: 'Population pyramid',
    description: 'Persons of IR_BEN_R alive on the first simulated day, by sex and 5-year age band, as shares of all, compared with the INSEE population estimates (data/population.csv.gz) of the départements simulated.',
    comparisons: [comparison],
    pass: allPass([comparison]),
  };
}

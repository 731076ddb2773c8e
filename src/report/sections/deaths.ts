import { num, str } from '../../data';
import type { TargetedDatabase, Targets } from '../targets';
import { AgeBands } from '../exposure';
import { allPass, DEFAULT_RULE } from '../tolerance';
import type { Section } from '../types';
import { addTo, exposureBySexBand, sexBandComparison, sexBandZeros } from './common';
import { ageInYears } from '../../events';

const BANDS = new AgeBands([0, 1, 15, 25, 45, 55, 65, 75, 85, 95]);

/** Life-table hazards: −ln(1 − q) by (year, sex, age), times the département ratio by age. */
class Hazards {
  private readonly q = new Map<string, number>();
  private readonly years: number[];
  private readonly maxAge: number;
  private readonly ratio = new Map<string, number>();
  constructor(targets: Targets, depts: readonly string[]) {
    const t = targets.read('mortality.csv');
    let maxAge = 0;
    const years = new Set<number>();
    for (const r of t.rows) {
      const y = num(t, r, 'year');
      const a = num(t, r, 'age');
      years.add(y);
      maxAge = Math.max(maxAge, a);
      this.q.set(`${y}|${num(t, r, 'sex')}|${a}`, num(t, r, 'q'));
    }
    this.years = [...years].sort((a, b) => a - b);
    this.maxAge = maxAge;
    const rt = targets.read('mortality_dept_ratio.csv');
    const wanted = new Set(depts);
    for (const r of rt.rows) {
      const d = str(rt, r, 'dept');
      if (!wanted.has(d)) continue;
      for (let a = num(rt, r, 'age_min'); a <= Math.min(num(rt, r, 'age_max'), maxAge); a++) this.ratio.set(`${d}|${a}`, num(rt, r, 'ratio'));
    }
  }
  hazard(year: number, sex: number, age: number, dept: string): number {
    const y = this.years.reduce((best, x) => (Math.abs(x - year) < Math.abs(best - year) ? x : best), this.years[0] as number);
    const a = Math.min(age, this.maxAge);
    const q = this.q.get(`${y}|${sex}|${a}`) ?? 0;
    return -Math.log(1 - Math.min(q, 0.999999)) * (this.ratio.get(`${dept}|${a}`) ?? 1);
  }
}

/** 2. Deaths per 1000 person-years by sex × age band vs the INSEE life table × the département ratios. */
export async function deathsSection(r: TargetedDatabase): Promise<Section> {
  const h = new Hazards(r.targets, r.departements);
  const observed = sexBandZeros(BANDS.length);
  const { py, expected } = exposureBySexBand(r, BANDS, (s) => h.hazard(s.year, s.sex, s.age, s.dept));
  let deaths = 0;
  for (const p of r.persons.values()) {
    if (p.death !== undefined && p.death >= r.start && p.death <= r.end) {
      addTo(observed, p.sex, BANDS.index(Math.max(0, ageInYears(p.birth, p.death))), 1);
      deaths++;
    }
  }
  const comparison = sexBandComparison({
    id: 'deaths.rate',
    title: 'Deaths per 1000 person-years / Décès pour 1000 personnes-années',
    unit: 'deaths per 1000 person-years',
    bands: BANDS.labels,
    observed,
    expected,
    denominator: py,
    per: 1000,
    rule: DEFAULT_RULE,
    xLabel: 'Age at death / Âge au décès (ans)',
    yLabel: 'Deaths per 1000 PY, log scale / Décès ‰, échelle log',
    // From about 0.1 ‰ in childhood to 300 ‰ at 95: a linear axis would show only the oldest ages.
    logScale: true,
    notes: [`${deaths} deaths (IR_BEN_R.BEN_DCD_DTE) in the period; target: person-years by exact age × −ln(1 − q) of the INSEE life table of the nearest year (data/mortality.csv) × the département ratio by age (data/mortality_dept_ratio.csv).`],
  });
  return {
    id: 'deaths',
    titleFr: 'Mortalité par âge et sexe',
    titleEn: 'Deaths by age and sex',
    description: 'Deaths in the simulated period per 1000 person-years, by sex and age at death, compared with the hazards of the INSEE life-table quotients adjusted by département.',
    comparisons: [comparison],
    pass: allPass([comparison]),
  };
}

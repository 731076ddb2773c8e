/**
 * Plausibility checks of the core world tables in data/ (population, mortality, fertility,
 * communes, physicians), built by scripts/data/{population,mortality,fertility,geography,physicians}.ts.
 * The rebuild test checks that they equal a fresh build; here we check that they make sense.
 */
import { join } from 'node:path';
import { POP_YEARS, bandAges, readDeptBandsYears, splitHundredths } from '../../scripts/data/population';
import { readDataTable } from '../../src/data';

const ROOT = join(__dirname, '..', '..');
const DATA = join(ROOT, 'data');
const ctx = { rawDir: join(DATA, 'raw'), outDir: DATA };

/** A table of data/ (the loader the simulator uses). */
function table(name: string): Record<string, string>[] {
  return readDataTable(name).rows.slice();
}

describe('population.csv.gz', () => {
  const pop = table('population.csv.gz');
  const byKey = new Map<string, number>();
  for (const r of pop) byKey.set(`${r.year}|${r.dept}|${r.sex}|${r.age}`, Number(r.count));
  const total = (pred: (r: Record<string, string>) => boolean): number => pop.filter(pred).reduce((a, r) => a + Number(r.count), 0);

  test('single ages of each 5-year band add up exactly to the INSEE band count', () => {
    const bands = readDeptBandsYears(ctx, POP_YEARS);
    let checked = 0;
    // The cells whose ages do not add up, collected (an expect per cell is 36 000 of them).
    const wrong: string[] = [];
    for (const [year, depts] of bands)
      for (const d of depts)
        for (const sex of [1, 2] as const)
          for (let b = 0; b < 20; b++) {
            const s = bandAges(b).reduce((acc, a) => acc + (byKey.get(`${year}|${d.dept}|${sex}|${a}`) ?? Number.NaN), 0);
            const band = d.bands[sex - 1]?.[b] ?? Number.NaN;
            if (!(Math.abs(s - band) < 1e-6)) wrong.push(`${year} ${d.dept} sex ${sex} band ${b}: ages ${s}, band ${band}`);
            checked++;
          }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(9 * 100 * 2 * 20);
  });

  test('every year has 100 or 101 départements × 2 sexes × ages 0…99', () => {
    for (const y of POP_YEARS) {
      const rows = pop.filter((r) => Number(r.year) === y);
      const depts = new Set(rows.map((r) => r.dept));
      expect(depts.size).toBe(y === 2013 ? 100 : 101); // Mayotte from 2014
      expect(rows).toHaveLength(depts.size * 2 * 100);
    }
    expect(pop.every((r) => /^(\d{2}|2A|2B|97\d)$/.test(r.dept ?? '') && Number(r.count) >= 0)).toBe(true);
  });

  test('Brittany 2021 and France 2019 totals match INSEE', () => {
    const dep = (y: number, d: string): number => total((r) => Number(r.year) === y && r.dept === d);
    expect(dep(2021, '22')).toBeCloseTo(599118, 1);
    expect(dep(2021, '29')).toBeCloseTo(914301, 1);
    expect(dep(2021, '35')).toBeCloseTo(1094636, 1);
    expect(dep(2021, '56')).toBeCloseTo(763103, 1);
    const fr2019 = total((r) => Number(r.year) === 2019);
    expect(fr2019).toBeGreaterThan(66e6);
    expect(fr2019).toBeLessThan(68e6);
  });

  test('Ille-et-Vilaine 2019: plausible share of women and of people aged 65+', () => {
    const all = total((r) => r.year === '2019' && r.dept === '35');
    const women = total((r) => r.year === '2019' && r.dept === '35' && r.sex === '2');
    const old = total((r) => r.year === '2019' && r.dept === '35' && Number(r.age) >= 65);
    expect(women / all).toBeGreaterThan(0.5);
    expect(women / all).toBeLessThan(0.53);
    expect(old / all).toBeGreaterThan(0.15);
    expect(old / all).toBeLessThan(0.22);
  });

  test('splitHundredths keeps the total and is deterministic', () => {
    expect(splitHundredths(10, [1, 1, 1]).reduce((a, x) => a + x, 0)).toBeCloseTo(10, 10);
    expect(splitHundredths(10, [1, 1, 1])).toEqual([3.34, 3.33, 3.33]);
  });
});

describe('mortality tables', () => {
  const m = table('mortality.csv');
  const q = (y: number, s: number, a: number): number => Number(m.find((r) => Number(r.year) === y && Number(r.sex) === s && Number(r.age) === a)?.q);

  test('every table has both sexes and ages 0…104 with 0 < q < 1', () => {
    const years = new Set(m.map((r) => r.year));
    expect(years.has('2019')).toBe(true);
    expect(m).toHaveLength(years.size * 2 * 105);
    expect(m.every((r) => Number(r.q) > 0 && Number(r.q) < 1)).toBe(true);
  });

  test('q at age 0 in 2019 is 431 / 357 per 100 000 and q rises with age after 30', () => {
    expect(q(2019, 1, 0)).toBe(0.00431);
    expect(q(2019, 2, 0)).toBe(0.00357);
    expect(q(2019, 1, 80)).toBeGreaterThan(q(2019, 1, 50));
    expect(q(2019, 1, 60)).toBeGreaterThan(q(2019, 2, 60));
  });

  test('département ratios: 101 × 6 classes, positive, centred on 1 for the older classes', () => {
    const r = table('mortality_dept_ratio.csv');
    expect(r).toHaveLength(101 * 6);
    expect(r.every((x) => Number(x.ratio) > 0 && Number.isFinite(Number(x.ratio)))).toBe(true);
    // 75-84: most départements within ±25 % of France; outliers are place-of-death effects
    // (Territoire de Belfort 1.84) and Mayotte (2.16).
    const old = r.filter((x) => x.age_min === '75').map((x) => Number(x.ratio)).sort((a, b) => a - b);
    expect(old[50]).toBeGreaterThan(0.9);
    expect(old[50]).toBeLessThan(1.1);
    expect(old.filter((x) => x > 0.75 && x < 1.3).length).toBeGreaterThan(95);
    expect(Math.min(...old)).toBeGreaterThan(0.5);
    expect(Math.max(...old)).toBeLessThan(2.5);
    expect(r.filter((x) => x.age_max === '999')).toHaveLength(101);
  });
});

describe('fertility tables', () => {
  const f = table('fertility.csv');
  const tfr = (y: number): number => f.filter((r) => Number(r.year) === y).reduce((a, r) => a + Number(r.rate), 0);

  test('ages 15…50 for 2013…2070 and the total fertility rate near the INSEE figure', () => {
    expect(f).toHaveLength(58 * 36);
    expect(Math.abs(tfr(2014) - 2.0023)).toBeLessThan(0.01);
    expect(Math.abs(tfr(2019) - 1.95)).toBeLessThan(0.01);
  });

  test('share of boys at birth about 51 %', () => {
    const s = table('births_sex_ratio.csv');
    expect(s).toHaveLength(58);
    expect(s.every((r) => Number(r.male_share) > 0.5 && Number(r.male_share) < 0.52)).toBe(true);
  });
});

describe('geography tables', () => {
  const c = table('communes.csv.gz');

  test('unique commune codes, SNDS codes of 3 characters', () => {
    expect(new Set(c.map((r) => r.code)).size).toBe(c.length);
    expect(c.length).toBeGreaterThan(34000);
    const coded = c.filter((r) => r.snds_dpt !== '');
    expect(coded.every((r) => /^[0-9]{3}$/.test(r.snds_dpt ?? '') && /^[0-9]{3}$/.test(r.snds_com ?? ''))).toBe(true);
    const get = (code: string): Record<string, string> | undefined => c.find((r) => r.code === code);
    expect(get('35238')).toMatchObject({ snds_dpt: '035', snds_com: '238', dept: '35', region: '53' });
    expect(get('2A004')).toMatchObject({ snds_dpt: '201', snds_com: '004' });
    expect(get('97120')).toMatchObject({ snds_dpt: '971', snds_com: '120' });
  });

  test('Ille-et-Vilaine communes and their population', () => {
    const d35 = c.filter((r) => r.dept === '35');
    expect(d35.length).toBeGreaterThan(300);
    const p = d35.reduce((a, r) => a + Number(r.population), 0);
    expect(p).toBeGreaterThan(1.05e6);
    expect(p).toBeLessThan(1.2e6);
    expect(d35.every((r) => r.epci !== '' && /^\d{9}$/.test(r.epci ?? ''))).toBe(true);
  });

  test('départements: Brittany 2021 population and regions', () => {
    const d = table('departements.csv');
    const b = (code: string): Record<string, string> | undefined => d.find((r) => r.code === code);
    expect(b('29')).toMatchObject({ region: '53', region_name: 'Bretagne', population_2021: '914301' });
    expect(b('22')?.population_2021).toBe('599118');
    expect(d.filter((r) => Number(r.population_2021) > 0)).toHaveLength(101);
  });
});

describe('physician tables', () => {
  const p = table('physicians.csv');
  const n = (dept: string, spe: string): number => Number(p.find((r) => r.dept === dept && r.spe_code === spe)?.count);

  test('liberal GPs 2016: Ille-et-Vilaine 861, Finistère 795; nurses, physiotherapists, dentists, midwives; unique (dept, specialty)', () => {
    expect(n('35', '01')).toBe(861);
    expect(n('29', '01')).toBe(795);
    expect(new Set(p.map((r) => `${r.dept}|${r.spe_code}`)).size).toBe(p.length);
    expect(new Set(p.map((r) => r.dept)).size).toBe(101);
    expect(p.every((r) => /^\d{2}$/.test(r.spe_code ?? ''))).toBe(true);
    // Specialists of Finistère (the workbook's « 630 liberal specialists »), then its nurses, physiotherapists,
    // dentists and midwives (lines 24, 26, 19 and 21 of their sheets).
    const count = (dept: string, spe: string): number => Number(p.find((r) => r.dept === dept && r.spe_code === spe)?.count ?? NaN);
    const spe29 = p.filter((r) => r.dept === '29' && !['01', '19', '21', '24', '26'].includes(r.spe_code ?? '')).reduce((a, r) => a + Number(r.count), 0);
    expect(spe29).toBe(630);
    expect(count('35', '24')).toBe(1026);
    expect(count('35', '26')).toBe(1089);
    expect(count('35', '19')).toBe(542);
    expect(count('35', '21')).toBe(102);
  });

  test('mean patients per GP: Finistère 2021 = 1 444', () => {
    const g = table('gp_patients_per_gp.csv');
    expect(Number(g.find((r) => r.dept === '29' && r.year === '2021')?.patients)).toBe(1444);
    expect(g.every((r) => Number(r.patients) > 200 && Number(r.patients) < 5000)).toBe(true);
  });
});

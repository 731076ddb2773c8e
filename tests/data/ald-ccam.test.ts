/**
 * Plausibility checks of the ALD and CCAM tables in data/ (built by scripts/data/ald.ts and ccam.ts).
 * The rebuild test checks that they equal a fresh build; here we check that they make sense.
 */
import { join } from 'node:path';
import { AGE_MIN, aldModel, incidenceFromPrevalence } from '../../scripts/data/ald';
import { readCcam } from '../../scripts/data/ccam';
import { readDataTable } from '../../src/data';
import { expectEvery, failed } from '../helpers/rows';

const ROOT = join(__dirname, '..', '..');
const DATA = join(ROOT, 'data');
const ctx = { rawDir: join(DATA, 'raw'), outDir: DATA };

/** A table of data/ (the loader the simulator uses). */
function table(name: string): Record<string, string>[] {
  return readDataTable(name).rows.slice();
}

describe('ALD tables', () => {
  const prev = table('ald_prevalence.csv.gz');
  const inc = table('ald_incidence.csv');
  const ratio = table('ald_dept_ratio.csv');
  const icd = table('ald_icd10.csv');
  const labels = table('ald_labels.csv');
  const model = aldModel(ctx);

  test('the dpt sheet has 101 départements and only blank filler rows', () => {
    expect(model.counts.depts).toHaveLength(101);
    expect(model.counts.blankRows).toBe(102);
    expect(model.counts.alds).toEqual(Array.from({ length: 30 }, (_, k) => k + 1));
  });

  test('the two marginals of count_ALD.xls agree (except the suppressed ALD 4)', () => {
    for (const a of model.counts.alds) {
      if (a === 4) continue;
      let d = 0;
      for (const v of model.counts.byDept.get(a)!.values()) d += v;
      let s = 0;
      for (const v of model.counts.bySexAge.get(a)!.values()) s += v;
      expect(Math.abs(s / d - 1)).toBeLessThan(0.01);
    }
  });

  test('prevalence covers ALD × sex × age × dept, within [0, 0.95]', () => {
    expect(prev).toHaveLength(30 * 2 * 20 * 101);
    const ps = prev.map((r) => Number(r['prevalence']));
    expect(Math.min(...ps)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ps)).toBeLessThanOrEqual(0.95);
    expect(ps.every((p) => Number.isFinite(p))).toBe(true);
  });

  test('diabetes (ALD 8) rises with age to a plausible plateau', () => {
    const nat = model.national.get(8)!;
    expect(nat.get('1|20')!).toBeLessThan(0.01);
    expect(nat.get('1|70')!).toBeGreaterThan(0.1);
    expect(nat.get('1|70')!).toBeLessThan(0.4);
  });

  test('share of persons with at least one ALD: France 10-25 %, Ille-et-Vilaine below France', () => {
    const overall = (dept: string | null): number => {
      const cells = new Map<string, Map<number, number>>();
      for (const r of prev) {
        if (dept !== null && r['dept'] !== dept) continue;
        const key = `${r['dept']}|${r['sex']}|${r['age_min']}`;
        let m = cells.get(key);
        if (!m) cells.set(key, (m = new Map()));
        m.set(Number(r['ald']), Number(r['prevalence']));
      }
      let num = 0;
      let den = 0;
      for (const [key, m] of cells) {
        const [d, sex, age] = key.split('|');
        const pop = model.pop.cells.get(d!)!.get(`${sex}|${age}`)!;
        let q = 1;
        for (const p of m.values()) q *= 1 - p;
        num += pop * (1 - q);
        den += pop;
      }
      return num / den;
    };
    const france = overall(null);
    const ille = overall('35');
    expect(france).toBeGreaterThan(0.1);
    expect(france).toBeLessThan(0.25);
    expect(ille).toBeLessThan(france);
    expect(ille).toBeGreaterThan(0.05);
  });

  test('département ratios (indirect standardisation) average to 1 weighted by expected counts', () => {
    const acc = new Map<string, { n: number; d: number }>();
    for (const r of ratio) {
      const ald = Number(r['ald']);
      let e = 0;
      for (const [k, v] of model.pop.cells.get(r['dept']!)!) e += v * model.national.get(ald)!.get(k)!;
      const a = acc.get(r['ald']!) ?? { n: 0, d: 0 };
      a.n += Number(r['ratio']) * e;
      a.d += e;
      acc.set(r['ald']!, a);
    }
    expect(acc.size).toBe(30);
    for (const a of acc.values()) expect(a.n / a.d).toBeCloseTo(1, 3);
  });

  test('calibration multipliers are published / derived onsets and above 1', () => {
    const cal = table('ald_incidence_calibration.csv');
    expect(cal).toHaveLength(30);
    for (const r of cal) expect(Number(r['multiplier'])).toBeGreaterThan(1);
  });

  test('incidence is non-negative, below 5 %/year, and 0 for the closed ALD 12', () => {
    expect(inc).toHaveLength(30 * 2 * AGE_MIN.length);
    for (const r of inc) {
      const i = Number(r['incidence']);
      expect(i).toBeGreaterThanOrEqual(0);
      expect(i).toBeLessThan(0.05);
      if (r['ald'] === '12') expect(i).toBe(0);
    }
  });

  test('incidenceFromPrevalence inverts a known constant hazard', () => {
    // P(a) = 1 − exp(−λ a) at band mid-points: the method must give back about λ.
    const lambda = 0.002;
    const p = AGE_MIN.map((a) => 1 - Math.exp(-lambda * (a + 2.5)));
    for (const i of incidenceFromPrevalence(p)) expect(i).toBeCloseTo(lambda, 4);
  });

  test('ICD-10 weights sum to 1 within each ALD; codes are ICD-10 shaped', () => {
    const sums = new Map<string, number>();
    for (const r of icd) {
      expect(r['cim']).toMatch(/^[A-Z]\d{2}[0-9A-Z+]{0,2}$/);
      expect(Number(r['weight'])).toBeGreaterThan(0);
      sums.set(r['ald']!, (sums.get(r['ald']!) ?? 0) + Number(r['weight']));
    }
    expect(sums.size).toBe(30);
    for (const s of sums.values()) expect(s).toBeCloseTo(1, 5);
    expect(icd.some((r) => r['ald'] === '8' && r['cim']!.startsWith('E11'))).toBe(true);
  });

  test('labels exist for the 30 ALDs', () => {
    expect(labels).toHaveLength(30);
    expect(labels.every((r) => r['label']!.length > 3)).toBe(true);
  });
});

describe('CCAM private-practice tables', () => {
  const acts = table('ccam_liberal.csv.gz');
  const groups = table('ccam_regroupement.csv');

  test('one row per act/activity/phase, CCAM-shaped codes', () => {
    const keys = new Set(acts.map((r) => `${r['act']}${r['activity']}${r['phase']}`));
    expect(keys.size).toBe(acts.length);
    expect(acts.length).toBe(readCcam(ctx).length);
    expectEvery(acts, (r) => failed({ 'CCAM code': /^[A-Z]{4}\d{3}$/.test(r['act'] ?? '') }));
  });

  test('regroupement aggregates equal the sum of the act rows', () => {
    const q = acts.reduce((s, r) => s + Number(r['quantity']), 0);
    const g = groups.reduce((s, r) => s + Number(r['acts']), 0);
    expect(g).toBe(q);
    const amount = acts.reduce((s, r) => s + Number(r['amount'] || 0), 0);
    const gAmount = groups.reduce((s, r) => s + Number(r['amount']), 0);
    expect(Math.abs(gAmount - amount)).toBeLessThan(1);
  });

  test('reimbursed amounts stay close to the base, and volumes are plausible', () => {
    // As published, 56 rows reimburse slightly more than the base (by at most a few %): allowed, not more.
    let base = 0;
    let amount = 0;
    for (const r of acts) {
      if (r['amount'] === '' || r['base'] === '') continue;
      expect(Number(r['amount'])).toBeLessThanOrEqual(Number(r['base']) * 1.05 + 1);
      base += Number(r['base']);
      amount += Number(r['amount']);
    }
    expect(amount).toBeLessThan(base);
    // Technical acts of private practice: some hundreds of millions of acts in a year.
    const q = acts.reduce((s, r) => s + Number(r['quantity']), 0);
    expect(q).toBeGreaterThan(1e8);
    expect(q).toBeLessThan(1e9);
  });
});

/**
 * Plausibility checks of the hospital (PMSI MCO) tables in data/ (built by scripts/data/hospital.ts).
 * The rebuild test checks that they equal a fresh build; here we check that they make sense.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { ipf, normaliseDept } from '../../scripts/data/hospital-stays';
import { isSessionCode, restrictionOf } from '../../scripts/data/hospital-diagnoses';
import { inseeCommune } from '../../scripts/data/hospital-acts';
import { readDataTable } from '../../src/data';
import { expectEvery, failed } from '../helpers/rows';

const DATA = join(__dirname, '..', '..', 'data');

/** A table of data/ (the loader the simulator uses). */
function table(name: string): Record<string, string>[] {
  return readDataTable(name).rows.slice();
}

function rawRows(rel: string): string[][] {
  return parse(readFileSync(join(DATA, 'raw', rel), 'utf8'), { delimiter: ';', relax_column_count: true }) as string[][];
}

describe('helpers', () => {
  test('IPF matches both margins', () => {
    const fit = ipf(
      [
        [1, 1],
        [2, 1],
      ],
      [10, 20],
      [12, 18],
    );
    expect(fit[0]![0]! + fit[0]![1]!).toBeCloseTo(10, 9);
    expect(fit[0]![0]! + fit[1]![0]!).toBeCloseTo(12, 9);
  });
  test('département and commune codes', () => {
    expect(normaliseDept('2')).toBe('02');
    expect(normaliseDept('02A')).toBe('2A');
    expect(normaliseDept('971')).toBe('971');
    expect(inseeCommune('9C302')).toBe('97302');
    expect(inseeCommune('9F611')).toBe('97611');
    expect(inseeCommune('35238')).toBe('35238');
  });
  test('ICD-10 restrictions', () => {
    expect(restrictionOf('O800')).toMatchObject({ sex: 2, ageMin: 12, ageMax: 55 });
    expect(restrictionOf('N40')).toMatchObject({ sex: 1 });
    expect(restrictionOf('D075')).toMatchObject({ sex: 1 });
    expect(restrictionOf('D070')).toMatchObject({ sex: 2 });
    expect(restrictionOf('P073')).toMatchObject({ ageMin: 0, ageMax: 0 });
    expect(restrictionOf('I500')).toMatchObject({ sex: 0, ageMin: 0 });
    expect(isSessionCode('Z491')).toBe(true);
    expect(isSessionCode('Z515')).toBe(false);
  });
});

describe('mco_stay_rates.csv', () => {
  const rates = table('mco_stay_rates.csv');
  const regionOf = table('mco_region_of_dept.csv');

  test('27 regions × 3 types × 2 sexes × 7 age bands', () => {
    expect(rates).toHaveLength(27 * 3 * 2 * 7);
    expect(new Set(rates.map((r) => r['region'])).size).toBe(27);
  });

  test('every département maps to a region present in the rates', () => {
    const regions = new Set(rates.map((r) => r['region']));
    expect(regionOf.length).toBeGreaterThanOrEqual(101);
    for (const d of ['01', '2A', '2B', '29', '35', '971', '976']) expect(regionOf.find((r) => r['dept'] === d)).toBeDefined();
    for (const r of regionOf) expect(regions.has(r['region'])).toBe(true);
    expect(regionOf.filter((r) => r['region'] === '53').map((r) => r['dept'])).toEqual(['22', '29', '35', '56']);
  });

  test('stays add up to the ScanSanté age margins and sex margins', () => {
    const sum = new Map<string, number>();
    for (const r of rates) {
      const k = `${r['region']}|${r['type']}|${r['age_min']}`;
      sum.set(k, (sum.get(k) ?? 0) + Number(r['stays']));
    }
    for (const r of rawRows('scansante_pmsi_medtraj/nbsejours_age_region.csv').slice(1)) {
      expect(sum.get(`${r[1]}|${r[2]}|${r[3]}`)).toBeCloseTo(Number(r[4]), 0);
    }
    const bySex = new Map<string, number>();
    for (const r of rates) {
      const k = `${r['region']}|${r['type']}|${r['sex']}`;
      bySex.set(k, (bySex.get(k) ?? 0) + Number(r['stays']));
    }
    for (const r of rawRows('scansante_pmsi_medtraj/nbsejours_sexe_region.csv').slice(1)) {
      expect(Math.abs(bySex.get(`${r[1]}|${r[2]}|${r[3]}`)! - Number(r[4]))).toBeLessThan(5);
    }
  });

  test('France and Brittany: plausible stays per 1000, ambulatory share, LOS, population', () => {
    const check = (keep: (r: Record<string, string>) => boolean) => {
      let full = 0;
      let amb = 0;
      let los = 0;
      let pop = 0;
      for (const r of rates.filter(keep)) {
        if (r['type'] === '0') {
          full += Number(r['stays']);
          los += Number(r['stays']) * Number(r['mean_los']);
          pop += Number(r['population']);
        }
        if (r['type'] === '1') amb += Number(r['stays']);
      }
      return { per1000: (1000 * (full + amb)) / pop, ambShare: amb / (full + amb), los: los / full, pop };
    };
    const fr = check(() => true);
    const bzh = check((r) => r['region'] === '53');
    expect(fr.pop).toBeGreaterThan(66e6);
    expect(fr.pop).toBeLessThan(67e6);
    expect(bzh.pop).toBeGreaterThan(3.2e6);
    expect(bzh.pop).toBeLessThan(3.4e6);
    for (const x of [fr, bzh]) {
      expect(x.per1000).toBeGreaterThan(200);
      expect(x.per1000).toBeLessThan(350);
      expect(x.ambShare).toBeGreaterThan(0.3);
      expect(x.ambShare).toBeLessThan(0.5);
      expect(x.los).toBeGreaterThan(4);
      expect(x.los).toBeLessThan(7);
    }
  });

  test('full-hospitalisation rates rise with age after 26; rates and LOS are non-negative', () => {
    for (const r of rates) {
      expect(Number(r['rate'])).toBeGreaterThanOrEqual(0);
      expect(Number(r['mean_los'])).toBeGreaterThanOrEqual(0);
    }
    const bzh = rates.filter((r) => r['region'] === '53' && r['type'] === '0' && r['sex'] === '2');
    const rate = (a: string) => Number(bzh.find((r) => r['age_min'] === a)!['rate']);
    expect(rate('80')).toBeGreaterThan(rate('56'));
    expect(rate('56')).toBeGreaterThan(rate('26'));
  });
});

describe('mco_diagnoses.csv.gz', () => {
  const dx = table('mco_diagnoses.csv.gz');
  test('sessions are dialysis / chemotherapy / transfusion codes, weighted by volume', () => {
    const s = dx.filter((r) => r['type'] === '2');
    expect(s.length).toBeGreaterThan(2);
    for (const r of s) expect(r['cim']).toMatch(/^Z(49|51[0-3])/);
    const top = [...s].sort((a, b) => Number(b['weight']) - Number(a['weight']))[0]!;
    expect(top['cim']).toBe('Z491');
  });
  test('types 0 and 1 carry the same codes, with restrictions', () => {
    const t0 = dx.filter((r) => r['type'] === '0');
    const t1 = dx.filter((r) => r['type'] === '1');
    expect(t0.length).toBeGreaterThan(5000);
    expect(t1.length).toBe(t0.length);
    const delivery = t0.find((r) => r['cim'] === 'O800')!;
    expect(delivery).toMatchObject({ sex: '2', age_min: '12', age_max: '55' });
    expect(t0.find((r) => r['cim'] === 'C61')?.['sex']).toBe('1');
    for (const r of t0.filter((x) => /^(N4[0-9]|N5[01]|C6[0-3])/.test(x['cim']))) expect(r['sex']).toBe('1');
    for (const r of t0.filter((x) => /^(N[78][0-9]|N9[0-8]|C5[1-8])/.test(x['cim']))) expect(r['sex']).toBe('2');
    expect(t0.find((r) => r['cim'] === 'Z380')).toMatchObject({ age_min: '0', age_max: '0' });
    for (const r of dx) expect(Number(r['weight'])).toBeGreaterThan(0);
  });
});

describe('mco_acts.csv.gz', () => {
  const acts = table('mco_acts.csv.gz');
  test('valid codes, consistent counts, 14 regions', () => {
    expect(acts.length).toBeGreaterThan(40000);
    expect(new Set(acts.map((r) => r['region'])).size).toBe(14);
    expectEvery(acts, (r) =>
      failed({
        'CCAM code': /^[A-Z]{4}\d{3}$/.test(r['act']),
        'acts ≥ stays': Number(r['acts']) >= Number(r['stays']),
        'zero-night stays ≤ stays': r['zero_night_stays'] === '' || Number(r['zero_night_stays']) <= Number(r['stays']),
      }),
    );
    // Brittany: cataract surgery (BFGA004) is a frequent ambulatory act.
    const cat = acts.find((r) => r['region'] === '53' && r['act'] === 'BFGA004' && r['phase'] === '0')!;
    expect(Number(cat['stays'])).toBeGreaterThan(10000);
    expect(Number(cat['zero_night_stays']) / Number(cat['stays'])).toBeGreaterThan(0.5);
  });
});

describe('establishments.csv', () => {
  const est = table('establishments.csv');
  test('9-char FINESS, known status, coordinates mostly present', () => {
    expect(est.length).toBeGreaterThan(1400);
    expect(new Set(est.map((r) => r['finess'])).size).toBe(est.length);
    for (const r of est) {
      expect(r['finess']).toMatch(/^[0-9][0-9AB]\d{7}$/);
      expect(['public', 'private non-profit', 'private for-profit']).toContain(r['status']);
      expect(r['commune'].startsWith(r['dept']) || r['dept'].length === 3).toBe(true);
    }
    expect(est.filter((r) => r['lat'] !== '').length / est.length).toBeGreaterThan(0.9);
  });
  test('Brittany and Ille-et-Vilaine', () => {
    const bzh = est.filter((r) => ['22', '29', '35', '56'].includes(r['dept']));
    const d35 = est.filter((r) => r['dept'] === '35');
    expect(bzh.length).toBeGreaterThan(40);
    expect(d35.length).toBeGreaterThan(10);
    // CHU de Rennes is in 35 with the largest number of full-hospitalisation stays there.
    const top = [...d35].sort((a, b) => Number(b['mco_full_stays']) - Number(a['mco_full_stays']))[0]!;
    expect(top['name']).toMatch(/RENNES/);
    for (const r of bzh.filter((x) => x['lat'] !== '')) {
      expect(Number(r['lat'])).toBeGreaterThan(47);
      expect(Number(r['lat'])).toBeLessThan(49);
      expect(Number(r['lon'])).toBeLessThan(-1);
    }
  });
});

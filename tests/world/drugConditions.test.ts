import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataRegistry, World } from '../../src/world';
import { readConditionSpecs, readProfiles } from '../../src/world/drugs';
import { config } from '../helpers/simulate';

describe('drugs that follow diseases and the drug mix by age and sex', () => {
  const world = new World(config({ region: '35', population: 5000, seed: 1 }));
  const m = world.drugs;
  const rng = world.streams.stream('test.drugs.mix', 0);

  test('the condition classes are data: diabetes has a published treated prevalence rising with age, more in men', () => {
    const names = m.conditions.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['diabetes', 'parkinson', 'epilepsy', 'hypothyroidism', 'anticoagulation']));
    const diabetes = m.conditions.find((c) => c.name === 'diabetes');
    if (!diabetes) throw new Error('no diabetes');
    expect(diabetes.lines).toBeGreaterThanOrEqual(1);
    expect(m.latentProbability(diabetes, 1, 70, '35')).toBeGreaterThan(m.latentProbability(diabetes, 1, 30, '35') * 5);
    expect(m.latentProbability(diabetes, 1, 70, '35')).toBeGreaterThan(m.latentProbability(diabetes, 2, 70, '35'));
    expect(m.drawForCondition(diabetes, rng).atc.startsWith('A10')).toBe(true);
  });

  const share = (sex: 1 | 2, age: number, prefix: string, n = 4000): number => {
    let k = 0;
    for (let i = 0; i < n; i++) if (m.drawChronic(sex, age, rng).atc.startsWith(prefix)) k += 1;
    return k / n;
  };

  test('statins follow age: almost none in children, more at 65-74 than at 40-49', () => {
    expect(share(1, 7, 'C10')).toBeLessThan(0.002);
    expect(share(1, 70, 'C10')).toBeGreaterThan(2 * share(1, 45, 'C10'));
  });

  test('no contraceptive for men or women over 55', () => {
    for (let i = 0; i < 3000; i++) {
      expect(m.drawAcute(1, 30, rng).atc.startsWith('G03A')).toBe(false);
      expect(m.drawAcute(2, 70, rng).atc.startsWith('G03A')).toBe(false);
    }
  });

  describe('broken tables', () => {
    let dir = '';
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'snds-sim-drugcond-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    test('an unknown prevalence kind is named', () => {
      writeFileSync(join(dir, 'drug_conditions.csv'), 'condition,atc,alds,cim,prevalence\ndiabetes,A10,8,E14,guessed\n');
      expect(() => readConditionSpecs(new DataRegistry(dir))).toThrow('condition diabetes: prevalence must be "published" or "implied", not "guessed"');
    });

    test('a condition without ICD-10 code is refused', () => {
      writeFileSync(join(dir, 'drug_conditions.csv'), 'condition,atc,alds,cim,prevalence\ndiabetes,A10,8,,implied\n');
      expect(() => readConditionSpecs(new DataRegistry(dir))).toThrow('condition diabetes needs ATC prefixes and ICD-10 codes');
    });

    test('a published prevalence with a missing cell is refused', () => {
      writeFileSync(join(dir, 'drug_conditions.csv'), 'condition,atc,alds,cim,prevalence\ndiabetes,A10,8,E14,published\n');
      writeFileSync(join(dir, 'drug_condition_prevalence.csv'), 'condition,sex,age_min,prevalence\ndiabetes,1,0,0.001\n');
      expect(() => readConditionSpecs(new DataRegistry(dir))).toThrow('condition diabetes lacks a sex × 5-year age cell');
    });

    test('a profile with a bad sex or a missing cell is refused', () => {
      writeFileSync(join(dir, 'drug_age_profiles.csv'), 'atc,indicator,sex,age_min,treated_pct\nC10,X,3,0,1\n');
      expect(() => readProfiles(new DataRegistry(dir))).toThrow('sex must be 1 or 2');
      writeFileSync(join(dir, 'drug_age_profiles.csv'), 'atc,indicator,sex,age_min,treated_pct\nC10,X,1,0,1\n');
      expect(() => readProfiles(new DataRegistry(dir))).toThrow('class C10 lacks a sex × 5-year age cell');
    });
  });
});

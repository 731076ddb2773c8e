import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dayFromYmd } from '../../src/events';
import { StreamFactory } from '../../src/random';
import { AldModel, CarePropensity, DataRegistry, HospitalModel, InitialPopulation, SexAgeRate } from '../../src/world';
import { dataPath } from '../../src/util/paths';

const TABLE = 'care_heterogeneity_parameters.csv';

// The models it reads, built once (from data/); `build` reads the parameters table from `data`.
const base = new DataRegistry();
const population = new InitialPopulation(base, ['35'], 2019, 20000);
const gpRate = new SexAgeRate(base, 'gp_consultation_rates.csv');
const hospital = new HospitalModel(base, ['35']);
const ald = new AldModel(base, ['35'], dayFromYmd(2019, 1, 1));

function build(data: DataRegistry): CarePropensity {
  return new CarePropensity(data, population.cells, gpRate, hospital.stays, ald);
}

describe('CarePropensity: latent care propensity and choice of GP', () => {
  const model = build(base);

  test('solves a finite heterogeneity, a hospital clustering, an ALD factor and an other-GP share', () => {
    expect(model.shape).toBeGreaterThan(0.5);
    expect(model.shape).toBeLessThan(5);
    expect(Number.isFinite(model.hospitalShape)).toBe(true);
    expect(model.hospitalShape).toBeLessThan(model.shape);
    expect(model.aldRatio).toBeGreaterThan(1);
    expect(model.otherGpShare).toBeGreaterThan(0.03);
    expect(model.otherGpShare).toBeLessThan(0.3);
  });

  test('ALD patients get a factor above 1, the others below 1', () => {
    for (const age of [30, 70, 85]) {
      expect(model.aldFactor(2, age, '35', true)).toBeGreaterThan(1);
      expect(model.aldFactor(2, age, '35', false)).toBeLessThan(1);
      expect(model.aldFactor(2, age, '35', false)).toBeGreaterThan(0);
    }
  });

  test('draws propensities of mean 1 and variance 1/k from the person stream', () => {
    const streams = new StreamFactory(3);
    const n = 20000;
    let s = 0;
    let s2 = 0;
    let h = 0;
    for (let i = 0; i < n; i++) {
      const p = model.draw(streams.stream('person.propensity', i));
      s += p.care;
      s2 += p.care * p.care;
      h += p.hospital;
    }
    const mean = s / n;
    expect(mean).toBeGreaterThan(0.97);
    expect(mean).toBeLessThan(1.03);
    expect(s2 / n - mean * mean).toBeCloseTo(1 / model.shape, 1);
    expect(h / n).toBeGreaterThan(0.95);
    expect(h / n).toBeLessThan(1.05);
    // Same stream, same draws.
    expect(model.draw(streams.stream('person.propensity', 7))).toEqual(model.draw(streams.stream('person.propensity', 7)));
  });

  describe('broken parameters table', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'snds-sim-propensity-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const original = (): string => readFileSync(dataPath(TABLE), 'utf8');

    test('a missing parameter is named', () => {
      writeFileSync(join(dir, TABLE), original().split('\n').filter((l) => !l.startsWith('share_persons_seen_by_gp,')).join('\n'));
      expect(() => build(new DataRegistry(dir))).toThrow(/care_heterogeneity_parameters.csv has no parameter share_persons_seen_by_gp/);
    });

    test('a share outside [0, 1] is refused', () => {
      writeFileSync(join(dir, TABLE), original().replace(/^share_gp_patients_two_or_more_gps,[^,]+,/m, 'share_gp_patients_two_or_more_gps,36.9,'));
      expect(() => build(new DataRegistry(dir))).toThrow(/share_gp_patients_two_or_more_gps must be a share between 0 and 1, got 36.9/);
    });

    test('an unchanged copy gives the same model', () => {
      copyFileSync(dataPath(TABLE), join(dir, TABLE));
      expect(build(new DataRegistry(dir)).shape).toBe(model.shape);
    });
  });
});

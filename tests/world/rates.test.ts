import { Demography, DataRegistry, SexAgeRate } from '../../src/world';

describe('rate lookups', () => {
  const data = new DataRegistry();
  const demo = new Demography(data, ['35'], 0.512);

  it('turns INSEE death quotients into hazards, rising with age and higher for men', () => {
    const h0 = demo.deathHazard(2019, 1, 0, '35');
    const h40 = demo.deathHazard(2019, 1, 40, '35');
    const h80m = demo.deathHazard(2019, 1, 80, '35');
    const h80f = demo.deathHazard(2019, 2, 80, '35');
    expect(h40).toBeLessThan(h80m);
    expect(h80f).toBeLessThan(h80m);
    expect(h0).toBeGreaterThan(0.002);
    expect(h0).toBeLessThan(0.01);
    expect(demo.deathHazard(2019, 2, 130, '35')).toBeGreaterThan(0.2);
  });

  it('uses the nearest life table outside the years covered', () => {
    expect(demo.lifeTableYear(2030)).toBe(2019);
    expect(demo.deathHazard(2030, 1, 60, '35')).toBe(demo.deathHazard(2019, 1, 60, '35'));
  });

  it('has fertility only between 15 and 50 with a total around 1.9–2.0 children per woman', () => {
    expect(demo.fertilityRate(2019, 10)).toBe(0);
    expect(demo.fertilityRate(2019, 60)).toBe(0);
    let tfr = 0;
    for (let a = 0; a < 60; a++) tfr += demo.fertilityRate(2019, a);
    expect(tfr).toBeGreaterThan(1.8);
    expect(tfr).toBeLessThan(2.1);
  });

  it('reads GP consultation rates by sex and age', () => {
    const r = new SexAgeRate(data, 'gp_consultation_rates.csv');
    expect(r.rate(1, 30)).toBeGreaterThan(2);
    expect(r.rate(2, 200)).toBe(r.rate(2, 120));
  });
});

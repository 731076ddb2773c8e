import { allowedDeviation, allPass, compareCount, compareMean, DEFAULT_RULE, describeRule } from '../../src/report';
import { dispersionOf } from '../../src/report/tolerance';

describe('report tolerance', () => {
  test('large cells: the relative tolerance applies', () => {
    // E = 10 000: 15 % = 1500 > 3 √E = 300
    expect(allowedDeviation(10000, DEFAULT_RULE)).toBeCloseTo(1500);
    const ok = compareCount({ category: 'x', series: 'all', label: 'x', observedCount: 11400, expectedCount: 10000, scale: 0.001 }, DEFAULT_RULE);
    expect(ok.pass).toBe(true);
    expect(ok.observed).toBeCloseTo(11.4);
    expect(ok.expected).toBeCloseTo(10);
    expect(ok.low).toBeCloseTo(8.5);
    expect(ok.high).toBeCloseTo(11.5);
    const bad = compareCount({ category: 'x', series: 'all', label: 'x', observedCount: 11600, expectedCount: 10000, scale: 1 }, DEFAULT_RULE);
    expect(bad.pass).toBe(false);
  });

  test('small cells: the Poisson band applies, with E at least 1', () => {
    // E = 16: 3 √16 = 12 > 15 % × 16
    expect(allowedDeviation(16, DEFAULT_RULE)).toBeCloseTo(12);
    expect(compareCount({ category: 'a', series: 'all', label: 'a', observedCount: 27, expectedCount: 16, scale: 1 }, DEFAULT_RULE).pass).toBe(true);
    expect(compareCount({ category: 'a', series: 'all', label: 'a', observedCount: 29, expectedCount: 16, scale: 1 }, DEFAULT_RULE).pass).toBe(false);
    // E = 0.2: band of 3 (E taken as 1), low bound not below 0
    const tiny = compareCount({ category: 'a', series: 'all', label: 'a', observedCount: 3, expectedCount: 0.2, scale: 1 }, DEFAULT_RULE);
    expect(tiny.pass).toBe(true);
    expect(tiny.low).toBe(0);
    expect(compareCount({ category: 'a', series: 'all', label: 'a', observedCount: 4, expectedCount: 0.2, scale: 1 }, DEFAULT_RULE).pass).toBe(false);
  });

  test('clustered events widen the Poisson band by the dispersion factor', () => {
    expect(dispersionOf([1, 1, 1])).toBe(1);
    expect(dispersionOf([10])).toBe(10);
    expect(dispersionOf([])).toBe(1);
    expect(dispersionOf([2, 2])).toBe(2);
    expect(allowedDeviation(16, DEFAULT_RULE, 4)).toBeCloseTo(24);
    expect(compareCount({ category: 'a', series: 'all', label: 'a', observedCount: 38, expectedCount: 16, scale: 1, dispersion: 4 }, DEFAULT_RULE).pass).toBe(true);
    expect(describeRule(DEFAULT_RULE)).toContain('15 %');
    expect(describeRule(DEFAULT_RULE, 4)).toContain('4.00 ×');
  });

  test('means: relative tolerance or z standard errors of the mean', () => {
    // target 5, n = 9: 3 × 5 / 3 = 5 > 15 % × 5
    expect(compareMean({ category: 'a', series: 'men', label: 'a', observed: 9.9, expected: 5, n: 9 }, DEFAULT_RULE).pass).toBe(true);
    expect(compareMean({ category: 'a', series: 'men', label: 'a', observed: 10.1, expected: 5, n: 9 }, DEFAULT_RULE).pass).toBe(false);
    // n = 10 000: 15 % applies
    expect(compareMean({ category: 'a', series: 'men', label: 'a', observed: 5.7, expected: 5, n: 10000 }, DEFAULT_RULE).pass).toBe(true);
    expect(compareMean({ category: 'a', series: 'men', label: 'a', observed: 5.8, expected: 5, n: 10000 }, DEFAULT_RULE).pass).toBe(false);
  });

  test('a comparison passes when all its rows do', () => {
    expect(allPass([{ pass: true }, { pass: true }])).toBe(true);
    expect(allPass([{ pass: true }, { pass: false }])).toBe(false);
    expect(allPass([])).toBe(true);
  });
});

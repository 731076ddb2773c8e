import type { ComparisonRow, ToleranceRule } from './types';

/** Default rule: relative difference ≤ 15 %, or within 3 Poisson standard errors for small counts. */
export const DEFAULT_RULE: ToleranceRule = { relative: 0.15, z: 3 };

/** The rule in words, for the page. */
export function describeRule(rule: ToleranceRule, dispersion = 1): string {
  const d = dispersion > 1.0001 ? `${dispersion.toFixed(2)} × ` : '';
  return `|simulated − target| ≤ max(${Math.round(rule.relative * 100)} % × target, ${rule.z} × √(${d}max(target count, 1)))`;
}

/**
 * Dispersion factor of event counts clustered within persons: Σ n² / Σ n over the persons' counts n (1 when
 * every person has at most one event). For a compound Poisson count (persons with events at Poisson rate,
 * n events each) the variance of the total is this factor × its mean, so the Poisson band is widened by √φ.
 */
export function dispersionOf(perPerson: Iterable<number>): number {
  let s1 = 0;
  let s2 = 0;
  for (const n of perPerson) {
    s1 += n;
    s2 += n * n;
  }
  return s1 > 0 ? Math.max(1, s2 / s1) : 1;
}

/**
 * Accepted absolute deviation of an observed count from its expected count: the larger of the relative
 * tolerance (large cells) and a Poisson band of `z` standard errors, √E with E at least 1 (small cells).
 */
export function allowedDeviation(expectedCount: number, rule: ToleranceRule, dispersion = 1): number {
  return Math.max(rule.relative * expectedCount, rule.z * Math.sqrt(dispersion * Math.max(expectedCount, 1)));
}

/** Input of a count comparison: counts, and the factor turning a count into the displayed unit. */
export interface CountCell {
  readonly category: string;
  readonly series: string;
  readonly label: string;
  readonly observedCount: number;
  readonly expectedCount: number;
  /** Displayed value = count × scale (e.g. 1000 / person-years for a rate per 1000). */
  readonly scale: number;
  /** Variance / mean of the count (events clustered within persons, see dispersionOf); 1 for a Poisson count. */
  readonly dispersion?: number;
}

/** Compares an observed count with its expected count under `rule`. */
export function compareCount(cell: CountCell, rule: ToleranceRule): ComparisonRow {
  const { observedCount: o, expectedCount: e, scale } = cell;
  const allowed = allowedDeviation(e, rule, cell.dispersion ?? 1);
  return {
    category: cell.category,
    series: cell.series,
    label: cell.label,
    observed: o * scale,
    expected: e * scale,
    low: Math.max(0, e - allowed) * scale,
    high: (e + allowed) * scale,
    observedCount: o,
    expectedCount: e,
    pass: Math.abs(o - e) <= allowed + 1e-9,
  };
}

/** Input of a mean comparison (e.g. length of stay): n observations with mean `observed`. */
export interface MeanCell {
  readonly category: string;
  readonly series: string;
  readonly label: string;
  readonly observed: number;
  readonly expected: number;
  readonly n: number;
}

/**
 * Compares a mean of n observations with its target: the larger of the relative tolerance and z standard
 * errors of a mean whose standard deviation is taken equal to the target mean (geometric-like durations).
 */
export function compareMean(cell: MeanCell, rule: ToleranceRule): ComparisonRow {
  const { observed: o, expected: e, n } = cell;
  const allowed = Math.max(rule.relative * e, (rule.z * e) / Math.sqrt(Math.max(n, 1)));
  return {
    category: cell.category,
    series: cell.series,
    label: cell.label,
    observed: n > 0 ? o : 0,
    expected: e,
    low: Math.max(0, e - allowed),
    high: e + allowed,
    observedCount: n,
    expectedCount: n,
    pass: n === 0 ? e === 0 : Math.abs(o - e) <= allowed + 1e-9,
  };
}

/** A comparison passes when every one of its rows does. */
export function allPass(rows: readonly { readonly pass: boolean }[]): boolean {
  return rows.every((r) => r.pass);
}

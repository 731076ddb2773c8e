import type { TargetsUsed } from './targets';

/** Shapes of the realism report: sections of comparisons between the database and the open-data targets. */

/** How far an observed value may be from its target: max(relative × target, z × Poisson standard error). */
export interface ToleranceRule {
  /** Accepted relative difference for large cells (e.g. 0.15). */
  readonly relative: number;
  /** Width of the Poisson band for small counts, in standard errors (e.g. 3). */
  readonly z: number;
}

/** One cell of a comparison: a simulated value beside its target, with the accepted band. */
export interface ComparisonRow {
  /** Category on the chart's x axis (age band, code). */
  readonly category: string;
  /** Series within the category ('men', 'women', 'all', …). */
  readonly series: string;
  /** Bilingual label of the cell for the table. */
  readonly label: string;
  /** Simulated value, in the comparison's unit. */
  readonly observed: number;
  /** Target value, in the comparison's unit. */
  readonly expected: number;
  /** Accepted band around the target, in the comparison's unit. */
  readonly low: number;
  readonly high: number;
  /** Simulated count behind the value (persons, events), and the count the target implies. */
  readonly observedCount: number;
  readonly expectedCount: number;
  readonly pass: boolean;
}

/** A chart: categories on the x axis, one bar per series in each category. */
export interface ChartSpec {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly categories: readonly string[];
  readonly series: readonly ChartSeries[];
  /**
   * A logarithmic y axis (decades): for values spanning several orders of magnitude, such as death
   * rates by age, where a linear axis hides everything but the oldest ages.
   */
  readonly logScale?: boolean;
}

export interface ChartSeries {
  readonly name: string;
  readonly color: string;
  /** One value per category (NaN: no bar). */
  readonly values: readonly number[];
  /** Optional accepted band per category, drawn as a whisker over the bar. */
  readonly bands?: readonly (readonly [number, number])[];
}

/** One comparison: rows, tolerance, verdict and chart. */
export interface Comparison {
  readonly id: string;
  readonly title: string;
  readonly unit: string;
  /** The tolerance rule in words. */
  readonly tolerance: string;
  readonly rule: ToleranceRule;
  /** Dispersion factor widening the Poisson band (events clustered within persons), when not 1. */
  readonly dispersion?: number;
  readonly rows: readonly ComparisonRow[];
  readonly pass: boolean;
  readonly chart: ChartSpec;
  /** Remarks (what is excluded, how ages are counted). */
  readonly notes?: readonly string[];
}

/** A section of the report (one open-data source). */
export interface Section {
  readonly id: string;
  readonly titleFr: string;
  readonly titleEn: string;
  /** What is compared with what, and the target's source. */
  readonly description: string;
  readonly comparisons: readonly Comparison[];
  readonly pass: boolean;
  /**
   * The same comparisons against the national open data of data/, when the run read some of this section's target
   * tables from its own `tables` folder and they differ from data/: for information, they do not decide `pass`.
   */
  readonly national?: NationalComparisons;
}

/** A section's comparisons against data/ beside those against the run's own tables. */
export interface NationalComparisons {
  /** The tables of the run's folder that differ from data/ and that this section reads. */
  readonly tables: readonly string[];
  readonly comparisons: readonly Comparison[];
  readonly pass: boolean;
}

/** The whole report, also written by `--json`. */
export interface Report {
  readonly database: string;
  readonly generator: string;
  readonly period: { readonly start: string; readonly end: string };
  readonly departements: readonly string[];
  readonly persons: number;
  readonly personYears: number;
  readonly sections: readonly Section[];
  readonly pass: boolean;
  readonly summary: {
    readonly sections: number;
    readonly passed: number;
    readonly failed: readonly string[];
    /** Which targets the sections were judged against (the run's tables or data/), in words. */
    readonly targets: string;
  };
  /** The targets used: the run's `tables` folder over data/, or data/ alone; the tables that differ from data/. */
  readonly targets: TargetsUsed;
  /** SIM_RUN_MANIFEST, key → value (JSON values parsed). */
  readonly manifest: Readonly<Record<string, unknown>>;
  readonly toleranceRule: string;
}

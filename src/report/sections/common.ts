import { num, str, type DataTable } from '../../data';
import type { ReportDatabase } from '../database';
import { ageInMonth, forEachSegment, type AgeBands, type Segment } from '../exposure';
import type { ReadRow } from '../../readback';
import { groupedBarChartSpec } from '../chartSpecs';
import { allPass, compareCount, describeRule } from '../tolerance';
import type { Comparison, ComparisonRow, ToleranceRule } from '../types';

/** Bilingual sex labels. */
export const SEX_LABEL: Readonly<Record<1 | 2, string>> = { 1: 'men / hommes', 2: 'women / femmes' };
export const SEXES = [1, 2] as const;

/** Counts by [sex − 1][band]. */
export type SexBandCounts = [number[], number[]];

export function sexBandZeros(n: number): SexBandCounts {
  return [new Array<number>(n).fill(0), new Array<number>(n).fill(0)];
}

/** Adds x to cell [sex][band]. */
export function addTo(c: SexBandCounts, sex: 1 | 2, band: number, x: number): void {
  const row = c[sex - 1] as number[];
  row[band] = (row[band] as number) + x;
}

/**
 * Person-years and expected events by sex × age band of the database's persons in its period: Σ over their segments
 * of the years and of years × `rate(segment)`.
 */
export function exposureBySexBand(r: ReportDatabase, bands: AgeBands, rate: (s: Segment) => number): { py: SexBandCounts; expected: SexBandCounts } {
  const py = sexBandZeros(bands.length);
  const expected = sexBandZeros(bands.length);
  for (const p of r.persons.values()) {
    forEachSegment(p, r.start, r.end, (s) => {
      const b = bands.index(s.age);
      addTo(py, s.sex, b, s.years);
      addTo(expected, s.sex, b, s.years * rate(s));
    });
  }
  return { py, expected };
}

/**
 * Adds rows of (nir: a person key, ym: the month 'YYYY-MM', `column`: a count) to `observed` by sex × band of the
 * age in that month, and to the person's total in `perPerson` (keyed by person index: a person may have several
 * BEN_NIR_PSA). Rows of persons not in IR_BEN_R are skipped.
 */
export function addMonthlyCounts(r: ReportDatabase, rows: readonly ReadRow[], column: string, bands: AgeBands, observed: SexBandCounts, perPerson: Map<number, number>): void {
  for (const row of rows) {
    const p = r.persons.get(String(row.nir));
    if (!p) continue;
    const n = Number(row[column]);
    addTo(observed, p.sex, bands.index(ageInMonth(p, String(row.ym))), n);
    perPerson.set(p.index, (perPerson.get(p.index) ?? 0) + n);
  }
}

/** Value of cell [sex][band]. */
export function cellOf(c: SexBandCounts, sex: 1 | 2, band: number): number {
  return (c[sex - 1] as number[])[band] ?? 0;
}

/** Options of a sex × age-band comparison of counts. */
export interface SexBandOptions {
  readonly id: string;
  readonly title: string;
  readonly unit: string;
  readonly bands: readonly string[];
  readonly observed: SexBandCounts;
  readonly expected: SexBandCounts;
  /** Denominator per cell (person-years, persons); the value shown is count × per / denominator. */
  readonly denominator: SexBandCounts;
  readonly per: number;
  readonly rule: ToleranceRule;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly notes?: readonly string[];
  /** Dispersion of the counts (events per person clustered), see dispersionOf. */
  readonly dispersion?: number;
  /** Draw the chart on a logarithmic y axis (rates spanning several orders of magnitude). */
  readonly logScale?: boolean;
}

/** A comparison of counts by sex × age band, with its grouped bar chart (simulated and target per sex). */
export function sexBandComparison(o: SexBandOptions): Comparison {
  const rows: ComparisonRow[] = [];
  for (const sex of SEXES) {
    o.bands.forEach((band, b) => {
      const den = cellOf(o.denominator, sex, b);
      rows.push(
        compareCount(
          {
            category: band,
            series: sex === 1 ? 'men' : 'women',
            label: `${SEX_LABEL[sex]} ${band}`,
            observedCount: cellOf(o.observed, sex, b),
            expectedCount: cellOf(o.expected, sex, b),
            scale: den > 0 ? o.per / den : 0,
            dispersion: o.dispersion ?? 1,
          },
          o.rule,
        ),
      );
    });
  }
  return {
    id: o.id,
    title: o.title,
    unit: o.unit,
    tolerance: describeRule(o.rule, o.dispersion ?? 1),
    rule: o.rule,
    ...(o.dispersion !== undefined ? { dispersion: o.dispersion } : {}),
    rows,
    pass: allPass(rows),
    chart: groupedBarChartSpec(o.title, o.xLabel, o.yLabel, o.bands, rows, ['men', 'women'], o.logScale === true),
    ...(o.notes ? { notes: o.notes } : {}),
  };
}

/** A comparison of counts by category (one series), from already-compared rows. */
export function categoryComparison(
  base: { id: string; title: string; unit: string; rule: ToleranceRule; xLabel: string; yLabel: string; notes?: readonly string[]; dispersion?: number },
  rows: readonly ComparisonRow[],
): Comparison {
  return {
    id: base.id,
    title: base.title,
    unit: base.unit,
    tolerance: describeRule(base.rule, base.dispersion ?? 1),
    rule: base.rule,
    ...(base.dispersion !== undefined ? { dispersion: base.dispersion } : {}),
    rows,
    pass: allPass(rows),
    chart: groupedBarChartSpec(base.title, base.xLabel, base.yLabel, rows.map((r) => r.category), rows, ['all']),
    ...(base.notes ? { notes: base.notes } : {}),
  };
}

/** A band given directly (an acceptance interval), not a relative tolerance. */
export const BAND_RULE: ToleranceRule = { relative: 0, z: 0 };

/** A row judged by an interval [low, high]. */
export function bandRow(category: string, label: string, observed: number, expected: number, low: number, high: number, count: number): ComparisonRow {
  return { category, series: 'all', label, observed, expected, low, high, observedCount: count, expectedCount: count, pass: observed >= low && observed <= high };
}

/** bandRow whose category is its label. */
export function labelRow(label: string, observed: number, expected: number, low: number, high: number, count: number): ComparisonRow {
  return bandRow(label, label, observed, expected, low, high, count);
}

/** Interval comparison: the tolerance column says the band in words. */
export function bandComparison(base: { id: string; title: string; unit: string; xLabel: string; yLabel: string; tolerance: string; notes: readonly string[] }, rows: readonly ComparisonRow[]): Comparison {
  return { ...categoryComparison({ ...base, rule: BAND_RULE }, rows), tolerance: base.tolerance };
}

/** A published figure of a validation table (data/validation/*_figures.csv: indicator, value, year, source, note, quote). */
export interface Figure {
  readonly value: number;
  readonly year: number;
  readonly quote: string;
  readonly source: string;
  readonly note: string;
}

/** The figure of an indicator in a validation table, undefined when the table has none. */
export function figureOf(t: DataTable, id: string): Figure | undefined {
  const row = t.rows.find((x) => str(t, x, 'indicator') === id);
  if (!row) return undefined;
  return { value: num(t, row, 'value'), year: num(t, row, 'year'), quote: str(t, row, 'quote'), source: str(t, row, 'source'), note: str(t, row, 'note') };
}

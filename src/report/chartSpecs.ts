import type { ChartSeries, ChartSpec, ComparisonRow } from './types';

/** Colours of the simulated and target bars of each series (colour-blind-safe pairs). */
const COLORS: Readonly<Record<string, readonly [string, string]>> = {
  men: ['#1f5fa8', '#9cc3ea'],
  women: ['#c0392b', '#f2a59c'],
  all: ['#2e7d32', '#a5d6a7'],
};

const SERIES_NAME: Readonly<Record<string, string>> = { men: 'men / hommes', women: 'women / femmes', all: '' };

/**
 * Chart of comparison rows: for each series key, a bar of simulated values and a bar of target values with
 * the accepted band, one group per category.
 */
export function groupedBarChartSpec(title: string, xLabel: string, yLabel: string, categories: readonly string[], rows: readonly ComparisonRow[], seriesKeys: readonly string[], logScale = false): ChartSpec {
  const series: ChartSeries[] = [];
  for (const key of seriesKeys) {
    const [sim, tgt] = COLORS[key] ?? (COLORS.all as readonly [string, string]);
    const find = (c: string): ComparisonRow | undefined => rows.find((r) => r.series === key && r.category === c);
    const prefix = SERIES_NAME[key] ? `${SERIES_NAME[key]}, ` : '';
    series.push({ name: `${prefix}simulated / simulé`, color: sim, values: categories.map((c) => find(c)?.observed ?? NaN) });
    series.push({
      name: `${prefix}target / cible`,
      color: tgt,
      values: categories.map((c) => find(c)?.expected ?? NaN),
      bands: categories.map((c) => {
        const r = find(c);
        return r ? ([r.low, r.high] as const) : ([NaN, NaN] as const);
      }),
    });
  }
  return { title, xLabel, yLabel, categories, series, ...(logScale ? { logScale } : {}) };
}

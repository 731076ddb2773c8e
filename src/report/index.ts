/**
 * `snds-sim report`: the realism report of an snds-sim database — its aggregates beside the open-data targets
 * of `data/` they were simulated from, each with a tolerance and a pass/fail mark — as one self-contained HTML
 * page (inline SVG charts, no network) and as JSON.
 */
export type { Report, Section, Comparison, ComparisonRow, ChartSpec, ChartSeries, ToleranceRule } from './types';
export { buildReport, SECTION_BUILDERS } from './buildReport';
export { renderHtml } from './renderHtml';
export { groupedBarChart, niceTicks, escapeXml, formatNumber } from './svg';
export { compareCount, compareMean, allowedDeviation, describeRule, allPass, DEFAULT_RULE } from './tolerance';
export { openReportDatabase, deptOfResidence } from './database';
export { writeReport, type ReportFiles } from './writeReport';

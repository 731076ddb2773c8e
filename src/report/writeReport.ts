import { writeFileSync } from 'node:fs';
import { buildReport } from './buildReport';
import { renderHtml } from './renderHtml';
import type { Report } from './types';

/** Where to write the report. */
export interface ReportFiles {
  /** HTML page. */
  readonly out: string;
  /** JSON of the same comparisons, when wanted. */
  readonly json?: string;
}

/** Builds the report of `db` and writes the HTML page (and JSON); returns the report. */
export function writeReport(db: string, files: ReportFiles): Report {
  const report = buildReport(db);
  writeFileSync(files.out, renderHtml(report));
  if (files.json !== undefined) writeFileSync(files.json, `${JSON.stringify(report, null, 2)}\n`);
  return report;
}

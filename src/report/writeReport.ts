import { writeFileSync } from 'node:fs';
import { buildReport } from './buildReport';
import { renderHtml } from './renderHtml';
import type { Report } from './types';

/** Where to write the report (at least one of the two). */
export interface ReportFiles {
  /** HTML page, when wanted. */
  readonly out?: string;
  /** JSON of the same comparisons, when wanted. */
  readonly json?: string;
}

/** Builds the report of `db` and writes the HTML page and/or the JSON (replacing files there); returns the report. */
export async function writeReport(db: string, files: ReportFiles): Promise<Report> {
  const report = await buildReport(db);
  if (files.out !== undefined) writeFileSync(files.out, renderHtml(report));
  if (files.json !== undefined) writeFileSync(files.json, `${JSON.stringify(report, null, 2)}\n`);
  return report;
}

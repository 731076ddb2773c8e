import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { partialPath } from '../exporters';
import { checkOutput, removeLeftovers } from '../run';
import { gzipSync } from 'node:zlib';
import { stringify } from 'csv-stringify/sync';
import { StreamFactory } from '../random';
import { packageVersion } from '../util/paths';
import { CALIBRATION_FILE, resolveCalibrateOptions, type CalibrateOptions, type RawCalibrateOptions } from './options';
import { describeFile, openCalibrationSource, type CalibrationSource, type PeriodSource } from './source';
import { aldTable } from './tables/ald';
import { forEachExposure, round } from './tables/common';
import { drugsTable } from './tables/drugs';
import { gpTable } from './tables/gp';
import { hospitalTable } from './tables/hospital';
import { mortalityTable } from './tables/mortality';
import type { CalibratedFile, CalibrationContext, TableDescription, TableOutcome } from './types';

/** Days per year, for the length of the period. */
const YEAR_DAYS = 365.25;

/** The table builders, in the order of calibration.json. */
export const TABLE_BUILDERS: readonly ((ctx: CalibrationContext) => Promise<TableOutcome>)[] = [gpTable, hospitalTable, aldTable, mortalityTable, drugsTable];

/** calibration.json: what was computed from which database, under which rules. */
export interface CalibrationReport {
  readonly generator: string;
  readonly version: string;
  readonly source: {
    readonly file: string;
    readonly bytes: number;
    /** SIM_RUN_MANIFEST of the database (null when it has none, e.g. a real SNDS extraction). */
    readonly manifest: Readonly<Record<string, unknown>> | null;
    readonly period: { readonly start: string; readonly end: string; readonly from: PeriodSource };
    readonly persons: number;
    readonly skippedRows: number;
    readonly personYears: number;
    readonly departements: readonly string[];
  };
  readonly minCell: number;
  readonly rule: string;
  readonly epsilon: number | null;
  readonly seed: number | null;
  readonly noise: string | null;
  /** Files of the folder besides calibration.json. */
  readonly files: readonly string[];
  readonly tables: readonly TableDescription[];
}

/** What a calibration wrote. */
export interface CalibrationResult {
  readonly out: string;
  readonly report: CalibrationReport;
}

/**
 * Computes, from an SNDS-shaped database, the rate tables the simulator reads, in the format of data/, with the
 * small-cell rule and the optional Laplace noise, without writing anything.
 */
export async function computeCalibration(source: CalibrationSource, options: CalibrateOptions): Promise<{ files: CalibratedFile[]; report: CalibrationReport }> {
  const ctx: CalibrationContext = {
    source,
    minCell: options.minCell,
    epsilon: options.epsilon,
    streams: new StreamFactory(options.seed),
    years: (source.end - source.start + 1) / YEAR_DAYS,
  };
  const outcomes: TableOutcome[] = [];
  // One after the other, in the order of calibration.json: the builders share one connection.
  for (const b of TABLE_BUILDERS) outcomes.push(await b(ctx));
  const files = outcomes.flatMap((o) => o.files);
  let personYears = 0;
  forEachExposure(ctx, (_p, s) => (personYears += s.years));
  const report: CalibrationReport = {
    generator: 'snds-sim calibrate',
    version: packageVersion(),
    source: {
      ...describeFile(source.path),
      manifest: source.manifest ?? null,
      period: { start: source.startIso, end: source.endIso, from: source.periodSource },
      persons: source.persons.size,
      skippedRows: source.skippedRows,
      personYears: round(personYears, 2),
      departements: source.departements,
    },
    minCell: options.minCell,
    rule:
      `No published cell rests on fewer than ${options.minCell} persons: a cell is published when at least ${options.minCell} distinct persons are behind its denominator and the persons with an event in its numerator are none or at least ${options.minCell}. ` +
      'Age bands failing the rule are grouped with the next older bands until the group passes (a failing group at the oldest end joins the groups before it); a series whose ages all together fail is suppressed. ' +
      'A merged group publishes its level only: its rows keep the layout of data/ and follow, within the group, the shape of the open data of data/ (rate at an age = the group\'s count / the count the open-data rates give on the database\'s exposure in the group × the open-data rate at that age), so that a child band merged with adult bands keeps the open data\'s child-to-adult ratio; factor_vs_open_data gives that scale for each cell. ' +
      'Person counts are exact: they decide the grouping and are not noised.',
    epsilon: options.epsilon ?? null,
    seed: options.epsilon === undefined ? null : options.seed,
    noise:
      options.epsilon === undefined
        ? null
        : `Each published count of a table gets Laplace noise of scale sensitivity / ${options.epsilon}, drawn from the stream of the table keyed by seed ${options.seed}, then is rounded and clamped to ≥ 0; the sensitivity is the bound on one person's total contribution to the table's count (each person's contributions are scaled down to it), so each table's counts are ${options.epsilon}-differentially private given the person counts, and the tables together spend at most ${options.epsilon} × the number of noised counts. Denominators (person-years, persons) are not noised.`,
    files: files.map((f) => f.file),
    tables: outcomes.map((o) => o.description),
  };
  return { files, report };
}

/** The bytes of a calibrated file: CSV with a header line and LF line ends, gzip (level 9) when the name ends in .gz. */
export function fileBytes(f: CalibratedFile): Buffer {
  const text = stringify([f.header as string[], ...(f.rows as (string | number)[][])], { record_delimiter: '\n' });
  return f.file.endsWith('.gz') ? gzipSync(Buffer.from(text, 'utf8'), { level: 9 }) : Buffer.from(text, 'utf8');
}

/**
 * `snds-sim calibrate <db> --out <dir>`: validates the options and the database (InputError naming the option on any
 * problem, before anything is written), computes the tables, writes them with calibration.json into a temporary folder
 * beside the output and renames it to the output folder when complete (an earlier calibration there is replaced).
 */
export async function calibrate(db: string, raw: RawCalibrateOptions, onNotice?: (level: 'info' | 'warn', message: string) => void): Promise<CalibrationResult> {
  const options = resolveCalibrateOptions(raw);
  // Existence and emptiness were judged above; this adds writability and another live calibration of the same folder.
  checkOutput({ out: options.out, folder: true, overwrite: true, argName: '--out' });
  const removed = removeLeftovers(options.out);
  if (removed.length > 0) onNotice?.('info', `removed what a dead run left beside ${options.out}: ${removed.join(', ')}`);
  const source = await openCalibrationSource(db);
  let computed: { files: CalibratedFile[]; report: CalibrationReport };
  try {
    computed = await computeCalibration(source, options);
  } finally {
    await source.db.close();
  }
  const out = options.out;
  // <out>.<pid>.partial: a later run removes it if this process dies before the rename.
  const tmp = partialPath(out);
  try {
    mkdirSync(tmp);
    for (const f of computed.files) writeFileSync(join(tmp, f.file), fileBytes(f));
    writeFileSync(join(tmp, CALIBRATION_FILE), `${JSON.stringify(computed.report, null, 2)}\n`);
    if (existsSync(out)) {
      const old = partialPath(`${out}.replaced`);
      renameSync(out, old);
      renameSync(tmp, out);
      rmSync(old, { recursive: true, force: true });
    } else renameSync(tmp, out);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return { out, report: computed.report };
}

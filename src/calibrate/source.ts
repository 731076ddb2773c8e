import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { InputError } from '../errors';
import { NO_DATE_SQL } from '../snds';
import { addMonths, firstOfMonth, isoDate, parseIsoDate, type Day } from '../events';
import { openOutput, parsedManifest, readPersons, type OutputPerson, type SndsReader } from '../readback';
import { readDataTable, str } from '../data';

/** A person of IR_BEN_R, with what the calibration stratifies on and the start of their observation. */
export type CalibrationPerson = OutputPerson;

/** How the period of the database was found. */
export type PeriodSource = 'SIM_RUN_MANIFEST' | 'ER_PRS_F.EXE_SOI_DTD' | 'T_MCOyyC.ENT_DAT';

/** An SNDS-shaped database opened for calibration. */
export interface CalibrationSource {
  readonly db: SndsReader;
  readonly path: string;
  /** SIM_RUN_MANIFEST (key → value, JSON values parsed), or undefined when the database has none. */
  readonly manifest: Readonly<Record<string, unknown>> | undefined;
  readonly start: Day;
  readonly end: Day;
  readonly startIso: string;
  readonly endIso: string;
  readonly periodSource: PeriodSource;
  /** Persons by BEN_NIR_PSA (first row of each pseudonym). */
  readonly persons: ReadonlyMap<string, CalibrationPerson>;
  /** IR_BEN_R rows left out: sex other than 1/2, no valid birth year or month, pseudonym seen before. */
  readonly skippedRows: number;
  /** Département codes of the persons (as in data/), sorted. */
  readonly departements: readonly string[];
  /** Tables of the database. */
  readonly tables: ReadonlySet<string>;
  /** Columns of a table (empty when the table is absent). */
  columns(table: string): ReadonlySet<string>;
}

/** Share of the median monthly volume of care below which a month at the edge of the data is left out of the period. */
const EDGE_MONTH_SHARE = 0.5;

/**
 * Opens an SNDS-shaped database read-only for `snds-sim calibrate`. The period is the simulated period of
 * SIM_RUN_MANIFEST when the database has one, else the calendar months of the care dates (ER_PRS_F.EXE_SOI_DTD,
 * else the PMSI admission dates) from the first to the last month holding at least half the median monthly volume,
 * which drops the few late-processed care lines of earlier months and the months still incomplete at extraction.
 * Throws an InputError naming `argName` when the path is missing, of no format read, or has no usable IR_BEN_R.
 */
export async function openCalibrationSource(path: string, argName = '<db>'): Promise<CalibrationSource> {
  const db = await openOutput(path, argName);
  try {
    const tables = db.tables;
    const columnCache = new Map<string, Set<string>>();
    const columns = (table: string): ReadonlySet<string> => {
      let c = columnCache.get(table);
      if (!c) {
        c = new Set(db.columns(table));
        columnCache.set(table, c);
      }
      return c;
    };
    // Checked before the period, whose messages assume an SNDS database.
    const { persons, skippedRows } = await readPersons(db, [...knownCodes()], argName);
    const manifest = tables.has('SIM_RUN_MANIFEST') ? parsedManifest(db) : undefined;
    const period = await periodOf(db, tables, columns, manifest, path, argName);
    const departements = [...new Set([...persons.values()].map((p) => p.dept))].sort();
    return { db, path, manifest, ...period, persons, skippedRows, departements, tables, columns };
  } catch (e) {
    await db.close();
    throw e;
  }
}

/** Département codes of data/departements.csv. */
function knownCodes(): Set<string> {
  const t = readDataTable('departements.csv');
  return new Set(t.rows.map((r) => str(t, r, 'code')));
}

interface Period {
  readonly start: Day;
  readonly end: Day;
  readonly startIso: string;
  readonly endIso: string;
  readonly periodSource: PeriodSource;
}

async function periodOf(
  db: SndsReader,
  tables: ReadonlySet<string>,
  columns: (t: string) => ReadonlySet<string>,
  manifest: Readonly<Record<string, unknown>> | undefined,
  path: string,
  argName: string,
): Promise<Period> {
  const options = manifest?.options as Record<string, unknown> | undefined;
  const ms = typeof options?.start === 'string' ? parseIsoDate(options.start) : undefined;
  const me = typeof options?.end === 'string' ? parseIsoDate(options.end) : undefined;
  if (ms !== undefined && me !== undefined && me >= ms) return { start: ms, end: me, startIso: isoDate(ms), endIso: isoDate(me), periodSource: 'SIM_RUN_MANIFEST' };
  const sources: [string, string, PeriodSource][] = [];
  if (columns('ER_PRS_F').has('EXE_SOI_DTD')) sources.push(['ER_PRS_F', 'EXE_SOI_DTD', 'ER_PRS_F.EXE_SOI_DTD']);
  for (const t of [...tables].filter((x) => /^T_MCO\d\dC$/.test(x)).sort()) if (columns(t).has('ENT_DAT')) sources.push([t, 'ENT_DAT', 'T_MCOyyC.ENT_DAT']);
  for (const [table, column, source] of sources) {
    const months = (
      await db.all(`SELECT substr(${column}, 1, 7) AS ym, COUNT(*) AS n FROM "${table}" WHERE ${column} GLOB '[12][0-9][0-9][0-9]-[01][0-9]-*' AND ${column} <> ${NO_DATE_SQL} GROUP BY 1 ORDER BY 1`)
    ).map((r) => ({ ym: String(r.ym), n: Number(r.n) }));
    if (months.length === 0) continue;
    const sorted = months.map((m) => m.n).sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] as number;
    const full = months.filter((m) => m.n >= EDGE_MONTH_SHARE * median);
    const first = parseIsoDate(`${(full[0] as { ym: string }).ym}-01`);
    const last = parseIsoDate(`${(full[full.length - 1] as { ym: string }).ym}-01`);
    if (first === undefined || last === undefined) continue;
    const start = firstOfMonth(first);
    const end = addMonths(last, 1) - 1;
    return { start, end, startIso: isoDate(start), endIso: isoDate(end), periodSource: source };
  }
  throw new InputError({
    path: argName,
    message: `${path}: cannot tell the period the database covers (no SIM_RUN_MANIFEST with options.start/end, no care dates in ER_PRS_F or T_MCOyyC); give an SNDS database with its care tables`,
  });
}

/** File name and size of the source database, for calibration.json. */
export function describeFile(path: string): { readonly file: string; readonly bytes: number } {
  return { file: basename(path), bytes: statSync(path).size };
}

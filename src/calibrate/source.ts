import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { openReadOnly, type SqlReader } from '../check';
import { InputError } from '../errors';
import { NO_DATE, NO_DATE_SQL } from '../snds';
import { addMonths, dayFromYmd, firstOfMonth, isoDate, parseIsoDate, type Day } from '../events';
import { deptOfResidence } from '../report';
import { readDataTable, str } from '../data';

/** A person of IR_BEN_R, with what the calibration stratifies on and the start of their observation. */
export interface CalibrationPerson {
  /** Index of the person (0 … persons − 1), in IR_BEN_R order. */
  readonly index: number;
  /** BEN_SEX_COD: 1 male, 2 female. */
  readonly sex: 1 | 2;
  /** Birth day, taken on the 15th of the month of birth (IR_BEN_R has the year and month only). */
  readonly birth: Day;
  /** Département of residence in the form of data/ ('35', '2A', '971'). */
  readonly dept: string;
  /** BEN_DCD_DTE, or undefined. */
  readonly death: Day | undefined;
  /** BEN_DTE_INS (entry into the referential), or undefined when absent. */
  readonly entry: Day | undefined;
}

/** How the period of the database was found. */
export type PeriodSource = 'SIM_RUN_MANIFEST' | 'ER_PRS_F.EXE_SOI_DTD' | 'T_MCOyyC.ENT_DAT';

/** An SNDS-shaped database opened for calibration. */
export interface CalibrationSource {
  readonly db: SqlReader;
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

/** IR_BEN_R columns without which no rate can be computed. */
const REQUIRED_BEN_COLUMNS = ['BEN_NIR_PSA', 'BEN_SEX_COD', 'BEN_NAI_ANN'];

/** Share of the median monthly volume of care below which a month at the edge of the data is left out of the period. */
const EDGE_MONTH_SHARE = 0.5;

/**
 * Opens an SNDS-shaped SQLite database read-only for `snds-sim calibrate`. The period is the simulated period of
 * SIM_RUN_MANIFEST when the database has one, else the calendar months of the care dates (ER_PRS_F.EXE_SOI_DTD,
 * else the PMSI admission dates) from the first to the last month holding at least half the median monthly volume,
 * which drops the few late-processed care lines of earlier months and the months still incomplete at extraction.
 * Throws an InputError naming `argName` when the file is missing, not SQLite, or has no usable IR_BEN_R.
 */
export function openCalibrationSource(path: string, argName = '<db>'): CalibrationSource {
  const db = openReadOnly(path, argName);
  try {
    const tables = new Set(db.all("SELECT name FROM sqlite_master WHERE type = 'table'").map((r) => String(r.name)));
    const columnCache = new Map<string, Set<string>>();
    const columns = (table: string): ReadonlySet<string> => {
      let c = columnCache.get(table);
      if (!c) {
        c = new Set(tables.has(table) ? db.all(`PRAGMA table_info("${table.replace(/"/g, '""')}")`).map((r) => String(r.name)) : []);
        columnCache.set(table, c);
      }
      return c;
    };
    if (!tables.has('IR_BEN_R')) {
      throw new InputError({ path: argName, message: `${path} has no table IR_BEN_R: not an SNDS database; give a database with the SNDS beneficiary referential (e.g. one written by snds-sim simulate)` });
    }
    const missing = REQUIRED_BEN_COLUMNS.filter((c) => !columns('IR_BEN_R').has(c));
    if (missing.length > 0) throw new InputError({ path: argName, message: `${path}: IR_BEN_R has no column ${missing.join(', ')}: not an SNDS beneficiary referential` });

    const manifest = tables.has('SIM_RUN_MANIFEST') ? readManifest(db) : undefined;
    const period = periodOf(db, tables, columns, manifest, path, argName);
    const known = [...knownCodes()];
    const deptCache = new Map<string, string>();
    const deptOf = (code: string): string => {
      let d = deptCache.get(code);
      if (d === undefined) deptCache.set(code, (d = deptOfResidence(code, known)));
      return d;
    };
    const ben = columns('IR_BEN_R');
    const col = (name: string, alias: string): string => (ben.has(name) ? `${name} AS ${alias}` : `NULL AS ${alias}`);
    const persons = new Map<string, CalibrationPerson>();
    let skippedRows = 0;
    const rows = db.all(
      `SELECT BEN_NIR_PSA AS nir, BEN_SEX_COD AS sex, BEN_NAI_ANN AS y, ${col('BEN_NAI_MOI', 'm')}, ${col('BEN_RES_DPT', 'dpt')}, ${col('BEN_DCD_DTE', 'dcd')}, ${col('BEN_DTE_INS', 'ins')} FROM IR_BEN_R`,
    );
    for (const r of rows) {
      const nir = String(r.nir);
      const sex = Number(r.sex);
      const y = Number(r.y);
      const m = Number(r.m);
      if ((sex !== 1 && sex !== 2) || !Number.isInteger(y) || y < 1800 || !(m >= 1 && m <= 12) || persons.has(nir)) {
        skippedRows += 1;
        continue;
      }
      const death = typeof r.dcd === 'string' && r.dcd !== NO_DATE ? parseIsoDate(r.dcd.slice(0, 10)) : undefined;
      const entry = typeof r.ins === 'string' && r.ins !== NO_DATE ? parseIsoDate(r.ins.slice(0, 10)) : undefined;
      persons.set(nir, { index: persons.size, sex, birth: dayFromYmd(y, m, 15), dept: deptOf(String(r.dpt ?? '')), death, entry });
    }
    const departements = [...new Set([...persons.values()].map((p) => p.dept))].sort();
    return { db, path, manifest, ...period, persons, skippedRows, departements, tables, columns };
  } catch (e) {
    db.close();
    throw e;
  }
}

/** Département codes of data/departements.csv. */
function knownCodes(): Set<string> {
  const t = readDataTable('departements.csv');
  return new Set(t.rows.map((r) => str(t, r, 'code')));
}

function readManifest(db: SqlReader): Record<string, unknown> {
  const manifest: Record<string, unknown> = {};
  for (const r of db.all('SELECT KEY AS k, VALUE AS v FROM SIM_RUN_MANIFEST ORDER BY KEY')) {
    const v = String(r.v);
    try {
      manifest[String(r.k)] = JSON.parse(v) as unknown;
    } catch {
      manifest[String(r.k)] = v;
    }
  }
  return manifest;
}

interface Period {
  readonly start: Day;
  readonly end: Day;
  readonly startIso: string;
  readonly endIso: string;
  readonly periodSource: PeriodSource;
}

function periodOf(
  db: SqlReader,
  tables: ReadonlySet<string>,
  columns: (t: string) => ReadonlySet<string>,
  manifest: Readonly<Record<string, unknown>> | undefined,
  path: string,
  argName: string,
): Period {
  const options = manifest?.options as Record<string, unknown> | undefined;
  const ms = typeof options?.start === 'string' ? parseIsoDate(options.start) : undefined;
  const me = typeof options?.end === 'string' ? parseIsoDate(options.end) : undefined;
  if (ms !== undefined && me !== undefined && me >= ms) return { start: ms, end: me, startIso: isoDate(ms), endIso: isoDate(me), periodSource: 'SIM_RUN_MANIFEST' };
  const sources: [string, string, PeriodSource][] = [];
  if (columns('ER_PRS_F').has('EXE_SOI_DTD')) sources.push(['ER_PRS_F', 'EXE_SOI_DTD', 'ER_PRS_F.EXE_SOI_DTD']);
  for (const t of [...tables].filter((x) => /^T_MCO\d\dC$/.test(x)).sort()) if (columns(t).has('ENT_DAT')) sources.push([t, 'ENT_DAT', 'T_MCOyyC.ENT_DAT']);
  for (const [table, column, source] of sources) {
    const months = db
      .all(`SELECT substr(${column}, 1, 7) AS ym, COUNT(*) AS n FROM "${table}" WHERE ${column} GLOB '[12][0-9][0-9][0-9]-[01][0-9]-*' AND ${column} <> ${NO_DATE_SQL} GROUP BY 1 ORDER BY 1`)
      .map((r) => ({ ym: String(r.ym), n: Number(r.n) }));
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

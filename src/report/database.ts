import { openReadOnly, type SqlReader } from '../check';
import { InputError } from '../errors';
import { NO_DATE } from '../snds';
import { dayFromYmd, parseIsoDate, type Day } from '../events';

/** A person of IR_BEN_R, with what the report stratifies on. */
export interface ReportPerson {
  readonly sex: 1 | 2;
  /** Birth day, taken on the 15th of the month of birth (IR_BEN_R has the year and month only). */
  readonly birth: Day;
  /** Département code as in data/ ('35', '2A', '971'). */
  readonly dept: string;
  /** Day of death, or undefined. */
  readonly death: Day | undefined;
}

/** What the report reads from an snds-sim database. */
export interface ReportDatabase {
  readonly db: SqlReader;
  readonly path: string;
  /** SIM_RUN_MANIFEST, key → value (JSON values parsed when they parse). */
  readonly manifest: Readonly<Record<string, unknown>>;
  readonly start: Day;
  readonly end: Day;
  readonly startIso: string;
  readonly endIso: string;
  readonly departements: readonly string[];
  readonly populationYear: number | undefined;
  /** Persons by BEN_NIR_PSA. */
  readonly persons: ReadonlyMap<string, ReportPerson>;
  /** Tables of the database. */
  readonly tables: ReadonlySet<string>;
}

/** Département code of IR_BEN_R.BEN_RES_DPT ('035', '02A', '971') in the form of data/ ('35', '2A', '971'). */
export function deptOfResidence(code: string, known: readonly string[]): string {
  const c = code.trim();
  for (const d of known) if (c === d || c === d.padStart(3, '0')) return d;
  return c.length === 3 && c.startsWith('0') ? c.slice(1) : c;
}

/**
 * Opens an snds-sim database read-only for the report. Throws an InputError naming `argName` when the file is
 * missing, not SQLite, or has no SIM_RUN_MANIFEST / IR_BEN_R (not an snds-sim database).
 */
export function openReportDatabase(path: string, argName = '<db>'): ReportDatabase {
  const db = openReadOnly(path, argName);
  try {
    const tables = new Set(db.all("SELECT name FROM sqlite_master WHERE type = 'table'").map((r) => String(r.name)));
    for (const t of ['SIM_RUN_MANIFEST', 'IR_BEN_R']) {
      if (!tables.has(t)) throw new InputError({ path: argName, message: `${path} has no table ${t}: not a database written by snds-sim simulate` });
    }
    const manifest: Record<string, unknown> = {};
    for (const r of db.all('SELECT KEY AS k, VALUE AS v FROM SIM_RUN_MANIFEST')) {
      const v = String(r.v);
      try {
        manifest[String(r.k)] = JSON.parse(v) as unknown;
      } catch {
        manifest[String(r.k)] = v;
      }
    }
    const options = manifest.options as Record<string, unknown> | undefined;
    const start = typeof options?.start === 'string' ? parseIsoDate(options.start) : undefined;
    const end = typeof options?.end === 'string' ? parseIsoDate(options.end) : undefined;
    if (options === undefined || start === undefined || end === undefined || end < start) {
      throw new InputError({ path: argName, message: `${path}: SIM_RUN_MANIFEST has no valid options.start/options.end: not a database written by snds-sim simulate` });
    }
    const regions = options.regions;
    const departements = (Array.isArray(regions) ? regions.map(String) : String(regions ?? '').split(',')).map((s) => s.trim()).filter((s) => s !== '');
    const persons = new Map<string, ReportPerson>();
    for (const r of db.all('SELECT BEN_NIR_PSA AS nir, BEN_SEX_COD AS sex, BEN_NAI_ANN AS y, BEN_NAI_MOI AS m, BEN_RES_DPT AS dpt, BEN_DCD_DTE AS dcd FROM IR_BEN_R')) {
      const sex = Number(r.sex);
      const y = Number(r.y);
      const m = Number(r.m);
      if ((sex !== 1 && sex !== 2) || !Number.isInteger(y) || !(m >= 1 && m <= 12)) continue;
      const death = typeof r.dcd === 'string' && r.dcd !== NO_DATE ? parseIsoDate(r.dcd) : undefined;
      persons.set(String(r.nir), { sex, birth: dayFromYmd(y, m, 15), dept: deptOfResidence(String(r.dpt ?? ''), departements), death });
    }
    const py = Number(manifest.population_source_year);
    return {
      db,
      path,
      manifest,
      start,
      end,
      startIso: options.start as string,
      endIso: options.end as string,
      departements,
      populationYear: Number.isInteger(py) ? py : undefined,
      persons,
      tables,
    };
  } catch (e) {
    db.close();
    throw e;
  }
}

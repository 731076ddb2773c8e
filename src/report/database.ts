import { InputError } from '../errors';
import { parseIsoDate, type Day } from '../events';
import { deptOfResidence, openOutput, parsedManifest, readPersons, type OutputPerson, type SndsReader } from '../readback';

export { deptOfResidence };

/** A person of IR_BEN_R, with what the report stratifies on. */
export type ReportPerson = OutputPerson;

/** What the report reads from an snds-sim database. */
export interface ReportDatabase {
  readonly db: SndsReader;
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

/**
 * Opens an snds-sim output read-only for the report. Throws an InputError naming `argName` when the path is
 * missing, of no format read, or has no SIM_RUN_MANIFEST / IR_BEN_R (not an snds-sim output).
 */
export async function openReportDatabase(path: string, argName = '<db>'): Promise<ReportDatabase> {
  const db = await openOutput(path, argName);
  try {
    const tables = db.tables;
    for (const t of ['SIM_RUN_MANIFEST', 'IR_BEN_R']) {
      if (!tables.has(t)) throw new InputError({ path: argName, message: `${path} has no table ${t}: not a database written by snds-sim simulate` });
    }
    const manifest = parsedManifest(db);
    const options = manifest.options as Record<string, unknown> | undefined;
    const start = typeof options?.start === 'string' ? parseIsoDate(options.start) : undefined;
    const end = typeof options?.end === 'string' ? parseIsoDate(options.end) : undefined;
    if (options === undefined || start === undefined || end === undefined || end < start) {
      throw new InputError({ path: argName, message: `${path}: SIM_RUN_MANIFEST has no valid options.start/options.end: not a database written by snds-sim simulate` });
    }
    const regions = options.regions;
    const departements = (Array.isArray(regions) ? regions.map(String) : String(regions ?? '').split(',')).map((s) => s.trim()).filter((s) => s !== '');
    const { persons } = await readPersons(db, departements, argName);
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
    await db.close();
    throw e;
  }
}

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runSimulation, type RunSummary } from '../../src/run';
import { resolveConfig, type RawSimulationOptions, type SimulationConfig } from '../../src/scenario';
import { DataRegistry, knownDepartements } from '../../src/world';
import { SHARED, type SharedName } from './sharedDatabases';
import { tableHashes } from './tableHashes';

/** Folders made by `tempDir` in this test file (each file has its own module registry, hence its own list). */
const made: string[] = [];

// Registered when a test file imports this helper, so at its top level: removes the file's temporary
// folders after its last test, databases and all (hooks of the file's `describe`s, which close them, run first).
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed with everything in it after the test file's last test. */
export function tempDir(prefix = 'snds-sim-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Validated configuration from CLI-like options. */
export function config(raw: RawSimulationOptions): SimulationConfig {
  return resolveConfig(raw, knownDepartements(new DataRegistry()));
}

/** Runs a simulation into a temporary SQLite file and returns its path and summary. */
export async function simulateToFile(raw: RawSimulationOptions): Promise<{ path: string; summary: RunSummary }> {
  const path = join(tempDir(), 'out.db');
  const summary = await runSimulation(config({ ...raw, out: path }));
  return { path, summary };
}

/** Options of `runSimulation` that a child process can be given (no callbacks, no data registry). */
export interface CompiledRunOptions {
  /** Worker threads; 'auto' for the CLI's default (defaultWorkersFor); runSimulation's 1 when absent. */
  readonly workers?: number | 'auto';
  readonly batchSize?: number;
  readonly shard?: { readonly index: number; readonly count: number };
}

/**
 * Runs one simulation with the compiled code (dist/) in a child process (tests/helpers/runCompiled.js):
 * the simulator runs about twice as fast there as inside jest's module sandbox, for the tests that
 * simulate several databases to compare them (determinism, workers, shards, counterfactual). With
 * `scenario: true` the options are those of `resolveScenario` (a scenario file and its overrides; the
 * output is then the scenario's unless `out` is given), otherwise those of `resolveConfig`. Throws with the child's stderr when it fails.
 */
export function simulateCompiled(raw: Record<string, unknown>, run: CompiledRunOptions = {}, scenario = false): RunSummary {
  return childJson<RunSummary>('runCompiled.js', { scenario, raw, run }, `simulation of ${JSON.stringify(raw)}`);
}

/** Runs the helper script `script` of this folder with `request` as JSON and returns what it prints, parsed; throws with its stderr when it fails. */
function childJson<T>(script: string, request: unknown, what: string): T {
  const r = spawnSync(process.execPath, [join(__dirname, script), JSON.stringify(request)], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}, ${r.signal ?? 'no signal'}):\n${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/**
 * Calls the export `name` of the compiled module `module` (a path under dist/src, e.g. 'report') with `args` in a
 * child process (tests/helpers/callCompiled.js) and returns its result through JSON: for the heavy read-back work
 * (a report, a calibration) that runs about twice as fast outside jest's module sandbox. The result is what JSON
 * keeps of it (no undefined, Map or Date: the report and the calibration report hold none).
 */
export function callCompiled<T>(module: string, name: string, ...args: unknown[]): T {
  return childJson<T>('callCompiled.js', { module, name, args }, `${module}.${name}(${JSON.stringify(args)})`);
}

/** Opens an output read-only. */
export function openDb(path: string): Database.Database {
  const db = new Database(path, { readonly: true });
  db.pragma('mmap_size = 4294967296');
  return db;
}

/** The rows of one table in storage (rowid) order, each as the JSON of its values in column order. */
export function tableRows(path: string, table: string): string[] {
  const db = openDb(path);
  try {
    return (db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).raw().all() as unknown[][]).map((r) => JSON.stringify(r));
  } finally {
    db.close();
  }
}

/**
 * Number of rows and SHA-256 of every table (or of the tables in `only`), its rows in rowid order each encoded as
 * `tableRows` does (tests/helpers/tableHashes.js: a shared database's are computed by the global setup).
 */
export { tableHashes };

/**
 * Expects the SQLite output `actual` to hold the tables of `expected`, with the same rows in the same order. The tables
 * are compared by hash; the rows of a table whose hash differs are compared too, so that a failure shows what differs.
 */
export function expectSameContents(actual: string, expected: string): void {
  const a = tableHashes(actual);
  const e = tableHashes(expected);
  for (const t of Object.keys(e)) if (a[t] !== undefined && a[t].sha256 !== e[t]?.sha256) expect({ [t]: tableRows(actual, t) }).toEqual({ [t]: tableRows(expected, t) });
  expect(a).toEqual(e);
}

/**
 * Path of a database simulated once for the whole run by tests/globalSetup.js; see
 * tests/helpers/sharedDatabases.js for what each holds and which files read it. Read-only: copy it
 * before changing it.
 */
export function sharedDatabase(name: SharedName): string {
  const { env } = SHARED[name];
  const p = process.env[env];
  if (!p) throw new Error(`${env} is not set: run the tests with jest (tests/globalSetup.js simulates the shared databases)`);
  return p;
}

/**
 * The database shared by the care-pathway tests: 2019, 20 000 persons of Ille-et-Vilaine, seed 7,
 * simulated once by tests/globalSetup.js.
 */
export function careDatabase(): string {
  return sharedDatabase('care');
}

/** The shared care database, opened for the enclosing `describe` (closed after it). */
export interface CareDatabase {
  /** The open database (throws before the `describe`'s beforeAll ran). */
  readonly db: Database.Database;
  /** First row of a query. */
  one<T>(sql: string): T;
  /**
   * Keeps the rows of `select` in a temporary table `name`, made in a `beforeAll` of the enclosing `describe` (after the
   * database opens), and returns the name: analysts extract the lines they study once (sndsTools writes such an
   * extraction), then count on it, instead of scanning ER_PRS_F's 1.9 million lines for every figure.
   */
  extract(name: string, select: string): string;
}

/** Opens the shared care database in a `beforeAll` of the enclosing `describe` and closes it in its `afterAll`. */
export function useCareDatabase(): CareDatabase {
  let open: Database.Database | undefined;
  beforeAll(() => {
    open = openDb(careDatabase());
  });
  afterAll(() => open?.close());
  const care: CareDatabase = {
    get db(): Database.Database {
      if (!open) throw new Error('the care database is opened in beforeAll: use it inside a test');
      return open;
    },
    one: <T>(sql: string): T => care.db.prepare(sql).get() as T,
    extract: (name, select) => {
      beforeAll(() => {
        care.db.pragma('temp_store = MEMORY');
        care.db.exec(`CREATE TEMP TABLE ${name} AS ${select}`);
      });
      return name;
    },
  };
  return care;
}

/** The nine DCIR keys joining ER_PRS_F to its detail tables (ER_PHA_F, ER_CAM_F, ER_BIO_F, ER_ETE_F, ER_UCD_F). */
export const DCIR_NINE_KEYS = 'FLX_DIS_DTD, FLX_TRT_DTD, FLX_EMT_TYP, FLX_EMT_NUM, FLX_EMT_ORD, ORG_CLE_NUM, DCT_ORD_NUM, PRS_ORD_NUM, REM_TYP_AFF';

/**
 * The ER_PRS_F lines of the care itself, as analysts filter them (texture realistic writes the rest): no
 * information line (DPN_QLF 71), no supplement (CPL_MAJ_TOP 2), no outpatient care billed directly by a public
 * hospital (ER_ETE_F.ETE_IND_TAA 1, counted in the PMSI). Regularisations stay: count prestations with
 * SUM(PRS_ACT_QTE), so that a cancellation nets its line; check line amounts on PRS_ACT_QTE > 0.
 */
export const CARE_LINES = `(SELECT p.* FROM ER_PRS_F p LEFT JOIN ER_ETE_F e USING (${DCIR_NINE_KEYS})
  WHERE p.DPN_QLF <> 71 AND p.PRS_DPN_QLP <> 71 AND p.CPL_MAJ_TOP < 2 AND (e.ETE_IND_TAA IS NULL OR e.ETE_IND_TAA <> 1))`;


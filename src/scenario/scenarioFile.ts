import { existsSync, readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { InputError, type InputProblem } from '../errors';
import { ajvProblems } from './problems';
import type { ModuleEntry } from './modules/load';
import type { Intervention } from './modules/types';
import { RATE_PROCESSES, SCENARIO_SCHEMA, type RateProcess, type Texture } from './schema';

/** A rate multiplier for one process, optionally restricted to a sex, an age range and départements. */
export interface RateModifier {
  readonly process: RateProcess;
  readonly multiplier: number;
  readonly sex?: 1 | 2;
  readonly ageMin?: number;
  readonly ageMax?: number;
  readonly departements?: readonly string[];
}

/** The content of a scenario file after structural validation. */
export interface ScenarioFile {
  readonly name?: string;
  readonly description?: string;
  readonly regions?: string | readonly string[];
  readonly population?: number | null;
  readonly seed?: number;
  readonly start?: string;
  readonly end?: string;
  readonly output?: string;
  /** Output format; by default told from `output` (`.db` SQLite, `.duckdb` DuckDB, a folder `…/` Parquet). */
  readonly format?: 'sqlite' | 'duckdb' | 'parquet';
  readonly workers?: number;
  /** Folder of data tables replacing those of `data/` (relative to the scenario file). */
  readonly tables?: string;
  /** Pathway modules: shipped names, module file paths (relative to the scenario file) or inline modules; absent = every shipped module. */
  readonly modules?: readonly ModuleEntry[];
  readonly interventions?: readonly Intervention[];
  readonly counterfactual?: boolean;
  /** Administrative artefacts of the real SNDS written (`realistic`, default) or not (`clean`). */
  readonly texture?: Texture;
  readonly rates?: readonly (RateModifier & { readonly note?: string })[];
}

let compiled: ValidateFunction<ScenarioFile> | undefined;
/** The schema's validator, compiled on first use: a process or worker thread that reads no scenario file does not pay for it. */
function scenarioValidator(): ValidateFunction<ScenarioFile> {
  // verbose: errors carry their schema, to list the allowed keys of an object.
  compiled ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true }).compile<ScenarioFile>(SCENARIO_SCHEMA);
  return compiled;
}

/**
 * Reads a scenario file (JSON, or YAML for .yaml/.yml) and checks its structure, reporting every
 * problem with its path. Semantic checks (known départements, dates in order…) come later, in
 * `resolveConfig`.
 */
export function readScenarioFile(path: string): ScenarioFile {
  if (!existsSync(path)) throw new InputError({ path: '--scenario', message: `file ${path} does not exist` });
  const text = readFileSync(path, 'utf8');
  // Empty, blank or comment-only: YAML reads it as null and the schema would only say "expected object, got null".
  const yaml = /\.ya?ml$/i.test(path);
  const empty = (): InputError =>
    new InputError({ path: '--scenario', message: `file ${path} is empty: write the scenario's keys in it (e.g. regions: ["35"], population: 10000, start: "2019-01-01", end: "2019-12-31"), or leave out --scenario` });
  if (text.trim() === '') throw empty();
  let data: unknown;
  try {
    data = yaml ? (parseYaml(text) as unknown) : (JSON.parse(text) as unknown);
  } catch (e) {
    throw new InputError({ path: '--scenario', message: `${path} is not valid ${yaml ? 'YAML' : 'JSON'}: ${(e as Error).message}` });
  }
  if (data === null || data === undefined) throw empty();
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new InputError({ path: '--scenario', message: `${path} holds ${Array.isArray(data) ? 'a list' : `the single value ${JSON.stringify(data)}`}: a scenario is a set of keys (e.g. regions: ["35"], population: 10000)` });
  }
  const validate = scenarioValidator();
  if (!validate(data)) {
    throw new InputError(ajvProblems(validate.errors ?? [], data));
  }
  const problems: InputProblem[] = [];
  (data.rates ?? []).forEach((r, i) => {
    if (r.ageMin !== undefined && r.ageMax !== undefined && r.ageMax < r.ageMin) problems.push({ path: `rates[${i}].ageMax`, message: `must be ≥ ageMin (${r.ageMin}), got ${r.ageMax}` });
  });
  if (problems.length > 0) throw new InputError(problems);
  return data;
}

export { RATE_PROCESSES };

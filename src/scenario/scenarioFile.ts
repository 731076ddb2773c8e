import { existsSync, readFileSync } from 'node:fs';
import Ajv, { type ErrorObject } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { InputError, type InputProblem } from '../errors';
import { RATE_PROCESSES, SCENARIO_SCHEMA, type RateProcess } from './schema';

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
  readonly workers?: number;
  /** Folder of data tables replacing those of `data/` (relative to the scenario file). */
  readonly tables?: string;
  readonly rates?: readonly (RateModifier & { readonly note?: string })[];
}

// verbose: errors carry their schema, to list the allowed keys of an object.
const ajv = new Ajv({ allErrors: true, strict: true, verbose: true });
const validate = ajv.compile<ScenarioFile>(SCENARIO_SCHEMA);

/** `/rates/0/multiplier` → `rates[0].multiplier`. */
export function jsonPathToDotted(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc === '' ? part : `${acc}.${part}`), '');
}

function valueAt(data: unknown, pointer: string): unknown {
  let v: unknown = data;
  for (const part of pointer.split('/').slice(1)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** One readable problem per Ajv error, with the path of the field and the expected value. */
function describe(e: ErrorObject, data: unknown): InputProblem | undefined {
  const path = jsonPathToDotted(e.instancePath);
  const at = (p: string): string => (path === '' ? p : `${path}.${p}`);
  const got = JSON.stringify(valueAt(data, e.instancePath));
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const parentSchema = e.parentSchema as { properties?: Record<string, unknown> } | undefined;
      const allowed = Object.keys(parentSchema?.properties ?? {}).join(', ');
      return { path: at(key), message: `unknown key; expected one of ${allowed}` };
    }
    case 'required':
      return { path: at((e.params as { missingProperty: string }).missingProperty), message: 'is required' };
    case 'type':
      return { path: path || '(file)', message: `expected ${(e.params as { type: string }).type}, got ${got}` };
    case 'enum':
      return {
        path,
        message: `expected one of ${((e.params as { allowedValues: unknown[] }).allowedValues).map((v) => JSON.stringify(v)).join(', ')}, got ${got}`,
      };
    case 'minimum':
    case 'maximum':
      return { path, message: `expected a value ${e.keyword === 'minimum' ? '≥' : '≤'} ${(e.params as { limit: number }).limit}, got ${got}` };
    case 'pattern':
      return { path, message: `expected a date YYYY-MM-DD, got ${got}` };
    case 'minItems':
    case 'minLength':
      return { path, message: `must not be empty` };
    case 'anyOf':
      return undefined; // the branch errors say more
    default:
      return { path: path || '(file)', message: `${e.message ?? 'is invalid'} (got ${got})` };
  }
}

/**
 * Reads a scenario file (JSON, or YAML for .yaml/.yml) and checks its structure, reporting every
 * problem with its path. Semantic checks (known départements, dates in order…) come later, in
 * `resolveConfig`.
 */
export function readScenarioFile(path: string): ScenarioFile {
  if (!existsSync(path)) throw new InputError({ path: '--scenario', message: `file ${path} does not exist` });
  const text = readFileSync(path, 'utf8');
  let data: unknown;
  try {
    data = /\.ya?ml$/i.test(path) ? (parseYaml(text) as unknown) : (JSON.parse(text) as unknown);
  } catch (e) {
    throw new InputError({ path: '--scenario', message: `${path} is not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'}: ${(e as Error).message}` });
  }
  if (!validate(data)) {
    const problems = (validate.errors ?? []).map((e) => describe(e, data)).filter((p): p is InputProblem => p !== undefined);
    // The same field can fail several branches of an anyOf: keep one message per path.
    const seen = new Set<string>();
    throw new InputError(problems.filter((p) => (seen.has(p.path) ? false : (seen.add(p.path), true))));
  }
  const problems: InputProblem[] = [];
  (data.rates ?? []).forEach((r, i) => {
    if (r.ageMin !== undefined && r.ageMax !== undefined && r.ageMax < r.ageMin) problems.push({ path: `rates[${i}].ageMax`, message: `must be ≥ ageMin (${r.ageMin}), got ${r.ageMax}` });
  });
  if (problems.length > 0) throw new InputError(problems);
  return data;
}

export { RATE_PROCESSES };

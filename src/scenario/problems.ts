import type { ErrorObject } from 'ajv';
import type { InputProblem } from '../errors';
import { nearestKey } from './suggest';

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

/**
 * What a schema pattern asks for, in words: the same message shape serves the scenario's dates and the
 * modules' codes, so a mistyped ICD-10 code must not be told to be a date.
 */
function patternName(pattern: string): string {
  if (pattern === '^\\d{4}-\\d{2}-\\d{2}$') return 'a date YYYY-MM-DD';
  if (pattern.startsWith('^[A-Z][0-9]{2}')) return `an ICD-10 code such as K25 or I214${pattern.includes('(-') ? ', or a range such as K20-K31' : ''}`;
  if (pattern === '^[A-Z][0-9A-Z]{0,6}$') return 'an ATC code or prefix such as M01A';
  if (pattern === '^[A-Z]{4}[0-9]{3}$') return 'a CCAM code such as ZBQK002';
  if (pattern === '^[a-z0-9][a-z0-9-]*$') return 'a name of lower-case letters, digits and dashes';
  return `text matching ${pattern}`;
}

/** One readable problem per Ajv error, with the path of the field and the expected value. */
function describe(e: ErrorObject, data: unknown, prefix: string): InputProblem | undefined {
  const inner = jsonPathToDotted(e.instancePath);
  const path = prefix === '' ? inner : inner === '' ? prefix : /^\[/.test(inner) ? `${prefix}${inner}` : `${prefix}.${inner}`;
  const at = (p: string): string => (path === '' ? p : `${path}.${p}`);
  const got = JSON.stringify(valueAt(data, e.instancePath));
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const parentSchema = e.parentSchema as { properties?: Record<string, unknown> } | undefined;
      const allowed = Object.keys(parentSchema?.properties ?? {});
      // The keys of every object of the schema are known, at any depth: suggest the nearest, as for a mistyped flag.
      const near = nearestKey(key, allowed);
      return { path: at(key), message: `unknown key; ${near === undefined ? '' : `did you mean "${near}"? `}expected one of ${allowed.join(', ')}` };
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
      return { path, message: `expected ${patternName((e.params as { pattern: string }).pattern)}, got ${got}` };
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
 * One readable problem per Ajv error (path of the field, expected value), one per path; `prefix` is
 * put before every path (`modules[2]` for a module read from its own file).
 */
export function ajvProblems(errors: readonly ErrorObject[], data: unknown, prefix = ''): InputProblem[] {
  const problems = errors.map((e) => describe(e, data, prefix)).filter((p): p is InputProblem => p !== undefined);
  // The same field can fail several branches of an anyOf: keep one message per path.
  const seen = new Set<string>();
  return problems.filter((p) => (seen.has(p.path) ? false : (seen.add(p.path), true)));
}

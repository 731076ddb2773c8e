import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { daysInMonth, isoDate, parseIsoDate, type Day } from '../events';
import { InputError, type InputProblem } from '../errors';
import type { RateModifier } from './scenarioFile';
import { DEFAULT_DAYS_PER_BOX, type Intervention, type PathwayModule } from './modules/types';
import { loadModules } from './modules/load';
import { DEFAULTS, TEXTURES, type Texture } from './defaults';

/** Latest end date relative to the start: the person-id scheme supports three generations. */
export const MAX_YEARS = 40;
/** Largest population at the start: ids of persons alive at the start stay below NEWBORN_BASE. */
export const MAX_POPULATION = 99_999_999;

/** A validated, frozen simulation configuration, passed down explicitly (no global config). */
export interface SimulationConfig {
  /** Département codes, in the order given (`35`, `2A`, `971`). */
  readonly regions: readonly string[];
  /** Persons alive at the start; null = the real population of the départements. */
  readonly population: number | null;
  readonly seed: number;
  readonly start: Day;
  readonly end: Day;
  readonly out: string;
  /** Scenario name ('' when none). */
  readonly name: string;
  /** Rate multipliers by process and stratum, applied on top of the data's rates. */
  readonly rates: readonly RateModifier[];
  /** Folder whose data tables replace those of `data/` (same file names), or undefined. */
  readonly tables?: string | undefined;
  /** Disease pathway modules (validated): by default every shipped module (scenarios/modules). */
  readonly modules?: readonly PathwayModule[] | undefined;
  /** Exposure–outcome effects injected in the run. */
  readonly interventions?: readonly Intervention[] | undefined;
  /** Counterfactual run: the interventions' exposures are tracked but have no effect. */
  readonly counterfactual?: boolean | undefined;
  /**
   * `realistic` (default) or `clean`: whether the administrative artefacts of the real SNDS that
   * analysts filter out are to be written. Recorded in the run manifest and SIM_TRUTH_PARAMETERS; in
   * this version no artefact is written yet, so both give the same care tables.
   */
  readonly texture?: Texture | undefined;
}

/** What a user may give (CLI flags or, later, a scenario file), before validation. */
export interface RawSimulationOptions {
  readonly region?: string | readonly string[] | undefined;
  readonly population?: string | number | undefined;
  readonly seed?: string | number | undefined;
  readonly start?: string | undefined;
  readonly end?: string | undefined;
  readonly out?: string | undefined;
  readonly name?: string | undefined;
  readonly rates?: readonly RateModifier[] | undefined;
  /** Folder of replacement data tables (absolute, or relative to the working folder). */
  readonly tables?: string | undefined;
  readonly modules?: readonly PathwayModule[] | undefined;
  readonly interventions?: readonly Intervention[] | undefined;
  readonly counterfactual?: boolean | undefined;
  readonly texture?: string | undefined;
  /** Problems found while reading parts of the scenario (modules…), reported with the others. */
  readonly problems?: readonly InputProblem[] | undefined;
}

/** Options that can come from the CLI or a scenario file. */
export type OptionName = 'region' | 'population' | 'seed' | 'start' | 'end' | 'out';

/** Names of the options in messages when they come from the command line. */
export const CLI_PATHS: Readonly<Record<OptionName, string>> = {
  region: '--region',
  population: '--population',
  seed: '--seed',
  start: '--start',
  end: '--end',
  out: '--out',
};

/** Names of the options in messages when they come from a scenario file. */
export const FILE_PATHS: Readonly<Record<OptionName, string>> = {
  region: 'regions',
  population: 'population',
  seed: 'seed',
  start: 'start',
  end: 'end',
  out: 'output',
};

export { DEFAULTS };

function parseInteger(v: string | number): number | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : undefined;
  return /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : undefined;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * Why `text` is not a date: a wrong format, or a well-formed date that does not exist (2019-02-30,
 * 2019-13-01) — the second needs another fix than the first, so it is said apart.
 */
export function dateProblem(text: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return `expected a date YYYY-MM-DD, got ${JSON.stringify(text)}`;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12) return `the date ${text} does not exist: there is no month ${m[2]}; give a month from 01 to 12 (YYYY-MM-DD)`;
  const days = daysInMonth(year, month);
  return `the day ${text} does not exist: ${MONTHS[month - 1] as string} ${year} has ${days} days; give a day from 01 to ${days}`;
}

/**
 * Validates every option at once and returns the frozen configuration, or throws an InputError
 * listing each problem with the option it concerns and the fix.
 *
 * @param known département codes present in the data (code → name)
 * @param paths names to use for the options in messages (CLI flags by default)
 */
export function resolveConfig(
  raw: RawSimulationOptions,
  known: ReadonlyMap<string, string>,
  paths: Readonly<Record<OptionName, string>> = CLI_PATHS,
): SimulationConfig {
  const problems: InputProblem[] = [];

  const regionInput = raw.region ?? DEFAULTS.region;
  const codes = (Array.isArray(regionInput) ? regionInput : String(regionInput).split(','))
    .map((c: string) => c.trim().toUpperCase())
    .map((c: string) => (/^\d$/.test(c) ? `0${c}` : c));
  const regions: string[] = [];
  if (codes.length === 0 || codes.some((c: string) => c === '')) {
    problems.push({ path: paths.region, message: 'expected département codes separated by commas, e.g. 35 or 22,29,35,56' });
  }
  for (const c of codes) {
    if (c === '') continue;
    if (!known.has(c)) {
      problems.push({ path: paths.region, message: `unknown département "${c}": use an INSEE département code such as 35, 2A or 971` });
    } else if (regions.includes(c)) {
      problems.push({ path: paths.region, message: `département "${c}" is given twice` });
    } else regions.push(c);
  }

  let population: number | null = null;
  if (raw.population !== undefined) {
    const n = parseInteger(raw.population);
    if (n === undefined || n <= 0 || n > MAX_POPULATION) {
      problems.push({ path: paths.population, message: `expected a whole number of persons between 1 and ${MAX_POPULATION}, got ${JSON.stringify(raw.population)}` });
    } else population = n;
  }

  let seed: number = DEFAULTS.seed;
  if (raw.seed !== undefined) {
    const s = parseInteger(raw.seed);
    if (s === undefined || s < 0 || s > 0xffffffff) {
      problems.push({ path: paths.seed, message: `expected a whole number between 0 and 4294967295, got ${JSON.stringify(raw.seed)}` });
    } else seed = s;
  }

  const startText = raw.start ?? DEFAULTS.start;
  const endText = raw.end ?? DEFAULTS.end;
  const start = parseIsoDate(startText);
  const end = parseIsoDate(endText);
  if (start === undefined) problems.push({ path: paths.start, message: dateProblem(startText) });
  if (end === undefined) problems.push({ path: paths.end, message: dateProblem(endText) });
  if (start !== undefined && end !== undefined) {
    if (end < start) {
      problems.push({ path: paths.end, message: `the end date ${endText} is before the start date ${startText}: give an end on or after the start` });
    } else if (end - start > MAX_YEARS * 366) {
      problems.push({ path: paths.end, message: `the period is longer than ${MAX_YEARS} years: shorten it` });
    }
  }

  const out = raw.out ?? `snds-${regions.join('-') || 'out'}.db`;
  if (out.trim() === '') problems.push({ path: paths.out, message: 'expected a file name, e.g. snds-35.db' });
  else if (!existsSync(dirname(resolve(out)))) problems.push({ path: paths.out, message: `the folder ${dirname(resolve(out))} does not exist: create it or choose another path` });

  const rates = raw.rates ?? [];
  rates.forEach((r, i) =>
    (r.departements ?? []).forEach((d, k) => {
      if (!known.has(d)) problems.push({ path: `rates[${i}].departements[${k}]`, message: `unknown département "${d}": use an INSEE département code such as 35, 2A or 971` });
    }),
  );

  problems.push(...(raw.problems ?? []));
  const names = new Set<string>();
  (raw.interventions ?? []).forEach((x, i) => {
    if (names.has(x.name)) problems.push({ path: `interventions[${i}].name`, message: `intervention "${x.name}" is given twice` });
    names.add(x.name);
  });

  let tables: string | undefined;
  if (raw.tables !== undefined) {
    tables = resolve(raw.tables);
    if (!existsSync(tables)) problems.push({ path: 'tables', message: `the folder ${tables} does not exist: give the folder written by \`snds-sim calibrate\`` });
  }

  const texture = (raw.texture ?? 'realistic') as Texture;
  if (!TEXTURES.includes(texture)) {
    problems.push({ path: 'texture', message: `expected ${TEXTURES.join(' or ')}, got ${JSON.stringify(raw.texture)}` });
  }

  if (problems.length > 0) throw new InputError(problems);
  // The order the départements are given in does not change the output.
  regions.sort();
  return Object.freeze({
    regions: Object.freeze(regions),
    population,
    seed,
    start: start as Day,
    end: end as Day,
    out,
    name: raw.name ?? '',
    rates: Object.freeze(rates.map((r) => Object.freeze({ ...r }))),
    ...(tables !== undefined ? { tables } : {}),
    // Sorted by name: the order the modules are listed in does not change the output.
    modules: Object.freeze([...(raw.modules ?? loadModules(undefined, process.cwd()).modules)].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))),
    interventions: Object.freeze([...(raw.interventions ?? [])]),
    counterfactual: raw.counterfactual ?? false,
    texture,
  });
}

/** Options as text, for the run manifest. */
export function describeConfig(c: SimulationConfig): Record<string, unknown> {
  return {
    name: c.name,
    regions: c.regions.join(','),
    population: c.population,
    seed: c.seed,
    start: isoDate(c.start),
    end: isoDate(c.end),
    rates: c.rates,
    ...(c.tables !== undefined ? { tables: c.tables } : {}),
    modules: (c.modules ?? []).map((m) => m.name),
    interventions: (c.interventions ?? []).map((x) => ({ ...x, exposure: { ...x.exposure, daysPerBox: x.exposure.daysPerBox ?? DEFAULT_DAYS_PER_BOX } })),
    counterfactual: c.counterfactual ?? false,
    texture: c.texture ?? 'realistic',
  };
}

import { dirname, resolve as resolvePath } from 'node:path';
import { CLI_PATHS, FILE_PATHS, resolveConfig, type OptionName, type RawSimulationOptions, type SimulationConfig } from './config';
import { readScenarioFile, type ScenarioFile } from './scenarioFile';
import { loadModules } from './modules/load';
import { checkCodes } from './modules/codes';
import { DataRegistry } from '../data';

/** Command-line values (undefined when the flag was not given). */
export interface CliOptions {
  readonly scenario?: string | undefined;
  readonly region?: string | undefined;
  readonly population?: string | undefined;
  readonly seed?: string | undefined;
  readonly start?: string | undefined;
  readonly end?: string | undefined;
  readonly out?: string | undefined;
  /** `--counterfactual`: run the scenario with its interventions' effects switched off. */
  readonly counterfactual?: boolean | undefined;
  /** `--texture realistic|clean`. */
  readonly texture?: string | undefined;
}

/**
 * The configuration of a run from an optional scenario file and the command-line flags, flags
 * overriding the file; every problem is reported with the flag or the file path it concerns.
 * Also returns the data registry the modules' codes were checked against (the scenario's `tables`
 * folder over `data/`): give it to the run so that these tables are not read twice.
 */
export function resolveScenario(cli: CliOptions, known: ReadonlyMap<string, string>): { config: SimulationConfig; file: ScenarioFile | undefined; data: DataRegistry } {
  const file = cli.scenario !== undefined ? readScenarioFile(cli.scenario) : undefined;
  const baseDir = cli.scenario !== undefined ? dirname(resolvePath(cli.scenario)) : process.cwd();
  const tables = file?.tables === undefined || cli.scenario === undefined ? undefined : resolvePath(baseDir, file.tables);
  const data = new DataRegistry(tables);
  const { modules, problems } = loadModules(file?.modules, baseDir);
  problems.push(...checkCodes(modules, file?.interventions ?? [], data));
  const paths: Record<OptionName, string> = { ...CLI_PATHS };
  const pick = <K extends OptionName>(k: K, fromCli: string | undefined, fromFile: unknown): string | number | readonly string[] | undefined => {
    if (fromCli !== undefined) return fromCli;
    if (fromFile !== undefined && fromFile !== null) {
      paths[k] = FILE_PATHS[k];
      return fromFile as string | number | readonly string[];
    }
    return undefined;
  };
  const raw: RawSimulationOptions = {
    region: pick('region', cli.region, file?.regions) as string | readonly string[] | undefined,
    population: pick('population', cli.population, file?.population) as string | number | undefined,
    seed: pick('seed', cli.seed, file?.seed) as string | number | undefined,
    start: pick('start', cli.start, file?.start) as string | undefined,
    end: pick('end', cli.end, file?.end) as string | undefined,
    out: pick('out', cli.out, file?.output) as string | undefined,
    name: file?.name,
    rates: file?.rates?.map(({ note: _note, ...r }) => r),
    modules,
    interventions: file?.interventions,
    counterfactual: cli.counterfactual === true ? true : file?.counterfactual,
    texture: cli.texture ?? file?.texture,
    problems,
    tables,
  };
  return { config: resolveConfig(raw, known, paths), file, data };
}

export { resolveConfig, describeConfig, DEFAULTS, MAX_YEARS, MAX_POPULATION, CLI_PATHS, FILE_PATHS } from './config';
export type { SimulationConfig, RawSimulationOptions, OptionName } from './config';
export { readScenarioFile, RATE_PROCESSES } from './scenarioFile';
export { jsonPathToDotted, ajvProblems } from './problems';
export type { RateModifier, ScenarioFile } from './scenarioFile';
export type { RateProcess } from './schema';
export { resolveScenario } from './resolve';
export type { CliOptions } from './resolve';

export { resolveConfig, describeConfig, DEFAULTS, MAX_YEARS, MAX_POPULATION } from './config';
export type { SimulationConfig, RawSimulationOptions } from './config';

/** Pathway modules and interventions compiled for the engine. */
export { Pathways } from './Pathways';
export { CompiledModule, CompiledIntervention } from './compiled';
export type { CompiledState, PathwayStep } from './compiled';

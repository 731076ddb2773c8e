/**
 * The defaults of a simulation that the command line shows in its help, in a module of their own: the help and
 * the usage errors need them without loading the scenario validation (its JSON schemas, the modules shipped).
 */

/** Defaults of the `simulate` command. */
export const DEFAULTS = { region: '35', seed: 1, start: '2019-01-01', end: '2019-12-31' } as const;

/** Administrative textures of the output (see SimulationConfig.texture). */
export const TEXTURES = ['realistic', 'clean'] as const;
export type Texture = (typeof TEXTURES)[number];

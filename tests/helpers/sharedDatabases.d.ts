/** Types of tests/helpers/sharedDatabases.js (plain CommonJS, read by the global setup outside the TypeScript transform). */

/** One database simulated once per `jest` run, from options `O`. */
export interface SharedDatabase<O> {
  /** Environment variable holding its path (preset it to reuse a file). */
  readonly env: string;
  /** File name in the shared folder. */
  readonly file: string;
  /** Options of `resolveConfig` (care, small) or `resolveScenario` (pharmacoepi). */
  readonly options: Readonly<O>;
  /** Options of `runSimulation` the readers rely on (workers, batch size). */
  readonly run: { readonly workers?: number; readonly batchSize?: number };
  /** Whether the setup writes its table hashes beside it (tests/helpers/tableHashes.js). */
  readonly hashes?: boolean;
}

/** Options of `resolveConfig` for a database of one département and one year. */
export interface RegionOptions {
  region: string;
  population: number;
  seed: number;
  start: string;
  end: string;
  texture?: 'realistic' | 'clean';
}

export declare const SHARED: {
  readonly care: SharedDatabase<RegionOptions>;
  readonly small: SharedDatabase<RegionOptions>;
  readonly smallClean: SharedDatabase<RegionOptions>;
  /** Command-line options added to the scenario written by `writePharmacoepiSmall`. */
  readonly pharmacoepi: SharedDatabase<{ population: string; seed: string }>;
};

/** Names of the shared databases. */
export type SharedName = keyof typeof SHARED;

/** Writes the small pharmacoepidemiology scenario (hazard ratio 5.0) into `dir`; returns its path. */
export declare function writePharmacoepiSmall(dir: string): string;

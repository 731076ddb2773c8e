/**
 * The databases that several test files read, simulated once per `jest` run by tests/globalSetup.js
 * (removed by tests/globalTeardown.js). Building a world costs seconds whatever the population, so a
 * file that only needs "some simulated database" reads one of these instead of simulating its own.
 *
 * Each is found through an environment variable; setting it before `jest` reuses an existing file
 * (which the teardown then leaves alone), e.g. SNDS_SIM_CARE_DB=/path/care.db npx jest tests/care.
 *
 * Plain CommonJS: the global setup runs in jest's parent process, outside the TypeScript transform.
 */
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const REPO = join(__dirname, '..', '..');

/**
 * The shared databases. `options` are those of `resolveConfig` (care, small) or `resolveScenario`
 * (pharmacoepi, with the scenario file written by `writePharmacoepiSmall`); `run` the options of
 * `runSimulation` that the readers rely on; `hashes` for those whose table hashes tests compare
 * (tests/helpers/tableHashes.js: computed by the setup, beside the database).
 */
const SHARED = {
  /**
   * 2019, 20 000 persons of Ille-et-Vilaine, seed 7: the population the statistical assertions need.
   * Read by tests/care, tests/pathways/realism, tests/report, tests/calibrate, tests/integration/simulate.
   * In one thread, at the normal priority (`longest`), while the other databases are simulated at a lower one on
   * the other core: the setup then takes about as long as this database alone.
   */
  care: {
    env: 'SNDS_SIM_CARE_DB',
    file: 'care.db',
    longest: true,
    options: { region: '35', population: 20000, seed: 7, start: '2019-01-01', end: '2019-12-31' },
    run: { workers: 1 },
  },
  /**
   * 2019, 700 persons of Ille-et-Vilaine, seed 5, simulated in one thread by batches of 300 persons:
   * the first of the two batch sizes of tests/integration/determinism, the clean database that
   * tests/check breaks, the single-machine content of the CLI shard test, the database of the report
   * CLI and browser tests and of tests/identity, and the realistic twin of smallClean (tests/care/artefacts,
   * tests/care/ace). tests/integration/scale and formats simulate smaller populations of their own.
   */
  small: {
    env: 'SNDS_SIM_SMALL_DB',
    file: 'small.db',
    options: { region: '35', population: 700, seed: 5, start: '2019-01-01', end: '2019-12-31' },
    run: { workers: 1, batchSize: 300 },
    hashes: true,
  },
  /**
   * The same options as `small` with `--texture clean` (no administrative artefact): the clean twin that
   * tests/care/artefacts and tests/care/ace compare the realistic small database with.
   */
  smallClean: {
    env: 'SNDS_SIM_SMALL_CLEAN_DB',
    file: 'small-clean.db',
    options: { region: '35', population: 700, seed: 5, start: '2019-01-01', end: '2019-12-31', texture: 'clean' },
    run: { workers: 1, batchSize: 300 },
  },
  /**
   * The pharmacoepidemiology example (every shipped module, the NSAID intervention, 2019–2021) with
   * 1 500 persons, seed 11 and a hazard ratio of 5.0 so that a few persons get caused stays: the
   * factual run of tests/pathways/counterfactual and the run whose tables tests/golden pins.
   */
  pharmacoepi: {
    env: 'SNDS_SIM_PHARMACOEPI_DB',
    file: 'pharmacoepi.db',
    options: { population: '1500', seed: '11' },
    run: {},
    hashes: true,
  },
};

/**
 * Writes the small pharmacoepidemiology scenario into `dir` and returns its path: the shipped example
 * with hazardRatio 5.0 instead of 2.0 (a stronger effect, so that 1 500 persons get some caused stays).
 */
function writePharmacoepiSmall(dir) {
  const shipped = readFileSync(join(REPO, 'scenarios', 'pharmacoepi-nsaid.yaml'), 'utf8');
  if (!shipped.includes('hazardRatio: 2.0')) throw new Error('the example scenario no longer declares hazardRatio: 2.0');
  const path = join(dir, 'pharmacoepi-small.yaml');
  writeFileSync(path, shipped.replace('hazardRatio: 2.0', 'hazardRatio: 5.0'));
  return path;
}

module.exports = { SHARED, writePharmacoepiSmall };

/**
 * Simulates once, before the test files run, the database that the care-pathway tests query: one
 * year (2019) of 20 000 persons of Ille-et-Vilaine, seed 7. Uses the compiled code (`npm test`
 * builds it first) with worker threads.
 */
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

module.exports = async function globalSetup() {
  if (process.env.SNDS_SIM_CARE_DB) return;
  const { runSimulation, defaultWorkers } = require('../dist/src/run');
  const { resolveConfig } = require('../dist/src/scenario');
  const { DataRegistry, knownDepartements } = require('../dist/src/world');
  const out = join(mkdtempSync(join(tmpdir(), 'snds-sim-care-')), 'care.db');
  const config = resolveConfig({ region: '35', population: 20000, seed: 7, start: '2019-01-01', end: '2019-12-31', out }, knownDepartements(new DataRegistry()));
  await runSimulation(config, { workers: defaultWorkers() });
  process.env.SNDS_SIM_CARE_DB = out;
};

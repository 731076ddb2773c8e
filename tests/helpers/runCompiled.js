/**
 * Child process of `simulateCompiled` (tests/helpers/simulate.ts): runs one simulation with the
 * compiled code (dist/, which tests/globalSetup.js checks is up to date), outside jest's module
 * sandbox, where the simulator runs about twice as fast. Argument: JSON
 * { scenario: boolean, raw: options of resolveScenario or resolveConfig, run: options of runSimulation, with
 * workers 'auto' for the CLI's default, hashes: true to write the output's table hashes beside it (tableHashes.js) };
 * prints the run summary as JSON.
 */
const { defaultWorkersFor, runSimulation } = require('../../dist/src/run');
const { resolveConfig, resolveScenario } = require('../../dist/src/scenario');
const { DataRegistry, knownDepartements } = require('../../dist/src/world');
const { writeTableHashes } = require('./tableHashes');

const { scenario, raw, run, hashes } = JSON.parse(process.argv[2]);
const known = knownDepartements(new DataRegistry());
const resolved = scenario ? resolveScenario(raw, known) : { config: resolveConfig(raw, known) };
// workers 'auto': the CLI's default for the run's person-years.
const workers = run.workers === 'auto' ? defaultWorkersFor(resolved.config, run.shard) : run.workers;
runSimulation(resolved.config, { ...run, workers, ...(resolved.data ? { data: resolved.data } : {}) }).then(
  (summary) => {
    if (hashes === true) writeTableHashes(resolved.config.out);
    process.stdout.write(JSON.stringify(summary ?? null));
  },
  (e) => {
    process.stderr.write(`${e && e.stack ? e.stack : e}\n`);
    process.exit(1);
  },
);

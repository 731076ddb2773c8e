/**
 * Simulates, once before the test files run, the databases that several of them read
 * (tests/helpers/sharedDatabases.js says which and who reads them), into one temporary folder that
 * tests/globalTeardown.js removes. Uses the compiled code (`npm test` builds it first), with worker
 * threads where the readers do not need one thread.
 */
const { existsSync, mkdtempSync, readdirSync, rmSync, statSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, relative } = require('node:path');
const { SHARED, writePharmacoepiSmall } = require('./helpers/sharedDatabases');

const ROOT = join(__dirname, '..');

/**
 * The shared databases come from dist/ while the tests import src/: a source edited since the last
 * build would give databases of the old code, and failures that make no sense. Say so instead.
 */
function assertBuilt() {
  const stale = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) {
        const js = join(ROOT, 'dist', relative(ROOT, p)).replace(/\.ts$/, '.js');
        if (!existsSync(js) || statSync(js).mtimeMs < statSync(p).mtimeMs) stale.push(relative(ROOT, p));
      }
    }
  };
  walk(join(ROOT, 'src'));
  if (stale.length > 0) {
    throw new Error(`dist/ is older than ${stale.slice(0, 3).join(', ')}${stale.length > 3 ? ` and ${stale.length - 3} more` : ''}: run \`npm run build\` (\`npm test\` does) before jest`);
  }
}

module.exports = async function globalSetup() {
  const missing = Object.values(SHARED).filter((s) => !process.env[s.env]);
  if (missing.length === 0) return;
  assertBuilt();
  const { runSimulation, defaultWorkers } = require('../dist/src/run');
  const { resolveConfig, resolveScenario } = require('../dist/src/scenario');
  const { DataRegistry, knownDepartements } = require('../dist/src/world');
  const known = knownDepartements(new DataRegistry());
  const dir = mkdtempSync(join(tmpdir(), 'snds-sim-shared-'));
  // Read by the teardown, which runs in this same process.
  globalThis.__SNDS_SIM_SHARED_DIR__ = dir;
  const configOf = (name, out) =>
    name === 'pharmacoepi'
      ? resolveScenario({ ...SHARED.pharmacoepi.options, scenario: writePharmacoepiSmall(dir), out }, known).config
      : resolveConfig({ ...SHARED[name].options, out }, known);
  try {
    for (const [name, spec] of Object.entries(SHARED)) {
      if (process.env[spec.env]) continue;
      const out = join(dir, spec.file);
      await runSimulation(configOf(name, out), { workers: defaultWorkers(), ...spec.run });
      process.env[spec.env] = out;
    }
  } catch (e) {
    // jest does not run the teardown when the setup fails.
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
};

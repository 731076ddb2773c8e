/**
 * Simulates, once before the test files run, the databases that several of them read
 * (tests/helpers/sharedDatabases.js says which and who reads them), into one temporary folder that
 * tests/globalTeardown.js removes. Uses the compiled code (`npm test` builds it first), with worker
 * threads where the readers do not need one thread, each database in a child process, all at the same time.
 */
const { spawn } = require('node:child_process');
const { existsSync, mkdtempSync, readdirSync, rmSync, statSync } = require('node:fs');
const { setPriority, tmpdir } = require('node:os');
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

/**
 * Runs one simulation in a child process (tests/helpers/runCompiled.js); resolves when it has written its output.
 * A `background` child runs at a lower priority: the longest simulation keeps a core to itself while the shorter
 * ones share the other, so the setup takes about as long as the longest alone.
 */
function simulateInChild(request, background) {
  return new Promise((resolve, reject) => {
    // The longest simulation (20 000 persons in one thread, batches of 250 persons held until written) with a young
    // generation that holds a batch: its rows then die young instead of being copied twice and promoted. Measured
    // on the care database: 41.7 and 44.3 s against 50.8 and 46.6 s with V8's default (16 MB semi-spaces). Small runs
    // do not gain (0.1–0.4 s slower), so the others keep the default.
    const flags = background ? [] : ['--max-semi-space-size=64'];
    const child = spawn(process.execPath, [...flags, join(__dirname, 'helpers', 'runCompiled.js'), JSON.stringify(request)], { stdio: ['ignore', 'ignore', 'pipe'] });
    if (background && child.pid !== undefined) {
      try {
        setPriority(child.pid, 19);
      } catch {
        // Not allowed here: the child keeps the normal priority (the setup only takes longer).
      }
    }
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`simulating ${request.raw.out} failed (exit ${code}, ${signal ?? 'no signal'}):\n${stderr}`))));
  });
}

module.exports = async function globalSetup() {
  const missing = Object.values(SHARED).filter((s) => !process.env[s.env]);
  if (missing.length === 0) return;
  assertBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'snds-sim-shared-'));
  // Read by the teardown, which runs in this same process.
  globalThis.__SNDS_SIM_SHARED_DIR__ = dir;
  // The databases are simulated at the same time, each in a child process (the single-thread ones would
  // otherwise leave a core idle), with the compiled code as here before.
  // The databases whose table hashes tests compare are hashed by their child too (a background one: on the core the
  // longest simulation leaves to the others), so that the test files read the hashes instead of computing them.
  const requestOf = (name, out) =>
    name === 'pharmacoepi'
      ? { scenario: true, raw: { ...SHARED.pharmacoepi.options, scenario: writePharmacoepiSmall(dir), out }, run: { workers: 'auto', ...SHARED.pharmacoepi.run }, hashes: SHARED.pharmacoepi.hashes === true }
      : { scenario: false, raw: { ...SHARED[name].options, out }, run: { workers: 'auto', ...SHARED[name].run }, hashes: SHARED[name].hashes === true };
  const built = [];
  try {
    const results = await Promise.allSettled(
      Object.entries(SHARED)
        .filter(([, spec]) => !process.env[spec.env])
        .map(async ([name, spec]) => {
          const out = join(dir, spec.file);
          await simulateInChild(requestOf(name, out), !spec.longest);
          built.push([spec.env, out]);
        }),
    );
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    for (const [env, out] of built) process.env[env] = out;
  } catch (e) {
    // jest does not run the teardown when the setup fails.
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
};

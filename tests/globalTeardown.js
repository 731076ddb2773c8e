/**
 * Removes the folder of the shared databases simulated by tests/globalSetup.js (never a database
 * given through an environment variable: the setup then built nothing).
 */
const { rmSync } = require('node:fs');

module.exports = async function globalTeardown() {
  const dir = globalThis.__SNDS_SIM_SHARED_DIR__;
  if (typeof dir === 'string') rmSync(dir, { recursive: true, force: true });
};

/**
 * The modules behind the commands, loaded by the command that needs them: `--help`, `--version` and the usage
 * errors answer without loading the simulator, the checks or the report (a quarter of a second).
 */
export const load = {
  run: (): typeof import('../run') => require('../run') as typeof import('../run'),
  scenario: (): typeof import('../scenario') => require('../scenario') as typeof import('../scenario'),
  geography: (): typeof import('../world/Geography') => require('../world/Geography') as typeof import('../world/Geography'),
  check: (): typeof import('../check') => require('../check') as typeof import('../check'),
  report: (): typeof import('../report') => require('../report') as typeof import('../report'),
  calibrate: (): typeof import('../calibrate') => require('../calibrate') as typeof import('../calibrate'),
};

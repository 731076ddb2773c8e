const { availableParallelism } = require('node:os');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.m?[tj]s$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
  },
  // d3-random ships only ES modules: let ts-jest turn it into CommonJS for the tests.
  transformIgnorePatterns: ['/node_modules/(?!(d3-random)/)'],
  testTimeout: 120000,
  // The transform cache in the project (ignored by git), not in the temporary folder: the suite leaves /tmp as it found it.
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
  // One file more than cores: a file often waits on a child process (a simulation, a report, Chromium) that uses
  // less or more than a core, and the extra file fills the gaps. On 2 cores, against 2 files at a time: jest « Time »
  // 217.8 s against 226.6 s, 6 s of idle CPU against 15 s. jest's default (cores − 1) ran one file at a time there.
  maxWorkers: availableParallelism() + 1,
  // The files that start child processes first when jest has no durations of an earlier run (a fresh clone).
  testSequencer: '<rootDir>/tests/sequencer.js',
  // The databases several files read, simulated once (tests/helpers/sharedDatabases.js), and their removal.
  globalSetup: '<rootDir>/tests/globalSetup.js',
  globalTeardown: '<rootDir>/tests/globalTeardown.js',
};

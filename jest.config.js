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
  // jest's default (cores − 1) runs one file at a time on 2 cores, leaving a core idle while a file
  // waits on a child process or a single-thread simulation: use at least 2.
  maxWorkers: Math.max(2, availableParallelism() - 1),
  // The databases several files read, simulated once (tests/helpers/sharedDatabases.js), and their removal.
  globalSetup: '<rootDir>/tests/globalSetup.js',
  globalTeardown: '<rootDir>/tests/globalTeardown.js',
};

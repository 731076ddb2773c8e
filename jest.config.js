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
  // One shared 20 000-person database for the care-pathway tests (tests/helpers/simulate.ts careDatabase).
  globalSetup: '<rootDir>/tests/globalSetup.js',
};

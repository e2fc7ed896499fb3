import type { Config } from 'jest';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Transpile only: `npm run typecheck` checks the types (CI runs it first), so jest need not
  // type-check every test file's import graph again (seconds per file on a cold cache).
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] },
  setupFiles: ['<rootDir>/test/helpers/setup.ts'],
  // Each backend's databases are migrated and seeded once per run; test federations start on copies.
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 1,
};

export default config;

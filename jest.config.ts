import { availableParallelism } from 'node:os';
import type { Config } from 'jest';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Transpile only: tsconfig.json's `isolatedModules: true` makes ts-jest (29.2+) compile each file
  // on its own, without type-checking (`npm run typecheck` checks the types, first in CI). The
  // ts-jest option of the same name is deprecated and only adds a warning to every run.
  transform: { '^.+\\.ts$': 'ts-jest' },
  setupFiles: ['<rootDir>/test/helpers/setup.ts'],
  // Each backend's databases are migrated and seeded once per run; test federations start on copies.
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
  testTimeout: 60000,
  // Files run side by side, each on its own databases (copies of the run's templates,
  // test/helpers/templates.ts) and ephemeral ports. Half the time a file waits (timers, the
  // database, child processes), so more workers than cores: on 2 cores the whole suite took 366 s
  // with 2 workers, 320 s with 3 and 319 s with 4 (where a drain test starved). (Jest reads a
  // percentage above 100 % as a count, hence the arithmetic.)
  maxWorkers: Math.ceil(availableParallelism() * 1.5),
};

export default config;

import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';
import { SQLITE_ONLY_TESTS } from './tests/support/sqlite-only-tests.js';

/**
 * `npm run test:postgres`: the suite again, every app and store a test builds on its own throw-away
 * PostgreSQL database (CLIENTHUB_TEST_POSTGRES_URL's server; see tests/support/store-engines.ts).
 * What is left out tests the SQLite engine itself, each file with its reason in SQLITE_ONLY_TESTS.
 */
export default mergeConfig(
  base,
  defineConfig({
    test: {
      env: { CLIENTHUB_TEST_ENGINE: 'postgres' },
      // One migrated database that every test's database is copied from.
      globalSetup: ['tests/support/postgres-template.setup.ts'],
      exclude: ['node_modules/**', 'dist/**', 'tests/faults/**/*.slow.test.ts', ...Object.keys(SQLITE_ONLY_TESTS)],
    },
  }),
);

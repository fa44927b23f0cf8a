import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    // The process-level fault suite runs apart: npm run test:faults (vitest.faults.config.ts).
    exclude: ['node_modules/**', 'dist/**', 'tests/faults/**/*.slow.test.ts'],
    // The SQLite pass; vitest.postgres.config.ts runs the suite again on PostgreSQL (issue 15).
    env: { CLIENTHUB_TEST_ENGINE: 'sqlite' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser and multi-process Redis tests share ports and CPU; two cores do not
    // reward more parallelism than this.
    maxWorkers: 2,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser and multi-process Redis tests share ports and CPU; two cores do not
    // reward more parallelism than this.
    maxWorkers: 2,
  },
});

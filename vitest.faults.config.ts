import { defineConfig } from 'vitest/config';

/**
 * `npm run test:faults`: the process-level fault suite (tests/faults/*.slow.test.ts). Each file
 * starts hub processes, emulators, proxies and its own redis-server, so files run one at a time:
 * two cores are busy enough with one hub and its worker.
 */
export default defineConfig({
  test: {
    include: ['tests/faults/**/*.slow.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    maxWorkers: 1,
  },
});

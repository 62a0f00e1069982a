import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Suites share one machine with 2 cores; files that start servers or browsers run one at a time.
    fileParallelism: true,
    maxWorkers: 2,
  },
});

import { defineConfig } from 'vitest/config';

/** End-to-end files that measure time or load the machine: they run alone, after everything else. */
const ALONE = [
  'apps/monitor/test/icmp-engine.test.ts',
  'apps/monitor/test/clock-step.test.ts',
  'apps/monitor/test/check-stalls.test.ts',
  'apps/monitor/test/per-target-timing.test.ts',
  'scripts/package/package.test.ts',
];
const E2E = ['apps/*/test/**/*.test.ts', 'scripts/**/*.test.ts'];

export default defineConfig({
  test: {
    // the default is one worker fewer than the CPUs: on 2 CPUs, one file at a time
    maxWorkers: 3,
    minWorkers: 1,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['apps/*/src/**/*.test.ts', 'packages/*/src/**/*.test.ts'],
          testTimeout: 30_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        // each file makes its own namespaces, ports and directories, and mostly waits: three at a time
        test: {
          name: 'e2e',
          include: E2E,
          exclude: ALONE,
          testTimeout: 120_000,
          hookTimeout: 60_000,
          maxWorkers: 3,
          minWorkers: 1,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'e2e-alone',
          include: ALONE,
          testTimeout: 120_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});

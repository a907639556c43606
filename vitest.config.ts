import { defineConfig } from 'vitest/config';

// Tiers: unit (pure, no I/O), db (real PostgreSQL), http (buildApp + inject or loopback), browser (Chromium).
// db/http/browser share one embedded cluster started in test/setup/global-setup.ts; each test file gets
// its own database copied from a migrated template.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'db',
          include: ['test/db/**/*.test.ts'],
          globalSetup: ['test/setup/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'http',
          include: ['test/http/**/*.test.ts'],
          globalSetup: ['test/setup/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/setup/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // On CI a browser test that lost a race with a slow machine gets one more try; a real defect
          // fails twice. Locally a failure shows at once.
          retry: process.env.CI ? 1 : 0,
        },
      },
    ],
  },
});

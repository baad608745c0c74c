import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/support/chromium';

/**
 * The consumer test: `@fief-spa/core` and `@fief-spa/react` packed as they would be published, installed with npm
 * into fresh Vite + React apps outside the workspace (React 18.3 and React 19), type-checked, their README component
 * tests run with Vitest, built, served and signed in with Chromium against the dev identity server. Run `pnpm build` first (the tarballs pack `dist/`).
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './global-setup.ts',
  outputDir: '../test-results/consumer',
  // One app at a time: two cores, and each step (npm, tsc, vite) already uses both.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  // A cold npm cache makes the install the slow step; the whole suite takes about 1.5 min with a warm one.
  timeout: 180_000,
  globalTimeout: 360_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
});

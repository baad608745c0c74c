import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/support/chromium';

/**
 * `pnpm screenshots`: regenerates the README's screenshots (`docs/screenshots/*.png`) from the example app, signed
 * in as the dev server's demo user, with the e2e suite's global setup (identity servers and built app on free
 * loopback ports). A config of its own, so that `pnpm e2e` never rewrites tracked files.
 */
export default defineConfig({
  testDir: '.',
  testMatch: 'screenshots.spec.ts',
  globalSetup: '../e2e/global-setup.ts',
  outputDir: '../test-results/screenshots',
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    // Wide enough for the two-column layout, small enough to stay legible at half the README's width.
    viewport: { width: 1000, height: 920 },
    deviceScaleFactor: 1,
    colorScheme: 'light',
    locale: 'en-US',
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
});

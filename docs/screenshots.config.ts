import { defineConfig } from '@playwright/test';
import e2eConfig from '../playwright.config';

/**
 * `pnpm screenshots`: regenerates the README's screenshots (`docs/screenshots/*.png`) from the example app, signed in
 * as the dev server's demo user, with the e2e suite's settings and global setup (identity servers and built app on
 * free loopback ports). A config of its own, so that `pnpm e2e` never rewrites tracked files.
 */
export default defineConfig({
  ...e2eConfig,
  // Relative paths resolve against this file's folder: every path of the e2e config is set again here.
  testDir: '.',
  testMatch: 'screenshots.spec.ts',
  globalSetup: '../e2e/global-setup.ts',
  outputDir: '../test-results/screenshots',
  workers: 1,
  use: {
    ...e2eConfig.use,
    // Wide enough for the two-column layout, small enough to stay legible at half the README's width; tall
    // enough for the whole profile page, so that both images (cut above the footer) are the same height.
    viewport: { width: 1000, height: 920 },
    deviceScaleFactor: 1,
    locale: 'en-US',
  },
});

import type { LaunchOptions } from '@playwright/test';

/** Debian's Chromium (never a downloaded browser), quiet and container-friendly. */
export const chromiumLaunchOptions: LaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-dev-shm-usage',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

/**
 * The same, with the back-forward cache that Playwright turns off by default: real browsers restore a page from
 * it on "back" without reloading it, which is what a "back after sign-out" test must face.
 */
export const chromiumWithBackForwardCache: LaunchOptions = {
  ...chromiumLaunchOptions,
  ignoreDefaultArgs: ['--disable-back-forward-cache'],
};

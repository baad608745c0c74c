import type { LaunchOptions, Page } from '@playwright/test';

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

/**
 * Why Chromium did not restore the page from the back-forward cache on its last Back or Forward (its
 * `notRestoredReasons`, such as `broadcastchannel-message`); empty when it did, or when the load was not one.
 */
export function notRestoredBecause(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const entry = performance.getEntriesByType('navigation')[0] as
      | (PerformanceEntry & { notRestoredReasons?: { reasons?: { reason: string }[] } | null })
      | undefined;
    return (entry?.notRestoredReasons?.reasons ?? []).map(({ reason }) => reason);
  });
}

/**
 * Marks the document now shown; the returned function tells whether the document shown then is that same one (Back
 * restored it from the back-forward cache) rather than one loaded again.
 */
export async function markDocument(page: Page): Promise<() => Promise<boolean>> {
  await page.evaluate(() => {
    (window as unknown as { marked: boolean }).marked = true;
  });
  return () => page.evaluate(() => (window as unknown as { marked?: boolean }).marked === true);
}

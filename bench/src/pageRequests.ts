import type { Page } from '@playwright/test';
import { requestsInSeries } from './servers/latencyProxy.ts';

/** One request as the page saw it, on the page's clock (ms since its navigation started). */
export interface PageRequest {
  /** URL without the query. */
  name: string;
  /** When the page asked for it (`startTime`). */
  start: number;
  /** When the page had the whole answer (`responseEnd`). */
  end: number;
}

/**
 * The app-server requests in series before `before` (page clock): the document, then the longest chain of
 * same-origin requests where the page asked for each one only after it had received the previous one.
 *
 * Why the page's clock and not the proxy's: the app server answers a script in a couple of milliseconds, often
 * before a request the page made a few milliseconds later reaches the proxy. On the proxy's clock two chunks the
 * page fetched side by side then look one after the other; on the page's clock the second was asked for before the
 * first had arrived, which is what a user waiting on a slower server would see.
 */
export function appRequestsInSeries(requests: ReadonlyArray<PageRequest>, before: number): number {
  return requestsInSeries(requests.filter((r) => r.start < before && r.end <= before));
}

/** The document and every completed same-origin request of `page`, from its Navigation and Resource Timing. */
export function appRequestsOf(page: Page): Promise<PageRequest[]> {
  return page.evaluate(() => {
    const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    const resources = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter(
      (entry) => new URL(entry.name).origin === location.origin,
    );
    return [...(navigation ? [navigation] : []), ...resources].map((entry) => ({
      name: entry.name.split('?')[0]!,
      start: entry.startTime,
      end: entry.responseEnd,
    }));
  });
}

import type { Page } from '@playwright/test';

/**
 * When each of `texts` was in the page, in every document the page loads from now on (a page restored from the
 * back-forward cache keeps watching): `seen(text)` lists the times (epoch ms) it was found appearing. Catches what a
 * one-off `toHaveCount(0)` misses: a spinner shown for a moment, gone by the time the test looks.
 *
 * @example
 * ```ts
 * const watch = await watchTexts(page, ['Restoring your session…']);
 * const seen = await watch.seen('Restoring your session…');
 * ```
 */
export async function watchTexts(
  page: Page,
  texts: readonly string[],
): Promise<{ seen(text: string): Promise<number[]> }> {
  await page.addInitScript((watched) => {
    const shown = new Map<string, number[]>(watched.map((text) => [text, []]));
    const present = new Set<string>();
    const look = () => {
      const body = document.body?.textContent ?? '';
      for (const text of watched) {
        const now = body.includes(text);
        if (now && !present.has(text)) shown.get(text)?.push(Date.now());
        if (now) present.add(text);
        else present.delete(text);
      }
    };
    (window as unknown as { __textsSeen: (text: string) => number[] }).__textsSeen = (text) => [
      ...(shown.get(text) ?? []),
    ];
    new MutationObserver(look).observe(document, { subtree: true, childList: true, characterData: true });
  }, texts);
  return {
    seen: (text) =>
      page.evaluate(
        (watched) => (window as unknown as { __textsSeen: (text: string) => number[] }).__textsSeen(watched),
        text,
      ),
  };
}

/**
 * A channel that lets its page into the back-forward cache. Chromium evicts a cached page whose `BroadcastChannel`
 * receives a message, and every page of the app posts one as it starts (it asks the other tabs for their session): so
 * Back and Forward to a page of the app reloaded it whenever another page of the app had started meanwhile (after a
 * sign-in or a sign-out, typically). Its channel is closed while the page sits in the cache, and opened again when the
 * page is shown: the engine asks the tabs on that same `pageshow` for what it missed (`resumeSession`), as it does
 * after a sleep. Part of the session's chunk, with `tabSync.ts`.
 */

import type { BroadcastChannelLike } from './tabTypes.js';

type MessageListener = (event: { readonly data: unknown }) => void;
/** Node's `BroadcastChannel` (the one a jsdom page opens) keeps the process alive unless unref'd. */
type NodeChannel = BroadcastChannelLike & { ref?: () => void; unref?: () => void };

/** Where the page's `pagehide`/`pageshow` fire. */
interface PageTarget {
  addEventListener(type: string, listener: (event: PageTransitionEvent) => void): void;
  removeEventListener(type: string, listener: (event: PageTransitionEvent) => void): void;
}

/**
 * Wraps the channel `open()` returns so that it is closed from `pagehide` into the back-forward cache until the page
 * is shown again. A message posted meanwhile (by a `pagehide` listener) goes through a channel opened for it alone.
 * `null` when `open()` gives none; unwrapped where the page has no lifecycle events.
 *
 * @example
 * ```ts
 * const channel = closedWhileCached(() => new BroadcastChannel('fief-spa/1:app'));
 * ```
 */
export function closedWhileCached(open: () => NodeChannel | null): NodeChannel | null {
  let channel = open();
  // `window` as the engine's own `pageshow` listener sees it (`pageEvents.ts`), looked up now: absent on a server, in a
  // worker; one per page where tests run several pages in one realm.
  const page = (globalThis as { window?: Partial<PageTarget> }).window;
  if (channel === null || typeof page?.addEventListener !== 'function') return channel;
  const listeners = new Set<MessageListener>();
  // `TabSync.keepAlive`: a stopped engine answering for the page does not keep Node alive, on a channel opened again.
  let alive = true;
  const onPageHide = (event: PageTransitionEvent): void => {
    if (!event.persisted || channel === null) return;
    closeChannel(channel, listeners);
    channel = null;
  };
  const onPageShow = (event: PageTransitionEvent): void => {
    if (!event.persisted || channel !== null) return;
    channel = open();
    if (!alive) channel?.unref?.();
    for (const listener of listeners) channel?.addEventListener('message', listener);
  };
  page.addEventListener('pagehide', onPageHide);
  page.addEventListener('pageshow', onPageShow);
  return {
    postMessage(message) {
      if (channel !== null) channel.postMessage(message);
      else {
        const once = open();
        once?.postMessage(message);
        once?.close();
      }
    },
    addEventListener(_type, listener) {
      listeners.add(listener);
      channel?.addEventListener('message', listener);
    },
    ref() {
      alive = true;
      channel?.ref?.();
    },
    unref() {
      alive = false;
      channel?.unref?.();
    },
    removeEventListener(_type, listener) {
      listeners.delete(listener);
      channel?.removeEventListener('message', listener);
    },
    close() {
      page.removeEventListener?.('pagehide', onPageHide);
      page.removeEventListener?.('pageshow', onPageShow);
      if (channel !== null) closeChannel(channel, listeners);
      channel = null;
      listeners.clear();
    },
  };
}

function closeChannel(channel: BroadcastChannelLike, listeners: ReadonlySet<MessageListener>): void {
  for (const listener of listeners) channel.removeEventListener('message', listener);
  try {
    channel.close();
  } catch {
    // Already closed.
  }
}

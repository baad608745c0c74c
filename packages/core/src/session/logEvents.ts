/**
 * The engine's debug log: one structured event per decision, for a `logger` option. An event never holds a token,
 * a code, a `state`, a nonce, a verifier or a refresh token, nor an error message (a server's text could echo one):
 * only kinds, codes, reasons, generations and times.
 */

import type { FiefAuthStatus } from './authState.js';

/** One decision of the engine, as the `logger` option receives it. */
export type FiefLogEvent =
  /** The stored session was read when the engine was made. */
  | { readonly type: 'session.read'; readonly found: boolean; readonly status: FiefAuthStatus }
  /** The next refresh is planned at `at` (ms since the epoch). */
  | { readonly type: 'refresh.scheduled'; readonly at: number }
  /** This tab got the refresh lock after waiting `waitedMs`. */
  | { readonly type: 'refresh.locked'; readonly waitedMs: number }
  /** This tab sends the refresh token of `generation`. */
  | { readonly type: 'refresh.started'; readonly generation: number; readonly forced: boolean }
  /** The refresh brought `generation`. */
  | { readonly type: 'refresh.succeeded'; readonly generation: number }
  /** Another tab refreshed first: its session (`generation`) is used, no token is sent. */
  | { readonly type: 'refresh.adopted'; readonly generation: number }
  /** The refresh failed: tried again at `retryAt`, or `null` when the sign-in ended. */
  | { readonly type: 'refresh.failed'; readonly code: string; readonly retryAt: number | null }
  /** A message from another tab. */
  | { readonly type: 'tab.message'; readonly kind: 'query' | 'session' | 'logout' }
  /** The page came back (back-forward cache, online, woken): storage is read again. */
  | { readonly type: 'page.resumed' }
  /** The login callback passed every check and the session is stored. */
  | { readonly type: 'callback.succeeded' }
  /** The callback URL had no `state` (no login to finish) and the tab was signed in: it goes on with its session. */
  | { readonly type: 'callback.skipped' }
  /** The login callback failed `reason` (`code`): nothing was stored. */
  | { readonly type: 'callback.failed'; readonly code: string; readonly reason: string | null }
  /** The user signed out in this tab. */
  | { readonly type: 'logout' }
  /**
   * A login did not navigate: the page was leaving for Fief's logout (`logout()` navigated less than 10 s before, and
   * the page has not been shown again since). Its navigation would have replaced the logout's; a failure to start
   * is not reported then either.
   */
  | { readonly type: 'login.skipped' };

/** Receives the engine's {@link FiefLogEvent}s. */
export type FiefLogger = (event: FiefLogEvent) => void;

/** `logger` made safe to call: a logger that throws never breaks the engine. */
export function safeLogger(logger: FiefLogger | undefined): FiefLogger {
  if (logger === undefined) return () => {};
  return (event) => {
    try {
      logger(event);
    } catch {
      // The app's logger failed: the engine goes on.
    }
  };
}

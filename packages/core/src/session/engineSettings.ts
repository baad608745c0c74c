/**
 * The engine's settings, resolved once from its options: where the session is kept, the clock, the namespace of
 * every record, the scopes and the refresh margin. Shared by the parts of the engine (`SessionKeeper`, `TabLink`,
 * `RefreshDriver`) so that they cannot disagree.
 */

import type { Fief } from '../protocol/fief.js';
import type { FiefAuthOptions } from './fiefAuthOptions.js';
import { type FiefLogger, safeLogger } from './logEvents.js';
import { browserStorage, resolveStorage, type StorageLike } from './storage.js';
import type { TabSyncOptions } from './tabTypes.js';

const DEFAULT_REFRESH_MARGIN_SECONDS = 30;
/** A day: no access token worth refreshing lives longer, and a larger margin is a mistake. */
const MAX_REFRESH_MARGIN_SECONDS = 86_400;

/** What every part of one engine reads. */
export interface EngineSettings {
  readonly fief: Fief;
  readonly clientId: string;
  /**
   * Names the stored records, the channel and the lock: the client id and the issuer (Fief's base URL), so that an
   * engine of another issuer never adopts this one's session nor sends its refresh token elsewhere.
   */
  readonly namespace: string;
  /** Where this tab keeps its session. */
  readonly storage: StorageLike;
  /**
   * The `scope` option as given (a list copied, a space-separated string as is): the engine makes the scopes of a login
   * and a refresh of it (`sessionEngine.ts`).
   */
  readonly scope: string | string[] | undefined;
  readonly marginMs: number;
  now(): number;
  /** Storage every tab of the origin sees (`localStorage`), or `null`. */
  shared(): StorageLike | null;
  /** The `navigate` option: leaves the page for `url` (login, logout); unset, the page's `location.assign`. */
  readonly navigate?: ((url: string) => void) | undefined;
  /** Where pending logins live: `sessionStorage` (they must survive the trip to Fief, in this tab only). */
  readonly pendingStorage: StorageLike;
  /** The `logger` option, made safe to call. */
  readonly log: FiefLogger;
  /** The `tabSync` option (the transports to the other tabs; `{}`: the browser's). */
  readonly tabSync: TabSyncOptions;
}

/**
 * Resolves the options of an engine for `fief`.
 *
 * @throws TypeError when a numeric option is not a finite number in its range (named in the message).
 *
 * @example
 * ```ts
 * const settings = engineSettings(fief, { storage: 'local' });
 * ```
 */
export function engineSettings(fief: Fief, options: FiefAuthOptions): EngineSettings {
  const margin = options.refreshMarginSeconds ?? DEFAULT_REFRESH_MARGIN_SECONDS;
  // NaN here would arm a 0 ms timer forever; a string would concatenate. Refuse both at construction.
  if (typeof margin !== 'number' || !(margin >= 0 && margin <= MAX_REFRESH_MARGIN_SECONDS)) {
    throw new TypeError(
      `expected refreshMarginSeconds between 0 and ${MAX_REFRESH_MARGIN_SECONDS}, found ${String(margin)}`,
    );
  }
  const clock = options.clock ?? Date.now;
  const shared = options.tabSync?.shared;
  const storage = resolveStorage(options.storage);
  return {
    fief,
    clientId: fief.clientId,
    namespace: sessionNamespace(fief),
    storage,
    pendingStorage: browserStorage('session') ?? storage,
    // A copy, as the app gave it (the engine adds `openid`): the app's array may change before the engine is built.
    scope: options.scope?.slice(),
    marginMs: margin * 1000,
    now: () => Math.floor(clock()),
    navigate: options.navigate,
    shared: () => (shared === undefined ? browserStorage('local') : shared),
    log: safeLogger(options.logger),
    tabSync: options.tabSync ?? {},
  };
}

/**
 * The namespace of an engine's records: `<client id>@<base URL>`, the client id URI-encoded so that the first `@`
 * always ends it (a client id holding `@` cannot make two engines share a namespace).
 *
 * @example
 * ```ts
 * import { Fief } from '../protocol/fief.js';
 *
 * sessionNamespace(new Fief({ baseURL: 'https://example.fief.dev/', clientId: 'spa' })); // 'spa@https://example.fief.dev'
 * ```
 */
export function sessionNamespace(fief: Pick<Fief, 'clientId' | 'baseURL'>): string {
  return `${encodeURIComponent(fief.clientId)}@${fief.baseURL}`;
}

/**
 * The settings as the engine (the session chunk) completes them when it is built: the id that names it (this tab)
 * to the other tabs and the scopes with `openid` (the default navigation is `pageDeparture.ts`'s). Only the engine
 * talks to the tabs and signs in, so the entry chunk holds none of that code.
 */
export interface EngineRunSettings extends Omit<EngineSettings, 'scope'> {
  /** Identifies this engine (this tab) to the others. */
  readonly tabId: string;
  /** The scopes of a login and a refresh, `openid` included. */
  readonly scope: string[];
}

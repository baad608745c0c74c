/**
 * A Fief the test holds by hand (down or up, its validation code loaded, failed, stalled or late) and tabs of real
 * `FiefAuth` engines on in-test channels, for node tests under fake timers. Its network failures go through the real
 * `sendTokenRequest` and `readTokenAnswer`, so the engine sees the errors the real client throws.
 */

import { vi } from 'vitest';
import { chunkLoadError } from '../../protocol/errors.js';
import type { Fief } from '../../protocol/fief.js';
import { readJSON } from '../../protocol/http.js';
import { readTokenAnswer, sendTokenRequest } from '../../protocol/tokenRequest.js';
import type { FiefTokenResponse, FiefUserInfo } from '../../protocol/types.js';
import type { FiefAuthStatus } from '../authState.js';
import { FiefAuth } from '../fiefAuth.js';
import type { FiefLogEvent } from '../logEvents.js';
import { saveSession } from '../sessionSave.js';
import type { Session } from '../sessionStore.js';
import { MemoryStorage } from '../storage.js';
import type { BroadcastChannelLike } from '../tabSync.js';
import { InTestTabs } from './authTestKit.js';
import { grantedSession } from './sessionFixtures.js';

export const ISSUER = 'https://a24.fief.test';
export const CLIENT = 'a24';
export const NS = `${CLIENT}@${ISSUER}`;
const discovery = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/authorize`,
  token_endpoint: `${ISSUER}/api/token`,
  userinfo_endpoint: `${ISSUER}/api/userinfo`,
  jwks_uri: `${ISSUER}/.well-known/jwks.json`,
};

export class StubFief {
  readonly clientId = CLIENT;
  readonly baseURL = ISSUER;
  ttlSeconds = 60;
  down = false;
  /** Validation code: 'ok', 'failed', 'stalled', or a promise to wait on. */
  validation: 'ok' | 'failed' | 'stalled' | Promise<void> = 'ok';
  sent: string[] = [];
  /** ms a token request takes (fake time). */
  latencyMs = 0;
  /** A reused refresh token is refused as Fief does (`invalid_grant`), instead of failing the test. */
  refusesReuse = false;
  #n = 0;
  #live = new Set<string>();
  asFief(): Fief {
    return this as unknown as Fief;
  }
  getOpenIDConfiguration() {
    return Promise.resolve({ ...discovery });
  }
  setOpenIDConfiguration() {}
  getLogoutURL() {
    return Promise.resolve(`${ISSUER}/logout`);
  }
  validateAccessToken() {
    return Promise.resolve({ scope: ['openid', 'offline_access'], acr: '0', permissions: [] });
  }
  loadTokenValidation(): Promise<void> {
    const v = this.validation;
    if (v === 'ok') return Promise.resolve();
    if (v === 'stalled') return new Promise(() => {});
    if (v === 'failed')
      return Promise.reject(chunkLoadError(new TypeError('Failed to fetch dynamically imported module')));
    return v;
  }
  issue(): FiefTokenResponse {
    this.#n += 1;
    const rt = `rt-${this.#n}`;
    this.#live.add(rt);
    return {
      access_token: `at-${this.#n}`,
      id_token: `id-${this.#n}`,
      token_type: 'bearer',
      expires_in: this.ttlSeconds,
      refresh_token: rt,
    };
  }
  claims(): FiefUserInfo {
    return { sub: 'u-1', email: 'a@example.com', tenant_id: 't', fields: {} };
  }
  async authRefreshToken(rt: string): Promise<[FiefTokenResponse, FiefUserInfo]> {
    await this.loadTokenValidation();
    if (this.down) return failedRequest(() => Promise.reject(new TypeError('fetch failed')));
    this.sent.push(rt);
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    if (!this.#live.delete(rt)) {
      if (!this.refusesReuse) throw new Error(`refresh token ${rt} reused`);
      // Fief deletes a refresh token once used, and keeps the tokens it answered with.
      const refused = { status: 400, headers: { 'Content-Type': 'application/json' } };
      return failedRequest(() => Promise.resolve(new Response('{"error":"invalid_grant"}', refused)));
    }
    return [this.issue(), this.claims()];
  }
  session(sid = 'sid-1'): Session {
    return grantedSession(sid, CLIENT, this.issue(), this.claims());
  }
}

/** Throws what the real client throws when its token request's `fetch` does as given. */
async function failedRequest(fetch: () => Promise<Response>): Promise<never> {
  readTokenAnswer(readJSON, await sendTokenRequest({ fetch }, discovery as never, { clientId: CLIENT }, {}));
  throw new Error('expected the token request to fail');
}

export interface Tab {
  auth: FiefAuth;
  storage: MemoryStorage;
  events: (FiefLogEvent & { t: number })[];
}

/**
 * A tab: an engine over `tabs`' channels and locks, its session stored in `page.storage` (by default a storage of
 * its own: another tab's `sessionStorage`), its channels opened by `page.channel` (default: `tabs.channel`).
 */
export function tab(
  fief: StubFief,
  tabs: InTestTabs,
  session: Session | null,
  shared: MemoryStorage | null,
  marginSeconds = 10,
  page: { storage?: MemoryStorage; channel?: (name: string) => BroadcastChannelLike } = {},
): Tab {
  const storage = page.storage ?? new MemoryStorage();
  if (session !== null) saveSession(storage, NS, session);
  const events: (FiefLogEvent & { t: number })[] = [];
  const auth = new FiefAuth(fief.asFief(), {
    storage,
    refreshMarginSeconds: marginSeconds,
    navigate: () => {},
    logger: (event) => events.push({ ...event, t: Date.now() }),
    tabSync: { channel: page.channel ?? tabs.channel, locks: tabs.locks, shared },
  });
  return { auth, storage, events };
}

/**
 * Two tabs signed in with one session (rt-1), started and settled; then, unless `mounted`, both providers unmount
 * (the engines are disposed). `shared`: the storage every tab sees, or `null`.
 */
export async function twoTabs(
  shared: MemoryStorage | null,
  { mounted = false } = {},
): Promise<{ fief: StubFief; tabs: InTestTabs; a: Tab; b: Tab }> {
  const fief = new StubFief();
  const tabs = new InTestTabs();
  const session = fief.session();
  const a = tab(fief, tabs, session, shared);
  const b = tab(fief, tabs, session, shared);
  a.auth.start();
  b.auth.start();
  await vi.advanceTimersByTimeAsync(100);
  if (!mounted) {
    a.auth.dispose();
    b.auth.dispose();
  }
  return { fief, tabs, a, b };
}

/**
 * A new tab with nothing stored (a page back from Fief's logout page) starts and asks the other tabs: its status once
 * settled. Disposed after.
 */
export async function newTabStatus(
  fief: StubFief,
  tabs: InTestTabs,
  shared: MemoryStorage | null = null,
): Promise<FiefAuthStatus> {
  const c = tab(fief, tabs, null, shared);
  c.auth.start();
  await vi.advanceTimersByTimeAsync(2_000);
  const { status } = c.auth.getSnapshot();
  c.auth.dispose();
  return status;
}

/**
 * Without shared storage: tab A refreshed sign-in 1 (rt-1 spent) while page C kept generation 0 (not started: a page
 * in the back-forward cache); the user then signed in again in tab D without offline access (sign-in 2, `second`, no
 * refresh token), which A adopted; then D closed and A's provider unmounted (it answers the tabs, holding sign-in 2).
 * `latencyMs`: how long a message takes between tabs.
 */
export async function spentThenReplacedByUnrenewable(latencyMs = 0): Promise<{
  fief: StubFief;
  tabs: InTestTabs;
  a: Tab;
  c: Tab;
  second: Session;
}> {
  const fief = new StubFief();
  const tabs = new InTestTabs();
  tabs.latencyMs = latencyMs;
  const first = fief.session('sid-1');
  const a = tab(fief, tabs, first, null);
  a.auth.start();
  await vi.advanceTimersByTimeAsync(55_000);
  const c = tab(fief, tabs, first, null);
  const second = { ...fief.session('sid-2'), refreshToken: null };
  const d = tab(fief, tabs, second, null);
  d.auth.start();
  await vi.advanceTimersByTimeAsync(1_000);
  d.auth.dispose();
  a.auth.dispose();
  return { fief, tabs, a, c, second };
}

/**
 * A script of the page that is no engine (a forger, or a tab the test plays): `channel` opens the engines' channels
 * on `tabs` (pass it to {@link tab}) and records their names; `post` posts a raw message on the first one.
 */
export function anotherTabOn(tabs: InTestTabs): {
  channel: (name: string) => BroadcastChannelLike;
  post(message: Record<string, unknown>): void;
} {
  const names: string[] = [];
  let sender: BroadcastChannelLike | null = null;
  return {
    channel: (name) => {
      names.push(name);
      return tabs.channel(name);
    },
    post: (message) => {
      sender ??= tabs.channel(names[0] as string);
      sender.postMessage(JSON.stringify(message));
    },
  };
}

export { InTestTabs };

/**
 * Another tab, buggy or hostile, that answers every question with a later sign-in the asker refuses (expired, no
 * refresh token): the asker stays behind, and asks the tabs before it spends. `answered` counts its answers.
 */
export function expiredLaterSignInAnswerer(
  fief: StubFief,
  tabs: InTestTabs,
): { answered(): number; close(): void } {
  const odd = tabs.channel(`fief-spa/1:${NS}`);
  let answered = 0;
  odd.addEventListener('message', (event) => {
    if ((JSON.parse(String(event.data)) as { kind: string }).kind !== 'query') return;
    answered++;
    const later = fief.session('sid-9');
    const expired = {
      ...later,
      refreshToken: null,
      tokenInfo: { ...later.tokenInfo, expires_at: Date.now() - 1_000 },
    };
    odd.postMessage(JSON.stringify({ p: 'fief-spa/1', from: 'odd', kind: 'session', session: expired }));
  });
  return { answered: () => answered, close: () => odd.close() };
}

/**
 * The story of the clock tests, before the clock moves: a page signed in with sid-0 went into the back-forward cache
 * (`away`, not started); 5 s later the user signed in again in another tab (`signer`, sid-1), and signed out there
 * 15 s after that, 1 s ago. No shared storage.
 */
export async function signedOutWhileAway(): Promise<{ fief: StubFief; away: Tab; signer: Tab }> {
  const fief = new StubFief();
  const tabs = new InTestTabs();
  const away = tab(fief, tabs, fief.session('sid-0'), null);
  await vi.advanceTimersByTimeAsync(5_000);
  const signer = tab(fief, tabs, fief.session('sid-1'), null);
  signer.auth.start();
  await vi.advanceTimersByTimeAsync(15_000);
  await signer.auth.logout('https://app.test/').catch(() => {});
  await vi.advanceTimersByTimeAsync(1_000);
  return { fief, away, signer };
}

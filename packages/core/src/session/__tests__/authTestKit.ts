/**
 * What the session-engine tests share: a dev server, a `Fief` pointed at it, a login through its real login form,
 * and an in-test channel and lock manager so that several engines in one page behave as several tabs.
 */

import { DEMO_USER, type DevServer, LoginAgent, startDevServer } from '@fief-spa/dev-server';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { Fief } from '../../protocol/fief.js';
import { sessionNamespace } from '../engineSettings.js';
import { FiefAuth } from '../fiefAuth.js';
import type { FiefAuthOptions } from '../fiefAuthOptions.js';
import { loadSessionFlows } from '../loadSessionFlows.js';
import { MemoryStorage } from '../storage.js';
import type { BroadcastChannelLike, LockManagerLike } from '../tabSync.js';

export const CLIENT_ID = 'spa';
export const REDIRECT_URI = 'http://127.0.0.1:5173/callback';
export const PAGE_URL = 'http://127.0.0.1:5173/';

/** Starts a dev server with the test client; `accessTokenTTL` in seconds. */
export function startServer(accessTokenTTL = 3600): Promise<DevServer> {
  return startDevServer({
    clients: [{ clientId: CLIENT_ID, redirectURIs: [REDIRECT_URI] }],
    accessTokenTTL,
    logger: () => {},
  });
}

export function newFief(server: DevServer): Fief {
  return new Fief({ baseURL: server.url, clientId: CLIENT_ID });
}

/** What the engines of `server`'s test client name their stored records with. */
export function namespaceOf(server: DevServer): string {
  return sessionNamespace(newFief(server));
}

/** Token requests made to the server so far (each refresh or code exchange is one). */
export function tokenRequests(server: DevServer): number {
  return server.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/token'))
    .length;
}

/** Sets the page's address (happy-dom keeps one `location` per test file). */
export function setPageURL(url: string): void {
  window.history.replaceState(null, '', url);
}

/**
 * Runs `redirectToLogin` on `auth` (its `navigate` must be {@link recordNavigation}'s), signs the demo user in on
 * the dev server's form, and puts the page on the callback URL. Returns that URL.
 */
export async function loginUntilCallback(
  auth: FiefAuth,
  navigation: { last: () => string },
  options: Parameters<FiefAuth['redirectToLogin']>[1] = {},
): Promise<string> {
  await auth.redirectToLogin(REDIRECT_URI, options);
  const callbackURL = await new LoginAgent().login(navigation.last(), {
    email: DEMO_USER.email,
    password: DEMO_USER.password,
  });
  setPageURL(callbackURL);
  return callbackURL;
}

/** A `navigate` option that records where the engine wanted to go. */
export function recordNavigation(): { navigate: (url: string) => void; urls: string[]; last: () => string } {
  const urls: string[] = [];
  return {
    navigate: (url) => {
      urls.push(url);
    },
    urls,
    last: () => {
      const url = urls.at(-1);
      if (url === undefined) throw new Error('expected a navigation, found none');
      return url;
    },
  };
}

/**
 * Channels and locks shared by the engines of one test, as the browser shares them between the tabs of an origin:
 * a message reaches every other channel of the same name in a later task; a lock is held by one holder at a time.
 */
export class InTestTabs {
  readonly #channels = new Set<InTestChannel>();
  readonly #queues = new Map<string, Promise<unknown>>();
  /** Every message posted, in order (to assert on what travelled). */
  readonly posted: unknown[] = [];
  /** How long a message takes to reach the other tabs (the browser gives no ordering with lock grants). */
  latencyMs = 0;

  channel = (name: string): BroadcastChannelLike => {
    const channel = new InTestChannel(name, this);
    this.#channels.add(channel);
    return channel;
  };

  readonly locks: LockManagerLike = {
    request: <T>(name: string, callback: () => Promise<T>): Promise<T> => {
      const previous = this.#queues.get(name) ?? Promise.resolve();
      const run = previous.then(callback, callback);
      this.#queues.set(
        name,
        run.catch(() => undefined),
      );
      return run;
    },
  };

  /** Open channels (a disposed engine closes its own). */
  get openChannels(): number {
    return this.#channels.size;
  }

  deliver(from: InTestChannel, data: unknown): void {
    this.posted.push(data);
    for (const channel of this.#channels) {
      if (channel !== from && channel.name === from.name)
        setTimeout(() => channel.receive(data), this.latencyMs);
    }
  }

  close(channel: InTestChannel): void {
    this.#channels.delete(channel);
  }

  /** Options for one engine acting as one tab: its own per-tab storage, these channels and locks. */
  tabOptions(extra: FiefAuthOptions = {}): FiefAuthOptions {
    return {
      storage: new MemoryStorage(),
      tabSync: { channel: this.channel, locks: this.locks },
      ...extra,
    };
  }
}

/** What another tab of `fief`'s client hears on `tabs`' channel, as it arrives. */
export function anotherTabHearing(tabs: InTestTabs, fief: Fief): unknown[] {
  const heard: unknown[] = [];
  tabs
    .channel(`fief-spa/1:${sessionNamespace(fief)}`)
    .addEventListener('message', (event) => heard.push(event.data));
  return heard;
}

class InTestChannel implements BroadcastChannelLike {
  readonly #listeners = new Set<(event: { readonly data: unknown }) => void>();
  #closed = false;

  constructor(
    readonly name: string,
    private readonly tabs: InTestTabs,
  ) {}

  postMessage(message: unknown): void {
    if (this.#closed) throw new Error('channel closed');
    // Like structured clone: the receiver never shares objects with the sender.
    this.tabs.deliver(this, structuredClone(message));
  }

  addEventListener(_type: 'message', listener: (event: { readonly data: unknown }) => void): void {
    this.#listeners.add(listener);
  }

  removeEventListener(_type: 'message', listener: (event: { readonly data: unknown }) => void): void {
    this.#listeners.delete(listener);
  }

  receive(data: unknown): void {
    if (this.#closed) return;
    for (const listener of this.#listeners) listener({ data });
  }

  close(): void {
    this.#closed = true;
    this.tabs.close(this);
  }
}

/** Resolves once `predicate` holds (polled), or rejects after `timeoutMs`. */
export async function waitFor(
  predicate: () => boolean,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Resolves once the session's chunk arrived and what waited for it ran (the link to the other tabs is open): the
 * chunk is in the module map after the first load, so a few microtasks do, even under fake timers.
 */
export async function sessionChunkArrived(): Promise<void> {
  await loadSessionFlows();
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

/** A copy of `from` (a tab reloaded over what another tab stored). */
export function copyOfStorage(from: Storage | MemoryStorage): MemoryStorage {
  const storage = new MemoryStorage();
  for (let i = 0; i < from.length; i++) {
    const key = from.key(i);
    if (key !== null) storage.setItem(key, from.getItem(key) ?? '');
  }
  return storage;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One engine acting as one tab, and the storage that stands for its `sessionStorage`. */
export interface TestTab {
  auth: FiefAuth;
  storage: MemoryStorage;
}

/**
 * Registers the hooks of a test file that runs engines against a dev server: the server for the file; per test,
 * fresh channels and locks, clean Web Storage, the page on {@link PAGE_URL}, and every engine disposed after.
 */
export function useAuthHarness(options: { accessTokenTTL?: number; refreshMarginSeconds?: number } = {}) {
  let server: DevServer | undefined;
  let tabs = new InTestTabs();
  const engines: FiefAuth[] = [];
  beforeAll(async () => {
    server = await startServer(options.accessTokenTTL);
  });
  afterAll(() => server?.close());
  beforeEach(() => {
    tabs = new InTestTabs();
    sessionStorage.clear();
    localStorage.clear();
    setPageURL(PAGE_URL);
  });
  afterEach(() => {
    for (const auth of engines.splice(0)) auth.dispose();
  });

  const harness = {
    get server(): DevServer {
      if (server === undefined) throw new Error('the dev server is not started yet');
      return server;
    },
    get tabs(): InTestTabs {
      return tabs;
    },
    /** Disposes `auth` after the test. */
    track(auth: FiefAuth): FiefAuth {
      engines.push(auth);
      return auth;
    },
    /** A new engine of this page on the shared channels, with `options` (default `sessionStorage`). */
    engine(extra: FiefAuthOptions = {}): FiefAuth {
      const defaults: FiefAuthOptions = { tabSync: { channel: tabs.channel, locks: tabs.locks } };
      if (options.refreshMarginSeconds !== undefined)
        defaults.refreshMarginSeconds = options.refreshMarginSeconds;
      return harness.track(new FiefAuth(newFief(harness.server), { ...defaults, ...extra }));
    },
    /** A started engine acting as one tab: its own per-tab storage, the shared channel and lock. */
    openTab(extra: FiefAuthOptions = {}): TestTab {
      const storage = new MemoryStorage();
      const auth = harness.engine({ ...extra, storage });
      auth.start();
      return { auth, storage };
    },
    /** A tab signed in through the login form (the page is back on {@link PAGE_URL} after). */
    async signedInTab(extra: FiefAuthOptions = {}): Promise<TestTab> {
      const navigation = recordNavigation();
      const tab = harness.openTab({ ...extra, navigate: navigation.navigate });
      await loginUntilCallback(tab.auth, navigation);
      await tab.auth.authCallback(REDIRECT_URI);
      setPageURL(PAGE_URL);
      return tab;
    },
  };
  return harness;
}

/** The access token in the snapshot of `auth`. */
export const accessTokenOf = (auth: FiefAuth): string | undefined =>
  auth.getSnapshot().tokenInfo?.access_token;

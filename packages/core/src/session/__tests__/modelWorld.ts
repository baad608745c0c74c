/**
 * The world of the model-based suite: 1 to 4 engines acting as tabs, one shared `localStorage`, a `sessionStorage`
 * per tab, a channel whose messages land when the fast-check scheduler says, a lock (or none: the lease fallback),
 * and {@link ModelFief}. It checks the engine's promises after every command.
 */

import type fc from 'fast-check';
import { vi } from 'vitest';
import { REQUEST_TIMEOUT_MS } from '../../protocol/transport.js';
import { FiefAuth } from '../fiefAuth.js';
import { saveSession } from '../sessionSave.js';
import type { Session } from '../sessionStore.js';
import { MemoryStorage } from '../storage.js';
import { NEWS_LANDED_MS } from '../tabSync.js';
import { comeBack, newestOnlyAway } from './modelAway.js';
import { type ModelBrowserSetup, ModelChannel, ModelLocks } from './modelBrowser.js';
import { ModelDeliveries } from './modelDeliveries.js';
import { MODEL_CLIENT_ID, MODEL_ISSUER, MODEL_TTL_SECONDS, ModelFief } from './modelFief.js';
import { ModelLocalStorage } from './modelLocalStorage.js';
import { knownRank, observeTab } from './modelObserve.js';
import { ModelPageEvents } from './modelPageEvents.js';
import { inPage, type ModelPage, runInPage, type ValidationCode } from './modelRealm.js';
import type { ModelSignIn } from './modelSignIns.js';
import { divergences, type ModelTab, mount } from './modelTab.js';

export type { ModelTab } from './modelTab.js';

import { grantedSession } from './sessionFixtures.js';

/**
 * How long tabs may take to agree once everything landed: a tab whose link was down when a new tab asked answers at
 * its next refresh, within a token lifetime (also when a timer runs late after a sleep), and that refresh, or
 * another tab's it waits on, may take up to its token request's timeout (seed 1776997197).
 */
const WAIT_LIMIT_MS = REQUEST_TIMEOUT_MS + MODEL_TTL_SECONDS * 1_000 + 5_000;

export const MAX_TABS = 4;
/** The engines refresh this long before expiry (s). */
export const MODEL_MARGIN_SECONDS = 10;

export class ModelWorld {
  readonly fief: ModelFief;
  readonly local = new MemoryStorage();
  readonly tabs: ModelTab[] = [];
  readonly #locks = new ModelLocks();
  logoutHappened = false;
  /** When the last logout was made: it ended every sign-in created at or before (the engine's `loggedOutAt`). */
  lastLogoutAt = Number.NEGATIVE_INFINITY;
  /**
   * Without shared storage, the time of the last sign-out whose last witness may have closed (see
   * `witnessMayBeGone`): a sign-out after it, with no tab closed since, must still reach every tab.
   */
  forgettableLogoutAt = Number.NEGATIVE_INFINITY;
  /** Faults, sleeps, closed or reloaded tabs, failed chunks or validation code, logouts, so far: refreshes may fail. */
  disturbances = 0;
  /** Network faults so far (token requests lost, chunks offline): a call may meet one, whenever it was set. */
  faults = 0;
  /** How the next tab opened gets its token validation code. */
  nextValidation: ValidationCode = 'ok';
  /** Access tokens handed out by `getAccessToken`, checked for expiry when they resolve. */
  readonly violations: string[];

  /** `localStorage` as each page sees it (`local`, or copies: `delayedStorage`), and its `storage` events. */
  readonly #pagesStorage: ModelLocalStorage;

  readonly deliveries: ModelDeliveries;
  readonly pageEvents = new ModelPageEvents();
  /**
   * The longest a message between live tabs takes to land (ms). Without shared storage the engine counts on news
   * landing within `NEWS_LANDED_MS` (a page whose thread is blocked longer may resend: a limit, not modelled).
   */
  readonly messageLatencyMs: number;

  /** See {@link ModelBrowserSetup}. */
  readonly withBroadcastChannel: boolean;
  readonly withSharedStorage: boolean;

  constructor(
    readonly scheduler: fc.Scheduler,
    readonly withLocks: boolean,
    {
      withBroadcastChannel = true,
      delayedStorage = false,
      withSharedStorage = true,
      storagePropagationMs,
    }: ModelBrowserSetup = {},
  ) {
    this.withBroadcastChannel = withBroadcastChannel;
    this.withSharedStorage = withSharedStorage;
    this.deliveries = new ModelDeliveries(scheduler);
    this.#pagesStorage = new ModelLocalStorage(
      this.local,
      delayedStorage,
      this.deliveries,
      () => this.tabs,
      storagePropagationMs,
    );
    this.fief = new ModelFief(scheduler, () => Date.now());
    Object.assign(this.fief.unheard, {
      noSpentMarks: !withSharedStorage,
      newestOnlyAway: () => newestOnlyAway(this.tabs),
      shownSince: (rank: number) => this.tabs.some((tab) => tab.open && knownRank(this.fief, tab) >= rank),
    });
    this.messageLatencyMs = withSharedStorage ? 1_000 : NEWS_LANDED_MS / 2;
    this.violations = this.fief.violations;
    this.#pagesStorage.events.install();
    this.pageEvents.install();
  }

  /** Lets every message and `storage` event on its way land. */
  landMessages(): Promise<void> {
    return this.deliveries.landMessages();
  }

  /**
   * Opens a tab (a new engine), seeded with `session` when given. `reloaded`: the tab is that `sessionStorage`'s
   * page loaded again; `sessionChunkGone` when a deploy removed the session's chunk from the server meanwhile.
   */
  openTab(
    session: Session | null = null,
    reloaded?: { storage: MemoryStorage; sessionChunkGone: boolean },
  ): ModelTab {
    const storage = reloaded?.storage ?? new MemoryStorage();
    if (session !== null) saveSession(storage, `${MODEL_CLIENT_ID}@${MODEL_ISSUER}`, session);
    const id = this.tabs.length;
    let gone = false;
    let close: () => void = () => {};
    const closed = new Promise<void>((resolve) => {
      close = () => {
        gone = true;
        resolve();
      };
    });
    const page: ModelPage = {
      id,
      sessionChunk: false,
      sessionChunkGone: reloaded?.sessionChunkGone ?? false,
      validation: this.nextValidation,
      away: null,
      exchangeFailed: false,
    };
    this.nextValidation = 'ok';
    const engine = runInPage(
      page,
      () =>
        new FiefAuth(this.fief.asFief(), {
          storage,
          refreshMarginSeconds: MODEL_MARGIN_SECONDS,
          navigate: (url) => {
            tab.navigatedTo = url;
          },
          tabSync: {
            channel: (name) => {
              if (!this.withBroadcastChannel) return null;
              const channel = new ModelChannel(name, this.deliveries);
              this.deliveries.channels.add(channel);
              return channel;
            },
            locks: this.withLocks
              ? this.#locks.forTab(
                  closed,
                  () => gone,
                  (by) => (tab.lockRequests += by),
                )
              : null,
            shared: this.withSharedStorage ? this.#pagesStorage.sharedFor(id, () => tab) : null,
          },
          ...(process.env.FIEF_MODEL_TRACE
            ? { logger: (event) => console.info(`tab ${id}`, Date.now() % 1_000_000, JSON.stringify(event)) }
            : {}),
        }),
    );
    const auth = inPage(page, engine);
    const tab: ModelTab = {
      id,
      page,
      auth,
      storage,
      open: true,
      frozen: false,
      lockRequests: 0,
      lastRank: -1,
      heldSignIn: -1,
      wasSignedIn: false,
      refreshing: false,
      calls: 0,
      unmounted: false,
      unsubscribe: () => {},
      navigatedTo: null,
      close,
    };
    tab.unsubscribe = auth.subscribe(() => this.observe(tab));
    this.observe(tab);
    this.tabs.push(tab);
    return tab;
  }

  /** A signed-in first tab. */
  signIn(): ModelTab {
    const { tokens, claims } = this.fief.issueLogin();
    return this.openTab(grantedSession('model-sign-in-0001', MODEL_CLIENT_ID, tokens, claims));
  }

  liveTabs(): ModelTab[] {
    return this.tabs.filter((tab) => tab.open && !tab.frozen);
  }

  /** Checks a tab's snapshot each time it changes: see {@link observeTab}. */
  observe(tab: ModelTab): void {
    observeTab(this, tab);
  }

  /** Whether `signIn` (any sign-in when not given) may have ended: a logout after it, a refusal, an answer lost. */
  signOutExplained(signIn?: ModelSignIn): boolean {
    return this.fief.signIns.mayHaveEnded(signIn, this.lastLogoutAt, Date.now());
  }

  /** Calls `getAccessToken` in `tab` and checks, when it resolves, that the token is not expired (and `onToken`). */
  getAccessToken(
    tab: ModelTab,
    options?: { forceRefresh: boolean },
    onToken: (token: string | null) => void = () => {},
  ): Promise<void> {
    tab.calls += 1;
    const answered = () => {
      tab.calls -= 1;
    };
    return tab.auth
      .getAccessToken(options)
      .finally(answered)
      .then(
        (token) => {
          onToken(token);
          if (token === null) return;
          const info = this.fief.accessTokens.get(token);
          if (info === undefined || info.expiresAt <= Date.now()) {
            this.violations.push(`tab ${tab.id} got an expired access token`);
          }
        },
        () => {},
      );
  }

  /**
   * Lets every message and answer land, and time run for a few seconds (waits on other tabs, the lease, retries),
   * until nothing is left to do in that window; then, while the tabs disagree, up to {@link WAIT_LIMIT_MS} more.
   */
  async drain(): Promise<void> {
    // Pages away come back, and providers unmounted mount again, however late (they must catch up, and then agree).
    for (const tab of this.tabs) if (tab.open && tab.frozen) await comeBack(this, tab, false);
    for (const tab of this.liveTabs()) if (tab.unmounted) mount(tab);
    for (let step = 0; step < 50; step += 1) {
      await this.scheduler.waitIdle();
      // A request that never answers lands when the client gives up on it.
      await vi.advanceTimersByTimeAsync(this.fief.hanging > 0 ? REQUEST_TIMEOUT_MS : 100);
    }
    // Once a logout's news landed, no tab shows a token of a sign-in it ended, also one that cannot refresh (checked
    // before its token expires); a later sign-in lives on. A provider unmounted while the app's call runs mounts after.
    for (const tab of this.forgettableLogoutAt === this.lastLogoutAt ? [] : this.liveTabs()) {
      const token = tab.auth.getSnapshot().tokenInfo?.access_token;
      const signIn = token === undefined ? undefined : this.fief.accessTokens.get(token)?.signIn;
      if (tab.calls === 0 && signIn !== undefined && signIn.createdAt <= this.lastLogoutAt)
        this.violations.push(`tab ${tab.id} still shows a token of sign-in ${signIn.index} after a logout`);
    }
    // Looked at once what is on its way landed: a token request in flight may still fail, and its retry needs time.
    for (let waited = 0; waited < WAIT_LIMIT_MS; waited += 1_000) {
      await this.scheduler.waitIdle();
      if (divergences(this.liveTabs()).length === 0) return;
      await vi.advanceTimersByTimeAsync(1_000);
    }
    await this.scheduler.waitIdle();
  }

  /**
   * After a drain: every open tab able to refresh shows the same access token (or none) and is not in error; none is
   * still loading.
   */
  checkConverged(): void {
    this.violations.push(...divergences(this.liveTabs()));
  }

  dispose(): void {
    for (const tab of this.tabs) {
      tab.unsubscribe();
      tab.auth.dispose();
    }
  }
}

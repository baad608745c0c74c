/**
 * The session engine behind `FiefAuth`, in the session's chunk loaded on demand: the keeper of the session
 * (`sessionKeeper.ts`), the link to the other tabs (`tabMessages.ts`), the refresh driver (`refreshDriver.ts`) and
 * the page events. `FiefAuth` (entry chunk) builds it once the chunk arrived, over the state it showed meanwhile.
 */

import { randomId } from '../protocol/crypto.js';
import { FiefError } from '../protocol/errors.js';
import type { FiefUserInfo } from '../protocol/types.js';
import type { FiefAuthState } from './authState.js';
import type { EngineRunSettings, EngineSettings } from './engineSettings.js';
import type { FiefAuthCallbackResult, RedirectToLoginOptions } from './fiefAuthOptions.js';
import { jsonEqual } from './jsonEqual.js';
import { startLoginOrRecord, withOpenID } from './loginStart.js';
import { leave, signOutAndLeave } from './logoutStart.js';
import { PageDeparture } from './pageDeparture.js';
import { PageEvents } from './pageEvents.js';
import { RefreshDriver } from './refreshDriver.js';
import { isRefreshDue } from './refreshDue.js';
import { SessionKeeper } from './sessionKeeper.js';
import { resumeSession } from './sessionResume.js';
import type { SessionState } from './sessionState.js';
import { isSessionValid, type Session } from './sessionStore.js';
import { TabLink } from './tabMessages.js';
import type { SignInId } from './tabTypes.js';

/** What the engine gets from `FiefAuth`. */
export interface SessionEngineContext extends EngineSettings {
  /** The state `FiefAuth` read from storage and showed until now. */
  readonly state: SessionState;
  /** How many callbacks are running (any: they will settle the status themselves). */
  callbackRunning(): number;
}

/** The scopes of a login and a refresh when the app gives none. */
const DEFAULT_SCOPE = ['openid', 'offline_access'];

/** Timers, listeners, the other tabs and the refresh of one `FiefAuth`; see its methods for what each does. */
export class SessionEngine {
  readonly #settings: EngineRunSettings;
  readonly keeper: SessionKeeper;
  readonly #link: TabLink;
  readonly #driver: RefreshDriver;
  readonly #pageEvents = new PageEvents();
  readonly #departure: PageDeparture;
  #started = false;
  /** Callbacks of a URL without `state` waiting for the tab to settle ({@link stateless}). */
  #statelessWaits = 0;

  constructor(given: SessionEngineContext) {
    const context = {
      ...given,
      tabId: randomId(),
      scope: withOpenID(given.scope ?? DEFAULT_SCOPE),
    };
    this.#settings = context;
    this.#departure = new PageDeparture(context);
    // From now on the session is replaced, by copies that may be equal in value: the snapshot keeps its objects then.
    context.state.equal = jsonEqual;
    this.keeper = new SessionKeeper(
      {
        ...context,
        post: (message) => this.#link.post(message),
        onSession: () => {
          this.#link.answered();
          this.#driver.check();
        },
        onEnd: () => this.#driver.cancel(),
      },
      context.state,
    );
    const parts = { ...context, keeper: this.keeper };
    this.#link = new TabLink({
      ...parts,
      // Such a callback finishes no login: the tab may settle (on anonymous) while it waits for that, unless a login's
      // callback of this engine runs beside it (the app moved the address and called again): that one settles it.
      callbackRunning: () => context.callbackRunning() > this.#statelessWaits,
      options: context.tabSync,
      checkSession: () => this.#driver.check(),
    });
    this.#driver = new RefreshDriver({
      ...parts,
      started: () => this.#started,
      tabs: () => this.#link.tabs,
      hear: () => this.#link.hold(),
      woke: () => this.#resume(),
    });
    this.keeper.chunkArrived();
  }

  /**
   * Opens the link to the other tabs and listens to the page, then resumes: the page may have missed what the tabs
   * said since it loaded (or since `dispose`), and refreshes a session that is due.
   */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#link.start();
    this.#pageEvents.start({ shown: () => this.#driver.check(), resumed: () => this.#resume() });
    this.#resume();
  }

  /** Stops what {@link start} started, and releases the waits of `getAccessToken` while `loading`. */
  dispose(): void {
    if (this.#started) {
      this.#started = false;
      this.#driver.cancel();
      this.#link.stop();
      this.#pageEvents.stop();
    }
    this.keeper.releaseWaiters();
  }

  /** Reads storage again, tells the other tabs the live session and asks for theirs, checks the session. */
  #resume(): void {
    if (this.#started)
      resumeSession({ ...this.#settings, keeper: this.keeper, link: this.#link, driver: this.#driver });
  }

  /** See `FiefAuth.ready`. */
  async ready(): Promise<FiefAuthState> {
    const keeper = this.keeper;
    while (keeper.status === 'loading') {
      // Nothing else settles a disposed engine (without a session: once a callback that runs has ended).
      if (!this.#started && keeper.session === null) this.#link.settleWithoutSession();
      else if (!this.#started) await this.getAccessToken();
      await keeper.settled();
    }
    return keeper.snapshot;
  }

  /**
   * What a callback URL without `state` resolves with (it has no login to finish): the session this tab holds once
   * settled, to go on with from `/`; nothing when it holds none (the callback is refused, `missing_state`).
   */
  async stateless(): Promise<FiefAuthCallbackResult | undefined> {
    this.#statelessWaits++;
    try {
      const { status, tokenInfo, userinfo } = await this.ready();
      if (status !== 'authenticated' || tokenInfo === null || userinfo === null) return;
      this.#settings.log({ type: 'callback.skipped' });
      return { tokens: tokenInfo, userinfo, returnTo: '/', alreadySignedIn: true };
    } finally {
      this.#statelessWaits--;
    }
  }

  /** Nothing stored, nothing from the other tabs, no callback running: signed out. */
  settleWithoutSession(): void {
    this.#link.settleWithoutSession();
  }

  /**
   * See `FiefAuth.getAccessToken`. `startedBefore`: whether the engine ran when the call was made (one disposed
   * since gives its refresh up).
   */
  async getAccessToken(
    options?: { forceRefresh?: boolean },
    startedBefore = this.#started,
  ): Promise<string | null> {
    const keeper = this.keeper;
    if (this.#started) await keeper.settled();
    // A sign-out of another tab this engine did not hear (disposed, its `storage` event missed): its mark says it.
    keeper.endIfRefused();
    let session = keeper.session;
    if (session === null) return null;
    const force = options?.forceRefresh === true && session.refreshToken !== null;
    if (force || this.#isDue(session)) session = await this.#driver.refresh(force, startedBefore);
    return session !== null && isSessionValid(session, this.#settings.now())
      ? session.tokenInfo.access_token
      : null;
  }

  #isDue(session: Session): boolean {
    return isRefreshDue(session, this.#settings.now(), this.#settings.marginMs);
  }

  /** See `FiefAuth.redirectToLogin`. */
  redirectToLogin(redirectURI: string, options: RedirectToLoginOptions): Promise<void> {
    return startLoginOrRecord(this.#settings, this.keeper, this.#departure, redirectURI, options);
  }

  /** See `FiefAuth.logout`. */
  logout(redirectURI: string): Promise<void> {
    return signOutAndLeave(this.#settings, this.keeper, this.#departure, redirectURI);
  }

  /** Leaves for Fief's logout URL, the session ended already (`FiefAuth` did, before this chunk arrived). */
  leave(redirectURI: string): Promise<void> {
    return leave(this.#settings, this.#departure, redirectURI);
  }

  /** Tells the other tabs of a logout made before this engine arrived, which ended sign-in `ended`. */
  announceLogout(ended: SignInId): void {
    this.#link.post({ kind: 'logout', sid: null, generation: null, ended });
  }

  /** Calls Fief's user API with the access token (signed-in only), and shares the user info it answers. */
  async userAPI(call: (accessToken: string) => Promise<FiefUserInfo>): Promise<FiefUserInfo> {
    const accessToken = await this.getAccessToken();
    if (accessToken !== null) return this.keeper.applyUserinfo(await call(accessToken));
    throw new FiefError('expected a signed-in session, found none', 'ERR_FIEF_NOT_AUTHENTICATED');
  }
}

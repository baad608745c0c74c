/**
 * One page of the login-after-logout model (`loginAfterLogoutModel.dom.test.ts`): real `FiefAuth` engines over a
 * Fief whose answers (discovery, the reachability probe) the model's scheduler releases, on a clock the model holds,
 * with every navigation checked as it happens against what the page is known to be doing.
 */

import type fc from 'fast-check';
import type { Fief } from '../../protocol/fief.js';
import { FiefAuth } from '../fiefAuth.js';
import type { FiefLogEvent } from '../logEvents.js';
import { LOGOUT_DEPARTURE_MS } from '../pageDeparture.js';
import { MemoryStorage } from '../storage.js';
import { InTestTabs } from './authTestKit.js';

export const BASE_URL = 'https://model.fief.test';
export const REDIRECT_URI = 'http://127.0.0.1:5173/callback';

/** A logout's navigation, as the model follows it: how far the clock of the engine that made it went forward since. */
interface Departure {
  forwardMs: number;
  clockWentBack: boolean;
  readonly at: number;
  /** The engine whose clock the wait is counted on: the one whose logout navigated. */
  readonly clockOf: number;
}

/** A login the model asked for: whether it must navigate (the page was known free when asked, and stayed so). */
interface AskedLogin {
  readonly engine: number;
  mustNavigate: boolean;
  navigated: boolean;
  settled: boolean;
}

/**
 * The model's page: its engines, Fief, clock and what was seen. With `onePage`, the engines leave it the same way
 * (one `navigate`, as the default `location.assign` is for an app's engines) and share one wait; without, each has
 * its own (tabs of one window in tests), and waits alone.
 */
export class DeparturePage {
  readonly engines: FiefAuth[] = [];
  readonly events: FiefLogEvent[][] = [];
  readonly violations: string[] = [];
  readonly departures: (Departure | null)[] = [];
  readonly logins: AskedLogin[] = [];
  /** The errors each engine's snapshot showed. */
  readonly errorsShown: unknown[][] = [];
  /** Login navigations, all engines. */
  loginNavigations = 0;
  rejectedLogins: number[] = [];
  inFlight = new Set<Promise<unknown>>();
  clockMs = 1_767_225_600_000;
  fiefDown = false;
  readonly #scheduler: fc.Scheduler;
  readonly #chunkArrives: () => void;
  readonly #onePage: boolean;

  /** `chunkArrives` lets the session's chunk arrive, when the test holds it back. */
  constructor(scheduler: fc.Scheduler, engineCount: number, chunkArrives: () => void, onePage = false) {
    this.#scheduler = scheduler;
    this.#chunkArrives = chunkArrives;
    this.#onePage = onePage;
    const tabs = new InTestTabs();
    // Which engine navigated, from the URL: its login's number, or its client in the logout URL.
    const pageNavigate = (url: string) => {
      const params = new URL(url).searchParams;
      const login = params.get('login');
      const client = params.get('client')?.slice('client-'.length);
      this.#navigated(login === null ? Number(client) : (this.logins[Number(login)]?.engine ?? -1), url);
    };
    for (let i = 0; i < engineCount; i++) {
      const index = i;
      this.events.push([]);
      this.departures.push(null);
      this.rejectedLogins.push(0);
      this.errorsShown.push([]);
      this.skewMs.push(0);
      const navigate = onePage ? pageNavigate : (url: string) => this.#navigated(index, url);
      this.#build[index] = () => {
        const auth = new FiefAuth(this.#fief(`client-${index}`), {
          storage: new MemoryStorage(),
          tabSync: { channel: tabs.channel, locks: tabs.locks },
          clock: () => this.#clock(index),
          navigate,
          logger: (event) => this.events[index]?.push(event),
        });
        auth.subscribe(() => {
          const error = auth.getSnapshot().error;
          if (error !== null) this.errorsShown[index]?.push(error);
        });
        this.engines[index] = auth;
      };
      this.#build[index]?.();
    }
  }

  /** How far each engine's clock is from the page's (an app's `clock` option, a device clock set by hand). */
  readonly skewMs: number[] = [];
  readonly #build: (() => void)[] = [];

  #clock(engine: number): number {
    return this.clockMs + (this.skewMs[engine] ?? 0);
  }

  /**
   * Disposes `engine` and builds a new `FiefAuth` in its place, leaving the page the same way (a provider mounted
   * again with a new engine, StrictMode's second one): it inherits the page's wait.
   */
  rebuild(engine: number): void {
    this.engines[engine]?.dispose();
    this.#build[engine]?.();
    this.engines[engine]?.start();
  }

  /** Moves only `engine`'s clock by `ms`: the waits counted on it move, the others not. */
  skew(engine: number, ms: number): void {
    this.skewMs[engine] = (this.skewMs[engine] ?? 0) + ms;
    for (const departure of this.departures) {
      if (departure == null || departure.clockOf !== engine) continue;
      if (ms >= 0) departure.forwardMs += ms;
      else departure.clockWentBack = true;
    }
    if (ms < 0) for (const login of this.logins) if (!login.settled) login.mustNavigate = false;
  }

  /** The reachability probe's `fetch`: answered when the scheduler says, refused while Fief is down then. */
  probe = (): Promise<Response> => this.#answer('probe').then(() => new Response(null));

  #answer(label: string): Promise<void> {
    return this.#scheduler.schedule(Promise.resolve(), label).then(() => {
      if (this.fiefDown) throw new TypeError('fetch failed');
    });
  }

  #fief(clientId: string): Fief {
    const discovery = {
      issuer: BASE_URL,
      authorization_endpoint: `${BASE_URL}/authorize`,
      token_endpoint: `${BASE_URL}/api/token`,
      jwks_uri: `${BASE_URL}/.well-known/jwks.json`,
    };
    const fief = {
      clientId,
      baseURL: BASE_URL,
      getOpenIDConfiguration: () => this.#answer('discovery').then(() => ({ ...discovery })),
      setOpenIDConfiguration: () => {},
      getLogoutURL: () => Promise.resolve(`${BASE_URL}/logout?client=${clientId}`),
      getAuthURL: (params: { state: string; extrasParams?: Record<string, string> }) =>
        Promise.resolve(
          `${BASE_URL}/authorize?${new URLSearchParams({ ...params.extrasParams, state: params.state })}`,
        ),
    };
    return fief as unknown as Fief;
  }

  #navigated(engine: number, url: string): void {
    const parsed = new URL(url);
    if (parsed.pathname === '/logout') {
      const at = this.#clock(engine);
      this.departures[this.#pageOf(engine)] = { forwardMs: 0, clockWentBack: false, at, clockOf: engine };
      for (const login of this.#loginsInFlight(engine)) login.mustNavigate = false;
      return;
    }
    this.loginNavigations += 1;
    const login = this.logins[Number(parsed.searchParams.get('login'))];
    if (login !== undefined) login.navigated = true;
    const departure = this.departures[this.#pageOf(engine)];
    if (departure != null && departure.forwardMs < LOGOUT_DEPARTURE_MS)
      this.violations.push(
        `engine ${engine}: a login navigated ${departure.forwardMs} ms after the logout's`,
      );
  }

  /** Whether a logout of `engine` navigated, and less than 10 s went by on its clock since, nor was the page shown. */
  #leaving(engine: number): boolean {
    const departure = this.departures[this.#pageOf(engine)];
    return departure != null && departure.forwardMs < LOGOUT_DEPARTURE_MS;
  }

  #loginsInFlight(engine: number): AskedLogin[] {
    const page = this.#pageOf(engine);
    return this.logins.filter((login) => this.#pageOf(login.engine) === page && !login.settled);
  }

  /** Where the logout of `engine` is recorded: the one page's, or the engine's own. */
  #pageOf(engine: number): number {
    return this.#onePage ? 0 : engine;
  }

  /** Whether a login asked now must navigate: no logout navigated, or the page shown or 10 s on since. */
  #free(engine: number): boolean {
    const departure = this.departures[this.#pageOf(engine)];
    return (
      departure == null ||
      (!departure.clockWentBack && this.#clock(departure.clockOf) - departure.at >= LOGOUT_DEPARTURE_MS)
    );
  }

  login(engine: number): void {
    const index = this.logins.length;
    const login: AskedLogin = {
      engine,
      mustNavigate: this.#free(engine),
      navigated: false,
      settled: false,
    };
    this.logins.push(login);
    const auth = this.engines[engine] as FiefAuth;
    const asked = auth.redirectToLogin(REDIRECT_URI, { extrasParams: { login: String(index) } }).then(
      () => {
        login.settled = true;
        if (login.mustNavigate && !login.navigated)
          this.violations.push(`engine ${engine}: login ${index}, asked on a free page, did not navigate`);
      },
      (error: unknown) => {
        login.settled = true;
        this.rejectedLogins[engine] = (this.rejectedLogins[engine] ?? 0) + 1;
        if (this.#leaving(engine))
          this.violations.push(
            `engine ${engine}: login ${index} failed after the logout navigated: ${error}`,
          );
        // Shown when it failed: a logout since may have cleared it already.
        if (!this.errorsShown[engine]?.includes(error))
          this.violations.push(`engine ${engine}: login ${index} failed, and the snapshot did not say why`);
      },
    );
    this.#track(asked);
  }

  logout(engine: number): void {
    this.#track((this.engines[engine] as FiefAuth).logout('http://127.0.0.1:5173/').catch(() => {}));
  }

  /** The page shown again: no navigation is under way for any engine. */
  shown(): void {
    this.departures.fill(null);
  }

  advance(ms: number): void {
    this.clockMs += ms;
    for (const departure of this.departures) if (departure != null) departure.forwardMs += ms;
  }

  setBack(ms: number): void {
    this.clockMs -= ms;
    for (const departure of this.departures) if (departure != null) departure.clockWentBack = true;
    for (const login of this.logins) if (!login.settled) login.mustNavigate = false;
  }

  #track(promise: Promise<unknown>): void {
    this.inFlight.add(promise);
    promise.finally(() => this.inFlight.delete(promise));
  }

  /** How many of Fief's answers wait for the scheduler. */
  scheduledCount(): number {
    return this.#scheduler.count();
  }

  /** Fief answers one of the requests waiting, the scheduler choosing which. */
  async answerOne(): Promise<void> {
    await this.#scheduler.waitOne();
  }

  /** Checks what holds whenever no login is being prepared: skipped logins saved nothing, and set no error. */
  checkAtRest(): void {
    if (this.logins.some((login) => !login.settled)) return;
    const pending = Object.keys(sessionStorage).filter((key) => key.includes('pending')).length;
    if (pending !== this.loginNavigations)
      this.violations.push(`${pending} pending logins stored for ${this.loginNavigations} login navigations`);
    this.engines.forEach((auth, engine) => {
      if (auth.getSnapshot().error !== null && this.rejectedLogins[engine] === 0)
        this.violations.push(
          `engine ${engine}: an error no failed login set: ${auth.getSnapshot().error?.code}`,
        );
    });
  }

  /** Lets everything in flight land (the chunk arrives, Fief answers). */
  async settle(): Promise<void> {
    this.#chunkArrives();
    // Real time bounds it: PKCE's digest runs off the event loop, so a login's probe may be asked for a while later.
    const until = performance.now() + 5_000;
    while (this.inFlight.size > 0 && performance.now() < until) {
      if (this.#scheduler.count() > 0) await this.#scheduler.waitAll();
      else await new Promise((resolve) => setTimeout(resolve, 1));
    }
    if (this.inFlight.size > 0) this.violations.push(`${this.inFlight.size} calls never settled`);
  }

  dispose(): void {
    for (const auth of this.engines) auth.dispose();
  }
}

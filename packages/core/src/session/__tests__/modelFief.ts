/**
 * A Fief the model-based suite controls: it deletes a refresh token when it is used (a reuse is `invalid_grant` and
 * revokes the grant, like servers that detect reuse; `keepsGrantOnReuse`: only refused, like Fief and the dev
 * server), answers through a fast-check scheduler (so that answers land in any order), and fails on demand before or
 * after it answered. Hand-made because a real server cannot be made to answer in a chosen order at a chosen fake
 * time. Failures go through the real `sendTokenRequest` and `readTokenAnswer`, so the engine sees exactly the errors the real client throws.
 */

import type fc from 'fast-check';
import type { FiefAuthURLParameters } from '../../protocol/authURL.js';
import { chunkLoadError } from '../../protocol/errors.js';
import type { Fief } from '../../protocol/fief.js';
import type { FiefTokenResponse, FiefUserInfo } from '../../protocol/types.js';
import {
  cutOffAnswer,
  discovery,
  hangingRequest,
  lostRequest,
  MODEL_CLIENT_ID,
  MODEL_ISSUER,
  type NetworkFault,
  refusedGrant,
  sendTokenRequest,
} from './modelNetwork.js';
import { currentPage, type ModelPage, whenBack } from './modelRealm.js';
import { type ModelSignIn, ModelSignIns, RANKS_PER_SIGN_IN } from './modelSignIns.js';
import { UnheardSpends } from './modelUnheardSpends.js';

export { MODEL_CLIENT_ID, MODEL_ISSUER, type NetworkFault } from './modelNetwork.js';
export const MODEL_SUB = 'a5e0c1d2-0000-4000-8000-00000000000a';
/** Access tokens live this long (s). */
export const MODEL_TTL_SECONDS = 60;

export class ModelFief {
  readonly clientId = MODEL_CLIENT_ID;
  readonly baseURL = MODEL_ISSUER;
  /** Broken promises of the engine, found while serving it (the model's invariants read them). */
  readonly violations: string[] = [];
  /** Refresh tokens Fief still accepts. */
  readonly #live = new Set<string>();
  /** Stalled validation loads, resolved when they arrive. */
  readonly #arrivals = new WeakMap<ModelPage, { promise: Promise<void>; resolve: () => void }>();
  /** Every refresh token ever sent. */
  readonly #sent = new Set<string>();
  /** Refresh tokens Fief used whose answer the client abandoned (its timeout). */
  readonly #abandoned = new Set<string>();
  /**
   * When each access token expires, its rank (issue order within its sign-in, every later sign-in above: see
   * `RANKS_PER_SIGN_IN`), and its sign-in.
   */
  readonly accessTokens = new Map<string, { expiresAt: number; rank: number; signIn: ModelSignIn }>();
  /** The sign-ins so far, and the authorization codes on their way. */
  readonly signIns = new ModelSignIns(this.violations);
  #counter = 0;
  #profileVersion = 0;
  nextFault: NetworkFault = 'none';
  /** Token requests sent and not answered yet. */
  inFlight = 0;
  /** As Fief: a reused refresh token is refused, its grant kept. A resend is then counted, not a violation. */
  keepsGrantOnReuse = false;
  resent = 0;
  /** Token requests that never reach Fief and never answer: only the client's timeout ends them. */
  hanging = 0;
  /** Token requests of each page not settled yet (a page with one on its way does not go away: `modelAway.ts`). */
  readonly requestsOf = new Map<ModelPage | undefined, number>();
  /** Which resends the engine could not have avoided. */
  readonly unheard = new UnheardSpends();

  constructor(
    private readonly scheduler: fc.Scheduler,
    private readonly now: () => number,
  ) {}

  asFief(): Fief {
    return this as unknown as Fief;
  }

  /** Tokens of a new login (a code exchanged): a new sign-in, without a refresh token unless `offline` access. */
  issueLogin(offline = true): { tokens: FiefTokenResponse; claims: FiefUserInfo; signIn: ModelSignIn } {
    const now = this.now();
    const signIn = this.signIns.begin(now, offline ? null : now + MODEL_TTL_SECONDS * 1000);
    const { refresh_token, ...tokens } = this.#issueTokens(signIn);
    return { tokens: offline ? { ...tokens, refresh_token } : tokens, claims: this.#claims(), signIn };
  }

  /** Fief's authorization URL, with what the callback's exchange is checked against (`ModelSignIns.authorize`). */
  getAuthURL(parameters: FiefAuthURLParameters): Promise<string> {
    return Promise.resolve(this.signIns.authURL(discovery.authorization_endpoint, parameters));
  }

  /**
   * Exchanges a code of `signIns.authorize`: a new login, answered at once or late (`signIns.nextExchange`), or
   * meeting the next network fault like any token request.
   */
  async authCallback(
    code: string,
    redirectURI: string,
    codeVerifier: string,
    _requestInit?: RequestInit,
    options?: { nonce?: string },
  ): Promise<[FiefTokenResponse, FiefUserInfo]> {
    const { late, offline } = this.signIns.takeNextExchange();
    const fault = this.#takeFault();
    const page = currentPage();
    if (page !== undefined && fault !== 'none') page.exchangeFailed = true;
    // Lost on the way, the code is not used: the callback page fails, and the user may start again.
    const unsent = this.#unsent(fault);
    if (unsent !== null) {
      await this.signIns.onItsWay(unsent);
      throw new Error('expected the code exchange to fail');
    }
    if (!this.signIns.redeem(code, redirectURI, codeVerifier, options?.nonce)) return refusedGrant();
    // Fief issues the tokens as the request arrives: a logout while the answer is on its way came after the sign-in.
    const { tokens, claims, signIn } = this.issueLogin(offline);
    if (late) await this.signIns.onItsWay(this.scheduler.schedule(Promise.resolve(), 'code exchange'));
    if (fault === 'dropAfterAnswer') {
      // A grant at Fief no tab ever holds.
      signIn.lostAnswer = true;
      throw cutOffAnswer();
    }
    return [tokens, claims];
  }

  getOpenIDConfiguration(): Promise<Record<string, unknown>> {
    return Promise.resolve({ ...discovery });
  }

  setOpenIDConfiguration(_config: unknown): void {}

  /** The validation code as the calling tab's page gets it (`ModelPage.validation`). */
  loadTokenValidation(): Promise<void> {
    const page = currentPage();
    const validation = page?.validation ?? 'ok';
    if (page === undefined || validation === 'ok') return Promise.resolve();
    if (validation === 'stalled') return this.#arrival(page).promise;
    return Promise.reject(chunkLoadError(new TypeError('Failed to fetch dynamically imported module')));
  }

  /** The stalled validation load of `page` arrives: its code is there from now on. */
  validationArrives(page: ModelPage): void {
    page.validation = 'ok';
    this.#arrival(page).resolve();
  }

  #arrival(page: ModelPage): { promise: Promise<void>; resolve: () => void } {
    let arrival = this.#arrivals.get(page);
    if (arrival === undefined) {
      let resolve = (): void => {};
      const promise = new Promise<void>((settle) => {
        resolve = settle;
      });
      arrival = { promise, resolve };
      this.#arrivals.set(page, arrival);
    }
    return arrival;
  }

  getLogoutURL(): Promise<string> {
    return Promise.resolve(`${MODEL_ISSUER}/logout`);
  }

  validateAccessToken(_token: string): Promise<{ scope: string[]; acr: '0'; permissions: string[] }> {
    return Promise.resolve({ scope: ['openid', 'offline_access'], acr: '0', permissions: [] });
  }

  async authRefreshToken(refreshToken: string): Promise<[FiefTokenResponse, FiefUserInfo]> {
    const page = currentPage();
    this.requestsOf.set(page, (this.requestsOf.get(page) ?? 0) + 1);
    const settled = this.unheard.sending(page, refreshToken);
    try {
      return await this.#refresh(refreshToken);
    } finally {
      this.requestsOf.set(page, (this.requestsOf.get(page) ?? 1) - 1);
      settled();
    }
  }

  async #refresh(refreshToken: string): Promise<[FiefTokenResponse, FiefUserInfo]> {
    // As `Fief.authRefreshToken`: nothing is sent before the validation code is there.
    if ((currentPage()?.validation ?? 'ok') !== 'ok') await this.loadTokenValidation();
    const fault = this.#takeFault();
    const unsent = this.#unsent(fault);
    if (unsent !== null) return unsent;
    const sentBefore = this.#sent.has(refreshToken);
    const signIn = this.signIns.of(refreshToken);
    // Resending a refresh token whose first answer the client gave up on is all a client can do: it cannot know
    // whether Fief used it (if it did, the resend is refused and the sign-in ends, as it must).
    const unknowable = this.unheard.unknowable(refreshToken);
    // Its page's answer went with it, as far as the other tabs can tell: the sign-in may end.
    if (sentBefore && unknowable) signIn.lostAnswer = true;
    if (sentBefore && !this.#abandoned.has(refreshToken) && !unknowable) {
      if (this.keepsGrantOnReuse) this.resent += 1;
      else this.violations.push(`refresh token ${refreshToken} sent twice`);
    }
    this.#sent.add(refreshToken);
    const accepted = this.#live.delete(refreshToken);
    if (!accepted) {
      // Its successor dies unheard of too: a tab that got it from an answer already on its way may send it again.
      // Reuse revokes the grant: the newest refresh token of that sign-in dies too (another sign-in's lives on).
      const revoked = sentBefore && this.keepsGrantOnReuse ? [] : this.signIns.liveOf(signIn, this.#live);
      if (unknowable) this.unheard.revokedUnheard(revoked);
      for (const token of revoked) this.#live.delete(token);
      if (!sentBefore) signIn.refusedUnsent = true;
      await this.scheduler.schedule(Promise.resolve(), 'token request refused');
      return refusedGrant();
    }
    const tokens = this.#issueTokens(signIn);
    this.unheard.answered(refreshToken, this.accessTokens.get(tokens.access_token)?.rank ?? -1);
    this.inFlight += 1;
    try {
      // Through the real client, so that its timeout applies: the answer lands when the scheduler says, unless the
      // client gave up on it before.
      const answer = (_input: unknown, init?: RequestInit) =>
        new Promise<Response>((resolve, reject) => {
          const signal = init?.signal;
          signal?.addEventListener('abort', () => reject(signal.reason));
          void this.scheduler
            .schedule(Promise.resolve(), `token request ${refreshToken}`)
            .then(() => resolve(new Response(JSON.stringify(tokens))));
        });
      await sendTokenRequest(answer);
    } catch (error) {
      // Fief rotated the refresh token, and the client abandoned the request: its successor is lost.
      signIn.lostAnswer = true;
      this.#abandoned.add(refreshToken);
      throw error;
    } finally {
      this.inFlight -= 1;
    }
    if (fault === 'dropAfterAnswer') {
      signIn.lostAnswer = true;
      throw cutOffAnswer();
    }
    return [tokens, this.#claims()];
  }

  userinfo(accessToken: string): Promise<FiefUserInfo> {
    return this.#userCall(accessToken, false);
  }

  updateProfile(accessToken: string): Promise<FiefUserInfo> {
    return this.#userCall(accessToken, true);
  }

  async #userCall(accessToken: string, change: boolean): Promise<FiefUserInfo> {
    if (!this.accessTokens.has(accessToken)) this.violations.push('user API called with an unknown token');
    if (change) this.#profileVersion += 1;
    const claims = this.#claims();
    const page = currentPage();
    await this.scheduler.schedule(Promise.resolve(), 'user API');
    // The answer is a task of the page: it waits while the page is away.
    await new Promise<void>((resolve) => whenBack(page, resolve));
    return { ...claims };
  }

  #takeFault(): NetworkFault {
    const fault = this.nextFault;
    this.nextFault = 'none';
    return fault;
  }

  /** The failure of a request that `fault` keeps from reaching Fief (lost, or hanging); `null` when it arrives. */
  #unsent(fault: NetworkFault): Promise<never> | null {
    if (fault === 'dropBeforeAnswer') return lostRequest(this.scheduler);
    if (fault !== 'hang') return null;
    this.hanging += 1;
    return hangingRequest().finally(() => {
      this.hanging -= 1;
    });
  }

  #issueTokens(signIn: ModelSignIn): FiefTokenResponse {
    this.#counter += 1;
    const refreshToken = `rt-${this.#counter}`;
    const accessToken = `at-${this.#counter}`;
    this.#live.add(refreshToken);
    this.signIns.issued(refreshToken, signIn);
    this.accessTokens.set(accessToken, {
      expiresAt: this.now() + MODEL_TTL_SECONDS * 1000,
      rank: signIn.index * RANKS_PER_SIGN_IN + this.#counter,
      signIn,
    });
    return {
      access_token: accessToken,
      id_token: `id-${this.#counter}`,
      token_type: 'bearer',
      expires_in: MODEL_TTL_SECONDS,
      refresh_token: refreshToken,
    };
  }

  #claims(): FiefUserInfo {
    return {
      sub: MODEL_SUB,
      email: 'anne@example.com',
      tenant_id: 'model-tenant',
      fields: { profile_version: this.#profileVersion },
    };
  }
}

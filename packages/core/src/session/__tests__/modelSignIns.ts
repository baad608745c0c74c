/**
 * The sign-ins (grants) of the model's Fief (`modelFief.ts`): each login starts one, and every refresh token belongs
 * to the sign-in it continues. A reused refresh token revokes its own grant only; a new login leaves the previous
 * grants as they were (Fief does not revoke a grant when the user signs in again). Also the authorization codes of
 * the logins on their way, bound to the PKCE challenge, nonce and redirect URI of their authorization request.
 */

import { createHash } from 'node:crypto';
import type { FiefAuthURLParameters } from '../../protocol/authURL.js';

/** One sign-in at Fief, and what happened to it that may end it in the tabs. */
export interface ModelSignIn {
  readonly index: number;
  /** When Fief issued its first tokens (ms): a logout at or after it ends it (the engine's `loggedOutAt`). */
  readonly createdAt: number;
  /** Fief refused a refresh token of it never sent before (its grant was revoked): a sign-out is legitimate. */
  refusedUnsent: boolean;
  /** An answer of it was lost after Fief rotated the refresh token: the engine must end it. */
  lostAnswer: boolean;
  /**
   * A tab that held it, or may have been about to adopt it, closed with a request on its way or as the only holder
   * of its newest session: it may end, and the model cannot tell.
   */
  lostWithTab: boolean;
  /**
   * When its tokens expire for good (ms): a sign-in without offline access has no refresh token, and ends then.
   * `null`: renewable.
   */
  readonly endsAt: number | null;
}

/**
 * How far apart the ranks of two sign-ins are: an access token's rank is its sign-in's index times this, plus its
 * issue order. Every token of a later sign-in outranks every token of an earlier one, as the engine orders sessions
 * (by sign-in, then generation), whatever the earlier grant issued after it.
 */
export const RANKS_PER_SIGN_IN = 1_000_000;

/** What an authorization request asked for, checked when its code is exchanged. */
interface AuthorizationRequest {
  readonly redirectURI: string;
  readonly codeChallenge: string;
  readonly nonce: string;
}

/** How a code exchange goes. */
export interface NextExchange {
  /** It answers when the scheduler says, not at once: a logout or a refresh in another tab may fall meanwhile. */
  readonly late: boolean;
  /** The login asked for offline access; without it, Fief issues no refresh token. */
  readonly offline: boolean;
}

/** An exchange answered at once, for a login with offline access. */
const USUAL_EXCHANGE: NextExchange = { late: false, offline: true };

export class ModelSignIns {
  readonly all: ModelSignIn[] = [];
  readonly #ofRefreshToken = new Map<string, ModelSignIn>();
  /** Codes Fief handed out and not exchanged yet. */
  readonly #codes = new Map<string, AuthorizationRequest>();
  #codeCounter = 0;
  /** How the next code exchange goes (see {@link takeNextExchange}). */
  nextExchange: NextExchange = USUAL_EXCHANGE;
  /** Code exchanges sent and not answered yet. */
  exchangesInFlight = 0;

  constructor(private readonly violations: string[]) {}

  /** A new sign-in, created `now`, ending at `endsAt` when it has no refresh token. */
  begin(now: number, endsAt: number | null = null): ModelSignIn {
    const signIn: ModelSignIn = {
      index: this.all.length,
      createdAt: now,
      refusedUnsent: false,
      lostAnswer: false,
      lostWithTab: false,
      endsAt,
    };
    this.all.push(signIn);
    return signIn;
  }

  /** `refreshToken` belongs to `signIn`. */
  issued(refreshToken: string, signIn: ModelSignIn): void {
    this.#ofRefreshToken.set(refreshToken, signIn);
  }

  /** The sign-in `refreshToken` belongs to (the first, for a token Fief never issued). */
  of(refreshToken: string): ModelSignIn {
    const signIn = this.#ofRefreshToken.get(refreshToken) ?? this.all[0];
    if (signIn === undefined) throw new Error('expected a sign-in before a refresh');
    return signIn;
  }

  /** The sign-in of an access token of rank `rank` (see {@link RANKS_PER_SIGN_IN}). */
  ofRank(rank: number): ModelSignIn | undefined {
    return this.all[Math.floor(Math.max(rank, 0) / RANKS_PER_SIGN_IN)];
  }

  /**
   * Whether `signIn` (any, when not given) may have ended in the tabs: a logout at or after its creation (`lastLogoutAt`
   * ms), a refresh token of it refused, an answer of it lost (or maybe lost with a tab), its tokens expired for good
   * (at `now`).
   */
  mayHaveEnded(signIn: ModelSignIn | undefined, lastLogoutAt: number, now: number): boolean {
    if (signIn === undefined) return this.all.some((any) => this.mayHaveEnded(any, lastLogoutAt, now));
    return (
      signIn.createdAt <= lastLogoutAt ||
      signIn.refusedUnsent ||
      signIn.lostAnswer ||
      signIn.lostWithTab ||
      (signIn.endsAt !== null && signIn.endsAt <= now)
    );
  }

  /** The refresh tokens of `live` that belong to `signIn` (a reuse revokes them). */
  liveOf(signIn: ModelSignIn, live: Iterable<string>): string[] {
    return [...live].filter((token) => this.#ofRefreshToken.get(token) === signIn);
  }

  /** Fief's authorization URL at `endpoint` for `parameters`, with what the exchange of its code is checked against. */
  authURL(endpoint: string, parameters: FiefAuthURLParameters): string {
    const url = new URL(endpoint);
    url.searchParams.set('redirect_uri', parameters.redirectURI);
    url.searchParams.set('state', parameters.state ?? '');
    url.searchParams.set('code_challenge', parameters.codeChallenge ?? '');
    url.searchParams.set('nonce', parameters.nonce ?? '');
    return url.href;
  }

  /** How this code exchange goes (see {@link nextExchange}); the next one goes the usual way again. */
  takeNextExchange(): NextExchange {
    const next = this.nextExchange;
    this.nextExchange = USUAL_EXCHANGE;
    return next;
  }

  /** Counts a code exchange's answer as on its way until `answer` settles. */
  async onItsWay(answer: Promise<unknown>): Promise<void> {
    this.exchangesInFlight += 1;
    try {
      await answer;
    } finally {
      this.exchangesInFlight -= 1;
    }
  }

  /** The user signed in at Fief's authorization URL `authURL`: the callback URL Fief redirects the page to. */
  authorize(authURL: string): string {
    const params = new URL(authURL).searchParams;
    const redirectURI = params.get('redirect_uri') ?? '';
    this.#codeCounter += 1;
    const code = `code-${this.#codeCounter}`;
    this.#codes.set(code, {
      redirectURI,
      codeChallenge: params.get('code_challenge') ?? '',
      nonce: params.get('nonce') ?? '',
    });
    const callback = new URL(redirectURI);
    callback.searchParams.set('code', code);
    callback.searchParams.set('state', params.get('state') ?? '');
    return callback.href;
  }

  /**
   * Whether `code` may be exchanged with these parameters (once: it is used up). A mismatch is the engine's fault:
   * it sent another login's verifier, nonce or redirect URI.
   */
  redeem(code: string, redirectURI: string, codeVerifier: string, nonce: string | undefined): boolean {
    const request = this.#codes.get(code);
    this.#codes.delete(code);
    if (request === undefined) {
      this.violations.push(`authorization code ${code} exchanged twice, or never issued`);
      return false;
    }
    const challenge = createHash('sha256').update(codeVerifier).digest('base64url');
    if (
      request.redirectURI !== redirectURI ||
      request.codeChallenge !== challenge ||
      request.nonce !== nonce
    ) {
      this.violations.push(`authorization code ${code} exchanged with another login's parameters`);
      return false;
    }
    return true;
  }
}

/**
 * What `FiefAuth.redirectToLogin` runs, in the session's chunk (`FiefAuth` requests discovery while it loads): it
 * navigates to Fief once discovery answered (`loginRedirect.ts` checks). A login that cannot start (Fief
 * unreachable, discovery refused) is recorded in the snapshot for every reader, so that no UI has to catch it into an
 * error boundary, and rethrown. A login started while the page leaves for Fief's logout does not navigate
 * (`pageDeparture.ts`).
 */
import { FiefError } from '../protocol/errors.js';
import type { EngineRunSettings } from './engineSettings.js';
import type { RedirectToLoginOptions } from './fiefAuthOptions.js';
import { startLogin } from './loginRedirect.js';
import type { PageDeparture } from './pageDeparture.js';
import { pendingLoginKey } from './pendingLogin.js';
import type { SessionKeeper } from './sessionKeeper.js';
import { removeItem } from './storage.js';

/**
 * Starts a login for `redirectURI`, or records why it could not start (the status stays: no session was lost).
 * While the page leaves for Fief's logout it does nothing (it is logged): the page is going, and Fief's session must
 * end; nor does it report a failure once the logout navigated.
 *
 * @example
 * ```ts
 * await startLoginOrRecord(settings, keeper, departure, 'https://app.example/callback', { returnTo: '/account' });
 * ```
 */
export async function startLoginOrRecord(
  settings: EngineRunSettings,
  keeper: SessionKeeper,
  departure: PageDeparture,
  redirectURI: string,
  options: RedirectToLoginOptions,
): Promise<void> {
  // Before anything is saved: a pending login the page never uses would only wait for its expiry.
  if (departure.leavingForLogout()) return settings.log({ type: 'login.skipped' });
  try {
    await settings.fief.getOpenIDConfiguration();
    const context = {
      fief: settings.fief,
      pendingStorage: settings.pendingStorage,
      storage: settings.storage,
      now: settings.now(),
      scope: withOpenID(options.scope ?? settings.scope),
      origin: currentOrigin(),
    };
    // The logout may have navigated while the login was being prepared.
    const url = await startLogin(context, onThisOrigin(redirectURI, context.origin), options);
    if (!departure.toLogin(url)) {
      forgetPendingLogin(settings, url);
      settings.log({ type: 'login.skipped' });
    }
  } catch (cause) {
    // The logout navigated meanwhile: the page leaves, and an error would only flash (a guard's "could not start").
    if (departure.leavingForLogout()) return settings.log({ type: 'login.skipped' });
    const error =
      cause instanceof FiefError
        ? cause
        : new FiefError('expected to start the login, but it failed', 'ERR_FIEF', { cause });
    keeper.fail(error, keeper.status);
    throw error;
  }
}

/**
 * Removes the pending login saved for `url`, a login that will not navigate: no callback will ever use it, and it
 * would wait in storage for its expiry. Its `state` names it; it went to `pendingStorage`, or to `storage` when the
 * first refused it.
 */
function forgetPendingLogin(settings: EngineRunSettings, url: string): void {
  const state = new URL(url).searchParams.get('state');
  if (state === null) return;
  removeItem(settings.pendingStorage, pendingLoginKey(state));
  removeItem(settings.storage, pendingLoginKey(state));
}

/**
 * `redirectURI` as Fief must receive it: absolute. A path (`/callback`) is taken on the app's origin; sent as is, Fief
 * would only answer `invalid_redirect_uri`. An absolute one is kept exactly as given: Fief compares it with the
 * registered one character for character, and `URL` would rewrite it (`https://app.example` gets a `/`).
 */
function onThisOrigin(redirectURI: string, origin: string): string {
  try {
    new URL(redirectURI);
    return redirectURI;
  } catch {
    return new URL(redirectURI, origin).href;
  }
}

/**
 * The page's origin (`http://localhost` where there is none). Here, not in `addressBar.ts` (in the entry chunk): only
 * a login start needs it.
 */
function currentOrigin(): string {
  return globalThis.location?.origin ?? 'http://localhost';
}

/**
 * `scope` as a list with `openid` first when it lacks it. A string is the form OAuth sends, space-separated (what a
 * JavaScript app may well write; TypeScript refused it before): each run of non-spaces is one scope. Spread as a list,
 * it asked Fief for its characters.
 */
export function withOpenID(scope: string | readonly string[]): string[] {
  const list = typeof scope === 'string' ? (scope.match(/\S+/g) ?? []) : scope;
  return list.includes('openid') ? [...list] : ['openid', ...list];
}

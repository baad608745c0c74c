/**
 * The model's command for a new sign-in: the user signs in again in one live tab (after a sign-out, or over a live
 * sign-in: a step-up before a password change). As in a browser, the login redirect and the callback are page loads
 * in that tab: the page saves its pending login and leaves for Fief, and the callback page, over the same
 * `sessionStorage`, finishes the login through the engine's own `authCallback`, which stores the new sign-in and
 * tells the tabs. Fief starts a new grant and leaves the previous ones as they were.
 */

import fc from 'fast-check';
import { expect } from 'vitest';
import { leave, storageCopy } from './modelLeave.js';
import { goForGood } from './modelRealm.js';
import { type Command, passTime, TabCommand } from './modelTabCommand.js';
import { MAX_TABS, type ModelTab, type ModelWorld } from './modelWorld.js';

/** The app's callback page, registered on the model's Fief client. */
const CALLBACK_URL = 'https://app.test/callback';

/**
 * How many turns of the event loop a login step may take before the model goes on without it. It never waits on
 * Fief or a timer, but its PKCE challenge is a Web Crypto digest, which settles in a real turn, however many it takes
 * on a busy machine: the fake clock does not move meanwhile, so the run does not depend on how many it took.
 */
const TURNS = 1_000_000;

/**
 * The user signs in again in live tab `tab` (modulo how many are live): the redirect to Fief, `ms` at Fief's login
 * page (the other tabs live on), and the callback page.
 */
export class SignInAgain extends TabCommand {
  constructor(
    tab: number,
    readonly ms: number,
    /** The callback's code exchange answers when the scheduler says: the command goes on once it is sent. */
    readonly exchangeLate = false,
    /** The login asks for offline access: without it, Fief issues no refresh token, and the sign-in ends at expiry. */
    readonly offline = true,
  ) {
    super(tab);
  }

  async act(world: ModelWorld, tab: ModelTab): Promise<void> {
    tab.navigatedTo = null;
    const authURL = await settled(tab.auth.redirectToLogin(CALLBACK_URL).then(() => tab.navigatedTo));
    // The login could not start (its code did not load): the page stays, the error in its snapshot.
    if (authURL == null || !authURL.startsWith(`${world.fief.baseURL}/authorize`)) return;
    // Not `keeps`: its session stays in its `sessionStorage`, but no page holds it while the user is at Fief, and a
    // tab that needs it meanwhile may end the sign-in (as when the only tab holding it closed).
    leave(world, tab, false);
    goForGood(tab.page);
    const storage = storageCopy(tab);
    const callbackHref = world.fief.signIns.authorize(authURL);
    await passTime(world, this.ms);
    const callbackPage = world.openTab(null, { storage, sessionChunkGone: false });
    world.fief.signIns.nextExchange = { late: this.exchangeLate, offline: this.offline };
    const callback = atAddress(callbackHref, () => callbackPage.auth.authCallback(CALLBACK_URL));
    // A late exchange finishes with a later command, or in the drain; a failed callback shows in its snapshot.
    callback.catch(() => {});
    await settled(callback, () => world.fief.signIns.exchangesInFlight > 0);
  }

  override toString(): string {
    const options = this.offline ? (this.exchangeLate ? ', true' : '') : `, ${this.exchangeLate}, false`;
    return `SignInAgain(${this.tab}, ${this.ms}${options})`;
  }
}

/**
 * What `promise` resolves with once the microtasks ran, or once `waiting()` (`null`: rejected, `undefined`: not
 * settled by then).
 */
async function settled<T>(promise: Promise<T>, waiting = () => false): Promise<T | null | undefined> {
  let outcome: T | null | undefined;
  promise.then(
    (value) => {
      outcome = value;
    },
    () => {
      outcome = null;
    },
  );
  for (let turn = 0; turn < TURNS && outcome === undefined && !waiting(); turn += 1)
    await new Promise((resolve) => setImmediate(resolve));
  return outcome;
}

/** Runs `read` in a page at `href` (`location`, as `currentHref` reads it: the model runs in Node, with none). */
function atAddress<T>(href: string, read: () => T): T {
  Object.defineProperty(globalThis, 'location', { value: new URL(href), configurable: true });
  try {
    return read();
  } finally {
    Reflect.deleteProperty(globalThis, 'location');
  }
}

/**
 * A new sign-in in one of the tabs, 1 s or 55 s at Fief's login page, its code exchange answered at once or late;
 * one in four without offline access.
 */
export const signInAgainCommand = fc
  .tuple(
    fc.nat({ max: MAX_TABS - 1 }),
    fc.constantFrom(1_000, 55_000),
    fc.boolean(),
    fc.nat({ max: 3 }).map((draw) => draw > 0),
  )
  .map(([tab, ms, exchangeLate, offline]) => new SignInAgain(tab, ms, exchangeLate, offline));

/** After a drain: every live tab shows a token of sign-in `index` (the first is 0; `undefined`: none). */
export class ExpectSignIn implements Command {
  constructor(readonly index: number | undefined) {}
  check(): true {
    return true;
  }
  async run(_model: object, world: ModelWorld): Promise<void> {
    for (const tab of world.liveTabs()) {
      const token = tab.auth.getSnapshot().tokenInfo?.access_token;
      const shown = token === undefined ? undefined : world.fief.accessTokens.get(token)?.signIn.index;
      expect(shown, `tab ${tab.id}`).toBe(this.index);
    }
  }
  toString(): string {
    return `ExpectSignIn(${this.index})`;
  }
}

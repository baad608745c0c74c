/**
 * A login whose code exchange meets a network fault (lost before Fief, its answer cut off after Fief issued the
 * tokens, or no answer until the client's timeout): the callback page fails and says why, nothing is stored, every
 * tab keeps what it had, and the next login goes through. The model's `Fault` hits the next token request, a code
 * exchange as well as a refresh.
 */

import { describe, expect, it } from 'vitest';
import { FiefAuthCallbackError } from '../fiefAuthCallbackError.js';
import { AdvanceClock, Deliver, Drain, Fault, Logout, OpenTab } from './modelCommands.js';
import type { NetworkFault } from './modelFief.js';
import { replay, useModelClock } from './modelRun.js';
import { ExpectSignIn, SignInAgain } from './modelSignInAgain.js';
import type { Command } from './modelTabCommand.js';
import type { ModelWorld } from './modelWorld.js';

useModelClock();

/** After a drain: the callback page whose exchange failed shows why (`error` when it held no session before). */
class ExpectLoginFailed implements Command {
  constructor(readonly signedOutBefore: boolean) {}
  check(): true {
    return true;
  }
  async run(_model: object, world: ModelWorld): Promise<void> {
    const pages = world.liveTabs().filter((tab) => tab.page.exchangeFailed);
    expect(pages).toHaveLength(1);
    const { status, error } = (pages[0] as (typeof pages)[number]).auth.getSnapshot();
    if (!this.signedOutBefore) return expect(status).toBe('authenticated');
    expect(status).toBe('error');
    expect(error).toBeInstanceOf(FiefAuthCallbackError);
    expect((error as FiefAuthCallbackError).reason).toBe('token_exchange');
  }
  toString(): string {
    return `ExpectLoginFailed(${this.signedOutBefore})`;
  }
}

const FAULTS: readonly NetworkFault[] = ['dropBeforeAnswer', 'dropAfterAnswer', 'hang'];

describe.each(FAULTS)('a login whose code exchange meets %s', (fault) => {
  // A cut-off answer came after Fief issued the tokens: that grant is never held, and the next login is one later.
  const next = fault === 'dropAfterAnswer' ? 2 : 1;

  it('over a live sign-in: the callback page fails, and every tab keeps the sign-in before, which refreshes on', async () => {
    await replay([
      new OpenTab(),
      new Deliver(3),
      new Fault(fault),
      new SignInAgain(0, 1_000),
      new Drain(),
      new ExpectLoginFailed(false),
      new ExpectSignIn(0),
      // Past its expiry, its answers delivered as they come (an answer held past the client's timeout may end it).
      ...[20_000, 20_000, 20_000].flatMap((ms) => [new AdvanceClock(ms), new Drain()]),
      new ExpectSignIn(0),
    ]);
  });

  it('after a sign-out: the callback page says the login failed, no tab is signed in, and the next login goes through', async () => {
    await replay(
      [
        new OpenTab(),
        new Logout(1),
        new Drain(),
        new Fault(fault),
        new SignInAgain(0, 1_000, true),
        new Drain(),
        new ExpectLoginFailed(true),
        new ExpectSignIn(undefined),
        new SignInAgain(0, 1_000),
        new Drain(),
        new ExpectSignIn(next),
      ],
      { withSharedStorage: false },
    );
  });
});

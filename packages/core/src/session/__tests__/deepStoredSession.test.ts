/**
 * A tampered stored session (another script of the origin, an old XSS with `storage: 'local'`) whose user fields nest
 * thousands deep: `JSON.parse` reads it from 10 KB, and every later `JSON.stringify` of it (answering another tab,
 * storing a new revision) threw `RangeError` out of the engine. It is refused when read (found by a review, stop 25).
 * The same limit refuses such claims in an ID token (`idToken.test.ts`).
 */
import { expect, it, vi } from 'vitest';
import type { Session } from '../sessionStore.js';
import type { BroadcastChannelLike } from '../tabSync.js';
import { useModelClock } from './modelRun.js';
import { InTestTabs, NS, StubFief, tab } from './stubFiefKit.js';

useModelClock();

it('a stored session nested too deep to serialise again is refused, not adopted and then thrown on', async () => {
  const fief = new StubFief();
  const tabs = new InTestTabs();
  // Record what a tab's message listener throws (the browser would report it as an uncaught error).
  const thrown: unknown[] = [];
  const channel = tabs.channel;
  tabs.channel = (name: string): BroadcastChannelLike => {
    const inner = channel(name);
    return {
      postMessage: (message) => inner.postMessage(message),
      close: () => inner.close(),
      removeEventListener: (type, listener) => inner.removeEventListener(type, listener),
      addEventListener: (type, listener) =>
        inner.addEventListener(type, (event) => {
          try {
            listener(event);
          } catch (error) {
            thrown.push(error);
          }
        }),
    };
  };
  const session: Session = fief.session();
  // Written as another same-origin script (or an old XSS, with storage: 'local') would: the raw JSON text.
  const a = tab(fief, tabs, null, null);
  a.storage.setItem(
    `fief-spa:v1:session:${NS}`,
    `{"v":1,"session":${JSON.stringify({ ...session, userinfo: { ...session.userinfo, fields: { x: 0 } } }).replace('"x":0', `"x":${'['.repeat(5_000)}${']'.repeat(5_000)}`)}}`,
  );
  // Rebuild the tab over that storage (the constructor reads the stored session).
  const { FiefAuth } = await import('../fiefAuth.js');
  const auth = new FiefAuth(fief.asFief(), {
    storage: a.storage,
    navigate: () => {},
    tabSync: { channel: tabs.channel, locks: tabs.locks, shared: null },
  });
  const adopted = auth.getSnapshot().status;
  auth.start();
  await vi.advanceTimersByTimeAsync(100);
  // A second tab opens and asks the others for their session.
  const b = tab(fief, tabs, null, null);
  b.auth.start();
  await vi.advanceTimersByTimeAsync(1_000);
  // Adopted before, answering B threw RangeError, and start() left an unhandled rejection (resumeSession's post).
  expect({ adopted, thrown: thrown.map(String) }).toEqual({ adopted: 'loading', thrown: [] });
});

/**
 * A browser without `BroadcastChannel` and Web Locks (Safari before 15.4): the tabs talk through `localStorage`'s
 * `storage` events and take turns through a lease in `localStorage`. Sign-in, refresh and sign-out still reach every
 * tab, and no refresh token is sent twice. Each Chromium tab reads its own copy of `localStorage`, which the other
 * tab's writes reach milliseconds later (tens under load): the lease must stay exclusive all the same.
 */
import type { BrowserContext } from '@playwright/test';
import { expect, expectSignedIn, expectSignedOut, refreshAcrossTabs, signInFromHome, test } from './fixtures';

/** Every page of `context` runs without `BroadcastChannel` and `navigator.locks`. */
async function withoutChannelAndLocks(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    Reflect.deleteProperty(globalThis, 'BroadcastChannel');
    Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined, configurable: true });
  });
}

/**
 * Every page of `context` sees the other pages' `localStorage` writes `lagMs` later than Chromium delivers them: the
 * value from before, then the new one with its `storage` event, in order. Its own writes it sees at once (they are the
 * last). Chromium's own delay is milliseconds, tens under load; this makes the race of two tabs due at the same time
 * as wide at every refresh as it is under load.
 */
async function withLaggingStorage(context: BrowserContext, lagMs: number): Promise<void> {
  await context.addInitScript((lag) => {
    const { getItem, setItem, removeItem } = Storage.prototype;
    /** Per key, the value before the writes of other pages that have not reached this one yet, and how many. */
    const pending = new Map<string, { before: string | null; count: number }>();
    const late = new WeakSet<Event>();
    const own = (storage: Storage, key: string) => {
      if (storage === localStorage) pending.delete(key);
    };
    Storage.prototype.getItem = function (key) {
      const stale = this === localStorage ? pending.get(key) : undefined;
      return stale === undefined ? getItem.call(this, key) : stale.before;
    };
    Storage.prototype.setItem = function (key, value) {
      own(this, key);
      setItem.call(this, key, value);
    };
    Storage.prototype.removeItem = function (key) {
      own(this, key);
      removeItem.call(this, key);
    };
    addEventListener('storage', (event) => {
      const { key } = event;
      if (late.has(event) || event.storageArea !== localStorage || key === null) return;
      event.stopImmediatePropagation();
      const stale = pending.get(key) ?? { before: event.oldValue, count: 0 };
      stale.count += 1;
      pending.set(key, stale);
      setTimeout(() => {
        // Not if this page wrote the key since: its own write came last.
        if (pending.get(key) === stale) {
          stale.count -= 1;
          stale.before = event.newValue;
          if (stale.count === 0) pending.delete(key);
        }
        const again = new StorageEvent('storage', event);
        late.add(again);
        dispatchEvent(again);
      }, lag);
    });
  }, lagMs);
}

test('without BroadcastChannel and Web Locks, signing in and out in one tab reaches the other', async ({
  context,
  createUser,
}) => {
  test.slow();
  await withoutChannelAndLocks(context);
  const user = await createUser('Katherine', 'Johnson');
  const first = await context.newPage();
  const second = await context.newPage();
  await second.goto('/');
  await expectSignedOut(second);
  expect(await second.evaluate(() => [typeof BroadcastChannel, typeof navigator.locks])).toEqual([
    'undefined',
    'undefined',
  ]);

  await signInFromHome(first, user);
  await expectSignedIn(second, user.email);

  await first.getByTestId('session').getByRole('button', { name: 'Sign out' }).click();
  await expectSignedOut(first);
  await expectSignedOut(second);
});

test.describe('with short-lived access tokens', () => {
  test.use({ identityServer: 'short' });

  test('without BroadcastChannel and Web Locks, two tabs refresh with one token request per cycle', async ({
    context,
    env,
    fiefURL,
    createUser,
  }) => {
    const ttl = env.shortAccessTokenTTL;
    test.setTimeout((ttl * 5 + 30) * 1000);
    await withoutChannelAndLocks(context);
    await withLaggingStorage(context, Number(process.env.E2E_STORAGE_LAG_MS ?? 40));
    const user = await createUser('Dorothy', 'Vaughan');
    const first = await context.newPage();
    await signInFromHome(first, user);
    const second = await context.newPage();
    await second.goto('/profile');
    await expect(second.getByTestId('profile-email')).toContainText(user.email);

    await refreshAcrossTabs([first, second], fiefURL, ttl, 2);
    await expectSignedIn(first, user.email);
    await expectSignedIn(second, user.email);
  });
});

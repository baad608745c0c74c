/**
 * A browser without `BroadcastChannel` and Web Locks (Safari before 15.4): the tabs talk through `localStorage`'s
 * `storage` events. Sign-in and sign-out still reach every tab. (Refreshes across such tabs take turns through a lease
 * in `localStorage`. Under load, a Chromium run of that ended the sign-in: two token requests 60 ms apart, the second
 * refused. See the notes of stop 24; its Chromium test comes back with the fix.)
 */
import type { BrowserContext } from '@playwright/test';
import { expect, expectSignedIn, expectSignedOut, signInFromHome, test } from './fixtures';

/** Every page of `context` runs without `BroadcastChannel` and `navigator.locks`. */
async function withoutChannelAndLocks(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    Reflect.deleteProperty(globalThis, 'BroadcastChannel');
    Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined, configurable: true });
  });
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

/**
 * A browser without `BroadcastChannel` and Web Locks (Safari before 15.4): the tabs talk through `localStorage`'s
 * `storage` events and take turns through a lease in `localStorage`. Sign-in, refresh and sign-out still reach every
 * tab, and no refresh token is sent twice.
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

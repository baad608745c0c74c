/**
 * The identity server goes down while the app is open, after a sign-in cached its discovery document: no request
 * is needed to build the login or logout URL, so only a reachability check keeps "Sign in" and "Sign out" from
 * leaving for the browser's "This site can't be reached" page (issue 16, item 2).
 */
import type { BrowserContext, Page } from '@playwright/test';
import {
  expect,
  expectSignedIn,
  expectSignedOut,
  screenshot,
  signInFromHome,
  storedTokens,
  test,
} from './fixtures';
import type { TestUser } from './support/users';

/** Every request of `target` to the identity server is refused, as by a server that is down. */
async function blockIdentityServer(target: Page | BrowserContext, fiefURL: string): Promise<void> {
  await target.route(
    (url) => url.origin === fiefURL,
    (route) => route.abort('connectionrefused'),
  );
}

/** `user` signed in on `page` (the discovery document cached in it), and a second tab of the app, signed in too. */
async function signedInInTwoTabs(page: Page, context: BrowserContext, user: TestUser): Promise<Page> {
  await signInFromHome(page, user);
  const other = await context.newPage();
  await other.goto('/');
  await expectSignedIn(other, user.email);
  return other;
}

test('with discovery cached, Sign in says the identity server cannot be reached and stays on the app', async ({
  page,
  context,
  baseURL,
  fiefURL,
  createUser,
}) => {
  const other = await signedInInTwoTabs(page, context, await createUser('Hedy', 'Lamarr'));
  // Signed out from the other tab: this page keeps its document, and with it the discovery its sign-in cached.
  await other.getByTestId('session').getByRole('button', { name: 'Sign out' }).click();
  await expectSignedOut(other);
  await expectSignedOut(page);

  await blockIdentityServer(page, fiefURL);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByRole('main').getByRole('alert')).toContainText(
    'Could not start the sign-in. The identity server could not be reached.',
  );
  expect(new URL(page.url()).origin).toBe(baseURL);
  await expect(page.getByRole('main').getByRole('button', { name: 'Sign in' })).toBeEnabled();
  await expectSignedOut(page);
  await screenshot(page, 'identity-server-down-sign-in-cached');
});

test('Sign out with the identity server down signs out here and in every tab, and says Fief was not told', async ({
  page,
  context,
  baseURL,
  fiefURL,
  createUser,
}) => {
  const other = await signedInInTwoTabs(page, context, await createUser('Radia', 'Perlman'));

  await blockIdentityServer(context, fiefURL);
  await page.getByTestId('session').getByRole('button', { name: 'Sign out' }).click();

  await expect(page.getByRole('alert').filter({ hasText: 'You are signed out of this app.' })).toContainText(
    'The identity server could not be reached, so your session there may still be open',
  );
  // On the app's home page, where a sign-out that reached the identity server would have come back to.
  await expect(page).toHaveURL(`${baseURL}/`);
  await expectSignedOut(page);
  expect(await storedTokens(page)).toEqual([]);
  await expectSignedOut(other);
  expect(await storedTokens(other)).toEqual([]);
  await screenshot(page, 'identity-server-down-sign-out');
});

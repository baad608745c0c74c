import { expect, expectSignedOut, screenshot, signInFromHome, test } from './fixtures';

// Access tokens that expire after a few seconds, so the session runs out while the test waits.
test.use({ identityServer: 'short' });

test('a session that expires while the identity server is down says so once, with one way to sign in again', async ({
  page,
  env,
  fiefURL,
  createUser,
}) => {
  test.setTimeout((env.shortAccessTokenTTL * 3 + 30) * 1000);
  const user = await createUser('Jean', 'Bartik');
  await signInFromHome(page, user);

  // The identity server goes down: the refresh before expiry cannot reach it, nor any retry.
  await page.route(
    (url) => url.origin === fiefURL,
    (route) => route.abort('connectionrefused'),
  );
  await expectSignedOut(page);
  await expect(page.getByText(user.email)).toHaveCount(0);
  await screenshot(page, 'session-lost-server-down');

  const signInAgain = page.getByRole('button', { name: 'Sign in again' });
  await expect(signInAgain).toHaveCount(1);
  await expect(page.getByText(/could not be reached/)).toHaveCount(1);
  await expect(page.getByText(/in this tab or in another one/)).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Your session expired' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(1);
});

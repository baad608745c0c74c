import {
  expect,
  expectSignedIn,
  expiresAt,
  nextToken,
  recordRequests,
  refreshAcrossTabs,
  signInFromHome,
  test,
} from './fixtures';

// The app under test talks to the identity server whose access tokens expire after a few seconds.
test.use({ identityServer: 'short' });

test('a short-lived access token is refreshed silently and the user stays signed in', async ({
  page,
  env,
  fiefURL,
  createUser,
}) => {
  const ttl = env.shortAccessTokenTTL;
  test.setTimeout((ttl * 5 + 30) * 1000);
  const user = await createUser('Annie', 'Easley');
  await signInFromHome(page, user);
  const tokenRequests = recordRequests(page, fiefURL);
  const refreshes = () => tokenRequests.filter((request) => new URL(request.url()).pathname === '/api/token');

  // Count from a token obtained after the recorder started (see the two-tab test below for why).
  let expiry = await nextToken(page, await expiresAt(page), ttl);
  const before = refreshes().length;
  for (let cycle = 0; cycle < 3; cycle++) {
    expiry = await nextToken(page, expiry, ttl);
    await expectSignedIn(page, user.email);
    await expect(page.getByTestId('token-expiry')).not.toContainText('expired');
  }
  expect(refreshes().length - before).toBe(3);

  // The refreshed token works with the Fief API.
  await page.getByLabel('First name').fill('Anne-Marie');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('two tabs stay signed in across several refreshes with rotating refresh tokens', async ({
  context,
  env,
  fiefURL,
  createUser,
}) => {
  const ttl = env.shortAccessTokenTTL;
  test.setTimeout((ttl * 6 + 30) * 1000);
  const user = await createUser('Evelyn', 'Boyd');
  const first = await context.newPage();
  await signInFromHome(first, user);
  const second = await context.newPage();
  await second.goto('/profile');
  await expect(second.getByTestId('profile-email')).toContainText(user.email);

  let expiry = await refreshAcrossTabs([first, second], fiefURL, ttl, 3);

  // Each tab keeps the newest tokens: a reload of either one is still signed in, and so is the next refresh.
  await second.reload();
  await expect(second.getByTestId('profile-email')).toContainText(user.email);
  await first.reload();
  await expect(first.getByTestId('profile-email')).toContainText(user.email);
  expiry = await nextToken(second, expiry, ttl);
  await expect.poll(() => expiresAt(first)).toBe(expiry);
  for (const page of [first, second]) {
    await expectSignedIn(page, user.email);
    await expect(page.getByRole('alert')).toHaveCount(0);
  }
});

/**
 * A new release of the app is deployed while a signed-in page of the old one stays open: the old chunks are gone
 * from the server. Fief rotates a refresh token when it is used, so a refresh whose answer the page cannot validate
 * (its validation code would come from a chunk that is gone) would lose the sign-in.
 */
import type { Page, Route } from '@playwright/test';
import { expect, expectSignedIn, recordRequests, screenshot, signInFromHome, test } from './fixtures';

// Access tokens that expire after a few seconds, so that refreshes come while the test waits.
test.use({ identityServer: 'short' });

/** The app's chunk that validates tokens (the protocol layer's chunk loaded on demand). */
const isValidationChunk = (url: URL) => /\/protocolFlows-[\w-]+\.js$/.test(url.pathname);

/** When the access token shown on the page expires (epoch ms). */
async function expiresAt(page: Page): Promise<number> {
  return Number(await page.getByTestId('token-expiry').getAttribute('data-expires-at'));
}

const gone = (route: Route) => route.fulfill({ status: 404, body: 'Not Found' });

test('a page opened before a deploy keeps refreshing after it: it loaded its validation code ahead', async ({
  page,
  env,
  baseURL,
  createUser,
}) => {
  test.setTimeout((env.shortAccessTokenTTL * 4 + 30) * 1000);
  const user = await createUser('Frances', 'Allen');
  await signInFromHome(page, user);
  // A new page of the old release, signed in from storage: the sign-in's own chunks do not count.
  const validationChunk = page.waitForResponse((response) => isValidationChunk(new URL(response.url())));
  await page.reload();
  // Loaded (a 304 from the HTTP cache counts: the page has it).
  expect((await validationChunk).status()).toBeLessThan(400);
  await expectSignedIn(page, user.email);

  // The deploy: nothing of the old release is on the server any more.
  await page.route((url) => url.origin === baseURL && url.pathname.startsWith('/assets/'), gone);
  let expiry = await expiresAt(page);
  for (let refresh = 0; refresh < 2; refresh++) {
    await expect
      .poll(() => expiresAt(page), { timeout: (env.shortAccessTokenTTL + 5) * 1000, intervals: [250] })
      .toBeGreaterThan(expiry);
    expiry = await expiresAt(page);
  }
  await expectSignedIn(page, user.email);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a page that cannot load its validation code never sends its refresh token, and asks for a reload', async ({
  page,
  env,
  fiefURL,
  createUser,
}) => {
  test.setTimeout((env.shortAccessTokenTTL * 3 + 30) * 1000);
  const user = await createUser('Sophie', 'Wilson');
  await signInFromHome(page, user);
  // Deployed before this page loaded its validation code.
  await page.route(isValidationChunk, gone);
  const identityRequests = recordRequests(page, fiefURL);
  await page.reload();
  await expectSignedIn(page, user.email);

  // The access token runs out: the refresh could not start, and the page says what to do.
  await expect(page.getByRole('heading', { name: 'Your session expired' })).toBeVisible({
    timeout: (env.shortAccessTokenTTL + 5) * 1000,
  });
  await expect(page.getByRole('alert')).toContainText('This page needs to be reloaded to go on');
  await screenshot(page, 'deploy-validation-code-gone');
  expect(identityRequests.filter((request) => new URL(request.url()).pathname === '/api/token')).toHaveLength(
    0,
  );

  // Reloaded, the page gets the code again: the refresh token was never spent, and the session goes on.
  await page.unroute(isValidationChunk);
  await page.reload();
  await expectSignedIn(page, user.email);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

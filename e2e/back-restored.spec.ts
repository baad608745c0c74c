import { expect, recordRequests, signInFromHome, test } from './fixtures';
import { chromiumWithBackForwardCache, markDocument } from './support/chromium';

// Its own browser, with the back-forward cache on as in real browsers.
test.use({ launchOptions: chromiumWithBackForwardCache });

test('Back to the page restored from memory after signing out: signed out, and never sent to log in again', async ({
  page,
  baseURL,
  fiefURL,
  createUser,
}) => {
  const user = await createUser('Mary', 'Jackson');
  await signInFromHome(page, user);
  await page.getByRole('link', { name: 'Security' }).click();
  await expect(page.getByRole('heading', { name: 'Change password' })).toBeVisible();
  const sameDocument = await markDocument(page);

  // The sign-out comes back to a page that does not run the app (the app's script does not load there), as after a
  // logout that returns to another site: nothing tells the cached page anything, so Back restores it from memory.
  await page.route('**/assets/index-*.js', (route) => route.abort());
  await page.getByTestId('session').getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(`${baseURL}/`);

  const toFief = recordRequests(page, fiefURL);
  await page.goBack({ waitUntil: 'commit' });
  // The app hid its pages while "Signing out…": restored, it shows them again, and the guard finds no session.
  await expect(page.getByRole('heading', { name: 'You are signed out' })).toBeVisible();
  expect(await sameDocument()).toBe(true);
  expect(new URL(page.url()).origin).toBe(baseURL);
  expect(toFief.map((request) => new URL(request.url()).pathname)).toEqual([]);
  await expect(page.getByRole('heading', { name: 'Change password' })).toHaveCount(0);
});

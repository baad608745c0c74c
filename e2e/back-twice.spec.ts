import { expect, expectSignedOut, signInFromHome, test } from './fixtures';
import { chromiumWithBackForwardCache } from './support/chromium';

// Its own browser, with the back-forward cache on as in real browsers: "back" may show the old page from memory.
test.use({ launchOptions: chromiumWithBackForwardCache });

test('Back after signing out: a signed-out page within a second, then the expired login page with a way back', async ({
  page,
  baseURL,
  fiefURL,
  createUser,
}) => {
  const user = await createUser('Katherine', 'Johnson');
  await signInFromHome(page, user);
  await page.getByRole('link', { name: 'Profile' }).first().click();
  await expect(page.getByText(user.email).first()).toBeVisible();
  await page.getByTestId('session').getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(`${baseURL}/`);
  await expectSignedOut(page);

  // Back to the profile page: signed out within a second, never a spinner, never a new login.
  await page.goBack({ waitUntil: 'commit' });
  await expect(page.getByRole('heading', { name: 'You are signed out' })).toBeVisible({ timeout: 1_000 });
  expect(new URL(page.url()).origin).toBe(baseURL);
  await expect(page.getByText('Restoring your session…')).toHaveCount(0);
  await expect(page.getByText(user.email)).toHaveCount(0);

  // Back again: the login page the user came through, long finished. A page that says so, and a way back.
  await page.goBack({ waitUntil: 'commit' });
  await expect(page.getByRole('heading', { name: 'This sign-in page has expired' })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(fiefURL);
  await page.getByRole('link', { name: `Back to ${baseURL}` }).click();
  await expect(page).toHaveURL(`${baseURL}/`);
  await expectSignedOut(page);
});

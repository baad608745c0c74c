import { expect, expectSignedOut, signInFromHome, storedTokens, test } from './fixtures';
import { chromiumWithBackForwardCache } from './support/chromium';

// Its own browser, with the back-forward cache on as in real browsers: "back" may show the old page from memory.
test.use({ launchOptions: chromiumWithBackForwardCache });

test('the back button after signing out shows nothing protected', async ({
  page,
  baseURL,
  fiefURL,
  createUser,
}) => {
  const user = await createUser('Dorothy', 'Vaughan');
  await signInFromHome(page, user);
  await page.getByRole('link', { name: 'Security' }).click();
  await expect(page.getByRole('heading', { name: 'Change password' })).toBeVisible();

  await page.getByTestId('session').getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(`${baseURL}/`);
  await expectSignedOut(page);
  expect(await storedTokens(page)).toEqual([]);

  await page.goBack({ waitUntil: 'commit' });
  // Loaded again, the protected page sends the user to log in; restored from memory, it says the session
  // ended. Either way the old user's data never shows.
  const signedOutCard = page.getByRole('heading', { name: 'You are signed out' });
  await expect
    .poll(async () => new URL(page.url()).origin === fiefURL || (await signedOutCard.isVisible()))
    .toBe(true);
  await expect(page.getByText(user.email)).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Change password' })).toHaveCount(0);
});

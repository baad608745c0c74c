import { expect, expectSignedOut, signInFromHome, test } from './fixtures';
import { chromiumWithBackForwardCache, markDocument, notRestoredBecause } from './support/chromium';
import { watchTexts } from './support/textWatch';

// Its own browser, with the back-forward cache on as in real browsers: "back" may show the old page from memory.
test.use({ launchOptions: chromiumWithBackForwardCache });

test('Back after signing out: a signed-out page, never the session spinner, then the expired login page with a way back', async ({
  page,
  baseURL,
  fiefURL,
  createUser,
}) => {
  const spinner = 'Restoring your session…';
  const watch = await watchTexts(page, [spinner, 'You are signed out']);
  const user = await createUser('Katherine', 'Johnson');
  await signInFromHome(page, user);
  await page.getByRole('link', { name: 'Profile' }).first().click();
  await expect(page.getByText(user.email).first()).toBeVisible();
  const sameDocument = await markDocument(page);
  await page.getByTestId('session').getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(`${baseURL}/`);
  await expectSignedOut(page);

  // Back to the profile page: signed out, never a spinner, never a new login. Restored from memory: the home page's
  // tab messages no longer evict it (they did: a fresh load then, with the tabs asked for 150 ms). The browser may
  // still load it again for reasons of its own; either way it settles by itself (it once showed the spinner
  // forever). How fast is reported, not asserted, as it depends on the machine.
  const backAt = Date.now();
  await page.goBack({ waitUntil: 'commit' });
  await expect(page.getByRole('heading', { name: 'You are signed out' })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(baseURL);
  expect(await notRestoredBecause(page)).not.toContain('broadcastchannel-message');
  expect((await watch.seen(spinner)).filter((at) => at >= backAt)).toEqual([]);
  await expect(page.getByText(user.email)).toHaveCount(0);
  const signedOutAt = (await watch.seen('You are signed out')).find((at) => at >= backAt) ?? Number.NaN;
  const restored = await sameDocument();
  test.info().annotations.push({
    type: `signed-out page after Back (ms, ${restored ? 'restored from memory' : 'loaded again'})`,
    description: `${signedOutAt - backAt}`,
  });

  // Back again: the login page the user came through, long finished. A page that says so, and a way back.
  await page.goBack({ waitUntil: 'commit' });
  await expect(page.getByRole('heading', { name: 'This sign-in page has expired' })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(fiefURL);
  await page.getByRole('link', { name: `Back to ${baseURL}` }).click();
  await expect(page).toHaveURL(`${baseURL}/`);
  await expectSignedOut(page);
});

import { expect, expectSignedIn, expectSignedOut, screenshot, submitLogin, test } from './fixtures';

test('signing in in one tab signs in the other tabs', async ({ context, baseURL, createUser }) => {
  // Three pages and a login: about 15 s alone, past 30 s on a busy 2-core machine.
  test.slow();
  const user = await createUser('Frances', 'Allen');
  const first = await context.newPage();
  const second = await context.newPage();
  await second.goto('/');
  await expectSignedOut(second);

  await first.goto('/');
  await first.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
  await submitLogin(first, user);
  await expect(first).toHaveURL(`${baseURL}/profile`);

  // The open tab learns of it without a reload...
  await expectSignedIn(second, user.email);
  await expect(second.getByTestId('welcome')).toContainText('Frances');
  // ...and a tab opened afterwards is signed in at once, without visiting the login page.
  const third = await context.newPage();
  await third.goto('/profile');
  await expect(third).toHaveURL(`${baseURL}/profile`);
  await expect(third.getByTestId('profile-email')).toContainText(user.email);
  await screenshot(third, 'profile-second-tab');
});

test('signing out in one tab signs out the other tabs', async ({ context, baseURL, createUser }) => {
  test.slow();
  const user = await createUser('Margaret', 'Hamilton');
  const first = await context.newPage();
  await first.goto('/');
  await first.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
  await submitLogin(first, user);
  await expectSignedIn(first, user.email);

  const home = await context.newPage();
  await home.goto('/');
  await expectSignedIn(home, user.email);
  const profile = await context.newPage();
  await profile.goto('/profile');
  await expect(profile.getByTestId('profile-email')).toContainText(user.email);

  await first.getByTestId('session').getByRole('button', { name: 'Sign out' }).click();
  await expect(first).toHaveURL(`${baseURL}/`);
  await expectSignedOut(first);

  await expectSignedOut(home);
  // A protected page left open hides its content and offers to sign in again, without going to the login page
  // by itself (which would sign the user back in while Fief's session is still being ended).
  await expect(profile.getByRole('heading', { name: 'You are signed out' })).toBeVisible();
  await expect(profile.getByText(user.email)).toHaveCount(0);
  expect(new URL(profile.url()).origin).toBe(baseURL);
  await screenshot(profile, 'signed-out-elsewhere');
  // ...and nothing signs anyone back in.
  await first.reload();
  await expectSignedOut(first);
  await expectSignedOut(home);
});

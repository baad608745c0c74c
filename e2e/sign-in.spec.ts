import {
  expect,
  expectSignedIn,
  expectSignedOut,
  recordRequests,
  screenshot,
  signInFromHome,
  storedTokens,
  submitLogin,
  test,
  unspentCallbackURL,
} from './fixtures';
import { testUser } from './support/users';

test('signs in from the home page and shows the profile', async ({ page, baseURL, fiefURL, createUser }) => {
  const user = await createUser('Ada', 'Lovelace');
  await page.goto('/');
  await expectSignedOut(page);
  await screenshot(page, 'home');

  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL((url) => url.origin === fiefURL);
  await screenshot(page, 'login');
  await submitLogin(page, user);

  await expect(page).toHaveURL(`${baseURL}/profile`);
  await expectSignedIn(page, user.email);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ada Lovelace');
  await expect(page.getByTestId('profile-email')).toContainText(user.email);
  await expect(page.getByTestId('field-first_name')).toHaveText('Ada');
  await expect(page.getByTestId('field-last_name')).toHaveText('Lovelace');
  await expect(page.getByTestId('acr')).toContainText('1');
  await expect(page.getByTestId('scopes')).toContainText('openid');
  await expect(page.getByTestId('permissions')).toContainText('castles:read');
  await expect(page.getByTestId('token-expiry')).toContainText(/\d+:\d\d/);
  expect(await storedTokens(page)).toHaveLength(1); // the session, which the tampering tests expect to be absent
  await screenshot(page, 'profile');
});

test('a protected deep link sends to login, then back to the same address', async ({
  page,
  baseURL,
  fiefURL,
  createUser,
}) => {
  const user = await createUser('Grace', 'Hopper');
  await page.goto('/profile/security?from=email#password');
  await expect(page).toHaveURL((url) => url.origin === fiefURL);
  await submitLogin(page, user);

  await expect(page).toHaveURL(`${baseURL}/profile/security?from=email#password`);
  await expect(page.getByRole('heading', { name: 'Change password' })).toBeVisible();
  await expectSignedIn(page, user.email);
});

test('a reload keeps the user signed in without asking the identity server first', async ({
  page,
  fiefURL,
  createUser,
}) => {
  const user = await createUser('Katherine', 'Johnson');
  await signInFromHome(page, user);

  const requests = recordRequests(page, fiefURL);
  await page.reload();
  await expect(page.getByTestId('profile-email')).toContainText(user.email);
  expect(requests.map((request) => `${request.method()} ${request.url()}`)).toEqual([]);
  await expectSignedIn(page, user.email);
});

test('creates an account from the home page', async ({ page, baseURL, fiefURL }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Create an account' }).click();
  await expect(page).toHaveURL((url) => url.origin === fiefURL);
  await screenshot(page, 'register');
  const email = testUser('New', 'User', { unique: true }).email;
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('a brand new passphrase');
  await page.getByRole('button', { name: /create|register|sign up/i }).click();

  await expect(page).toHaveURL(`${baseURL}/profile`);
  await expectSignedIn(page, email);
});

test('a tampered callback URL shows the error view and stores nothing', async ({
  page,
  baseURL,
  fiefURL,
  createUser,
}) => {
  const genuine = await unspentCallbackURL(page, await createUser('Mary', 'Jackson'), { baseURL, fiefURL });

  const forgedState = new URL(genuine);
  forgedState.searchParams.set('state', 'forged-state');
  await page.goto(forgedState.href);
  await expect(page.getByRole('alert')).toContainText('Sign-in failed');
  await screenshot(page, 'callback-error');
  expect(await storedTokens(page)).toEqual([]);

  const forgedCode = new URL(genuine);
  forgedCode.searchParams.set('code', `${genuine.searchParams.get('code')}-forged`);
  await page.goto(forgedCode.href);
  await expect(page.getByRole('alert')).toContainText('Sign-in failed');
  expect(await storedTokens(page)).toEqual([]);

  await page.getByRole('link', { name: 'Back to home' }).click();
  await expectSignedOut(page);
  expect(await storedTokens(page)).toEqual([]);
});

test('an unreachable identity server says why sign-in cannot start', async ({ page, fiefURL }) => {
  await page.route(
    (url) => url.origin === fiefURL,
    (route) => route.abort('connectionrefused'),
  );
  await page.goto('/');
  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('Could not start the sign-in');
  await expect(page.getByRole('main').getByRole('button', { name: 'Sign in' })).toBeEnabled();
  await expectSignedOut(page);
  await screenshot(page, 'identity-server-down');
});

import type { ConsoleMessage } from '@playwright/test';
import {
  expect,
  expectSignedIn,
  expectSignedOut,
  signInFromHome,
  test,
  unspentCallbackURL,
} from './fixtures';

/** Wording meant for developers (the library's messages, OAuth error codes), never for the people using the app. */
const developerWording = /expected|grant|invalid_|iss\b|state|ERR_FIEF/;

test('a replayed callback URL while signed in goes to the signed-in page, with no failure message', async ({
  page,
  baseURL,
  createUser,
}) => {
  const user = await createUser('Dorothy', 'Vaughan');
  const callbacks: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (request.isNavigationRequest() && url.origin === baseURL && url.pathname === '/callback') {
      callbacks.push(url.href);
    }
  });
  await signInFromHome(page, user);
  expect(callbacks).toHaveLength(1);

  await page.goto(callbacks[0]!);
  await expect(page).toHaveURL(`${baseURL}/profile`);
  await expect(page.getByTestId('profile-email')).toContainText(user.email);
  await expectSignedIn(page, user.email);
  await expect(page.getByText('Sign-in failed')).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a failed sign-in says what happened in plain words; the details go to the console', async ({
  page,
  baseURL,
  fiefURL,
  createUser,
}) => {
  const logged: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') logged.push(message.text());
  });

  // A callback no login of this tab started (a stale or replayed link, signed out).
  await page.goto('/callback?code=not-a-code&state=not-a-state');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Sign-in failed');
  await expect(alert).not.toContainText(developerWording);
  await expectSignedOut(page);

  // A genuine callback whose code was changed on the way: Fief refuses the exchange.
  const forged = await unspentCallbackURL(page, await createUser('Christine', 'Darden'), {
    baseURL,
    fiefURL,
  });
  forged.searchParams.set('code', `${forged.searchParams.get('code')}-forged`);
  await page.goto(forged.href);
  await expect(alert).toContainText('Sign-in failed');
  await expect(alert).not.toContainText(developerWording);
  await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();

  // The developer wording is still there for whoever opens the console.
  await expect.poll(() => logged.join('\n')).toMatch(/exchange the code/);
});

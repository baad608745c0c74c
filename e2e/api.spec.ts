import type { Route } from '@playwright/test';
import { expect, recordRequests, signInFromHome, test } from './fixtures';
import { freePort } from './support/freePort';

/** Whether a request carried `Authorization: Bearer <JWT>`; the token itself is never printed. */
const carriesBearerJWT = (authorization: string | undefined): boolean =>
  /^Bearer eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/.test(authorization ?? '');

test('signed in, the API page shows what the API validated, and the token goes to the API only', async ({
  page,
  baseURL,
  createUser,
}) => {
  const user = await createUser('Katherine', 'Johnson');
  await signInFromHome(page, user);
  const userId = await page.locator('dt:text-is("User ID") + dd').textContent();
  const appRequests = recordRequests(page, new URL(baseURL!).origin);

  await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'API' }).click();
  await expect(page).toHaveURL(/\/profile\/api$/);
  // The real API checked the token against the identity server's keys and answered from its claims.
  await expect(page.getByTestId('whoami-sub')).toHaveText(userId!);
  await expect(page.getByTestId('whoami-acr')).toHaveText('1');
  await expect(page.getByTestId('whoami-scope')).toHaveText('openid offline_access');
  const apiCalls = appRequests.filter((request) => new URL(request.url()).pathname === '/api/whoami');
  // One call (two under E2E_VITE=dev, where StrictMode rehearses the effect and aborts its first call).
  expect(apiCalls.length).toBeGreaterThanOrEqual(1);
  expect(apiCalls.map((request) => carriesBearerJWT(request.headers().authorization))).not.toContain(false);

  // Another origin, answered here (nothing listens there): the same authFetch sends no token to it.
  const elsewhere = `http://127.0.0.1:${await freePort()}`;
  const seenElsewhere: Array<{ authorization: boolean }> = [];
  await page.route(`${elsewhere}/**`, (route) => {
    seenElsewhere.push({ authorization: 'authorization' in route.request().headers() });
    return route.fulfill({
      status: 200,
      headers: { 'access-control-allow-origin': new URL(baseURL!).origin, 'content-type': 'text/plain' },
      body: 'hello from elsewhere',
    });
  });
  await page.getByRole('textbox', { name: 'Address' }).fill(`${elsewhere}/notes`);
  await page.getByRole('button', { name: 'Send GET' }).click();
  await expect(page.getByTestId('try-answer')).toContainText('hello from elsewhere');
  expect(seenElsewhere).toEqual([{ authorization: false }]);

  // Sent from the same form to the API's origin, the token goes along again.
  await page.getByRole('textbox', { name: 'Address' }).fill(new URL('/api/whoami', baseURL).href);
  await page.getByRole('button', { name: 'Send GET' }).click();
  await expect(page.getByTestId('try-answer')).toContainText(userId!);
});

test('a 401 invalid_token from the API makes the app refresh the token once and call again once', async ({
  page,
  baseURL,
  fiefURL,
  createUser,
}) => {
  const user = await createUser('Dorothy', 'Vaughan');
  await signInFromHome(page, user);
  const fiefRequests = recordRequests(page, fiefURL);

  // The first call is refused as an API refuses a revoked token; the next ones reach the real API.
  const bearers: string[] = [];
  await page.route(new URL('/api/whoami', baseURL).href, (route: Route) => {
    bearers.push(route.request().headers().authorization ?? '');
    if (bearers.length > 1) return route.continue();
    return route.fulfill({
      status: 401,
      headers: {
        'content-type': 'application/json',
        'www-authenticate': 'Bearer realm="example-api", error="invalid_token"',
      },
      body: JSON.stringify({ error: 'invalid_token' }),
    });
  });

  await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'API' }).click();
  // The API saw the refreshed token: as on Fief, a refresh gives ACR "0" (no password was entered for it).
  await expect(page.getByTestId('whoami-acr')).toHaveText('0');
  await expect(page.getByRole('alert')).toHaveCount(0);

  expect(bearers).toHaveLength(2);
  expect(bearers.map(carriesBearerJWT)).toEqual([true, true]);
  expect(bearers[0] === bearers[1]).toBe(false); // the retry carried the refreshed token
  const refreshes = fiefRequests.filter(
    (request) => request.method() === 'POST' && new URL(request.url()).pathname === '/api/token',
  );
  expect(refreshes).toHaveLength(1);
  expect(new URLSearchParams(refreshes[0]!.postData() ?? '').get('grant_type')).toBe('refresh_token');
});

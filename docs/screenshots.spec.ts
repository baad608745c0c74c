import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, expectSignedIn, submitLogin, test } from '../e2e/fixtures';
// Not a dependency of the root package: imported from its build, as the e2e global setup does.
import { DEMO_USER } from '../packages/dev-server/dist/index.js';

/** The dev server gives each user a random UUID; a fixed one keeps the profile image the same from run to run. */
const demoUserId = '3f2b8c1e-5a7d-4e9b-8c6f-0d1a2b3c4d5e';

/** The access token's expiry that the profile page shows in every run, in the browser's local time. */
const shownExpiry = { hour: 10 };

/**
 * The browser's clock stands still at `time` and its time zone is `timezoneId`, so the countdown reads 1:00:00
 * "until 10:00:00 AM" in every run. The clock may not wander far from the identity server's: the app rejects an ID
 * token issued more than a minute in its future or already expired. So it stops at the next full hour (within the
 * hour the token lives), and the time zone is the one in which that hour plus one reads 10 AM.
 */
function frozenClock(now: number): { time: number; timezoneId: string } {
  const hour = 3_600_000;
  const time = Math.ceil(now / hour) * hour;
  const expiryUTCHour = new Date(time + hour).getUTCHours();
  let offset = (shownExpiry.hour - expiryUTCHour + 24) % 24;
  // Time zones run from UTC-12 to UTC+14.
  if (offset > 14) offset -= 24;
  // The Etc/GMT names count the other way: Etc/GMT-2 is two hours ahead of UTC.
  const timezoneId = offset === 0 ? 'UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
  return { time, timezoneId };
}

const clock = frozenClock(Date.now());
test.use({ timezoneId: clock.timezoneId });

/**
 * Saves the page above its footer to `docs/screenshots/<name>.png`. The footer names the identity server, whose
 * port is a free one here and changes every run (a newcomer's reads 8000).
 */
async function saveScreenshot(page: Page, name: string): Promise<void> {
  const footer = await page.locator('footer').boundingBox();
  if (!footer) throw new Error('the page has no footer to stop the screenshot at');
  await page.screenshot({
    path: fileURLToPath(new URL(`./screenshots/${name}.png`, import.meta.url)),
    fullPage: true,
    clip: { x: 0, y: 0, width: page.viewportSize()!.width, height: Math.round(footer.y) },
    animations: 'disabled',
  });
}

test('the README screenshots: the demo user signed in, on the profile and security pages', async ({
  page,
  env,
}) => {
  // The e2e servers start with no user; the demo user is the one `npm start` seeds and prints.
  const added = await fetch(`${env.controlURL}/users/main`, {
    method: 'POST',
    body: JSON.stringify({ ...DEMO_USER, id: demoUserId }),
  });
  expect(added.status, await added.text()).toBe(201);
  await page.clock.setFixedTime(clock.time);

  await page.goto('/');
  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
  await submitLogin(page, DEMO_USER);
  await expect(page).toHaveURL(/\/profile$/);
  await expectSignedIn(page, DEMO_USER.email);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Anne Bonny');
  await expect(page.getByTestId('token-expiry')).toContainText('1:00:00until 10:00:00 AM');
  await saveScreenshot(page, 'profile');

  await page.getByRole('link', { name: 'Security' }).click();
  await expect(page.getByRole('heading', { name: 'Change password' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Change email' })).toBeVisible();
  await saveScreenshot(page, 'security');
});

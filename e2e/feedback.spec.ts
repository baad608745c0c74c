import type { Route } from '@playwright/test';
import { expect, expectSignedOut, signInFromHome, test } from './fixtures';

test('after Send code, focus moves to the code step and the change is announced', async ({
  page,
  createUser,
}) => {
  const user = await createUser('Sophie', 'Wilson');
  await signInFromHome(page, user);
  await page.getByRole('link', { name: 'Security' }).click();

  const announcer = page.getByTestId('email-step-announcer');
  await expect(announcer).toHaveAttribute('aria-live', 'polite');
  await page.getByLabel('New email').fill(`new.${user.email}`);
  await page.getByRole('button', { name: 'Send code' }).click();
  await expect(page.getByRole('heading', { name: 'Enter the code' })).toBeFocused();
  await expect(announcer).toHaveText(`Step 2 of 2: enter the code sent to new.${user.email}.`);
});

test('"Password changed." goes away once the user types a new password', async ({ page, createUser }) => {
  const user = await createUser('Ellen', 'Ullman');
  await signInFromHome(page, user);
  await page.getByRole('link', { name: 'Security' }).click();

  const newPassword = 'another-long-enough-passphrase';
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByLabel('Repeat new password').fill(newPassword);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status')).toContainText('Password changed.');

  await page.getByLabel('New password', { exact: true }).pressSequentially('x');
  await expect(page.getByText('Password changed.')).toHaveCount(0);
});

declare global {
  interface Window {
    reportMainText?: (text: string) => Promise<void>;
  }
}

test('signing out says so until the identity server has answered', async ({ page, fiefURL, createUser }) => {
  const user = await createUser('Lynn', 'Conway');
  await signInFromHome(page, user);

  // Hold the trip to Fief's logout page, as a slow network would. While a navigation is pending Playwright waits
  // before reading the page, so the page reports what its <main> says instead.
  const isLogout = (url: URL) => url.origin === fiefURL && url.pathname === '/logout';
  let held: Route | undefined;
  await page.route(isLogout, (route) => {
    held = route;
  });
  const shown: string[] = [];
  await page.exposeFunction('reportMainText', (text: string) => {
    shown.push(text);
  });
  await page.evaluate(() => {
    const main = document.querySelector('main')!;
    new MutationObserver(() => void window.reportMainText?.(main.textContent ?? '')).observe(main, {
      childList: true,
      subtree: true,
      characterData: true,
    });
    const session = document.querySelector('[data-testid="session"]')!;
    [...session.querySelectorAll('button')].find((button) => button.textContent === 'Sign out')!.click();
  });

  await expect.poll(() => held).toBeDefined();
  expect(shown.at(-1)).toBe('Signing out…');
  expect(shown.filter((text) => text.includes('You are signed out'))).toEqual([]);

  await held!.continue();
  await expectSignedOut(page);
});

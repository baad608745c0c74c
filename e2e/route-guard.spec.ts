import { expect, submitLogin, test } from './fixtures';

declare global {
  interface Window {
    reportProtectedPaint?: (href: string) => Promise<void>;
  }
}

test('a signed-out deep link never paints the protected page, and lands back on the exact URL after login', async ({
  page,
  baseURL,
  fiefURL,
  createUser,
}) => {
  const user = await createUser('Mary', 'Jackson');
  const painted: string[] = [];
  await page.exposeFunction('reportProtectedPaint', (href: string) => {
    painted.push(href);
  });
  // Watches the DOM on every mutation and every frame: the account navigation is only in the protected page.
  await page.addInitScript(() => {
    let reported = false;
    const check = () => {
      if (reported || !document.querySelector('nav[aria-label="Account"]')) return;
      reported = true;
      void window.reportProtectedPaint?.(location.href);
    };
    new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
    const everyFrame = () => {
      check();
      requestAnimationFrame(everyFrame);
    };
    requestAnimationFrame(everyFrame);
  });

  await page.goto('/profile/security?from=email#password');
  await expect(page).toHaveURL((url) => url.origin === fiefURL);
  expect(painted).toEqual([]);

  await submitLogin(page, user);
  await expect(page).toHaveURL(`${baseURL}/profile/security?from=email#password`);
  await expect(page.getByRole('heading', { name: 'Change password' })).toBeVisible();
  // The observer does see the page once it may show: it was watching all along.
  await expect.poll(() => painted).toEqual([`${baseURL}/profile/security?from=email#password`]);
});

test('with the identity server down, a protected deep link shows the route’s sign-in error, not a crash', async ({
  page,
  fiefURL,
}) => {
  await page.route(`${fiefURL}/**`, (route) => route.abort('connectionrefused'));
  await page.goto('/profile');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Sign-in is unavailable');
  await expect(alert).toContainText('The identity server could not be reached');
  await expect(page.getByText('This page crashed')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
});

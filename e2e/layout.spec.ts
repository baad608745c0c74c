import { expect, expectSignedIn, screenshot, signInFromHome, test } from './fixtures';

const widths = [320, 375, 768, 1440];
const pages = ['/', '/profile', '/profile/security', '/profile/api'];

test('long names never make a page wider than the screen, and Sign out stays in view', async ({
  page,
  createUser,
}) => {
  // A sign-in and 16 page loads: under load on two shared cores that is more than the default 30 s.
  test.setTimeout(90_000);
  const longName = 'Wolfeschlegelsteinhausenbergerdorff'.repeat(9).slice(0, 300);
  const user = await createUser('Hubert', 'Blaine', {
    first_name: longName,
    last_name: `${longName}-Senior`,
  });
  await signInFromHome(page, user);

  for (const width of widths) {
    await page.setViewportSize({ width, height: 800 });
    for (const path of pages) {
      await page.goto(path);
      await expectSignedIn(page, user.email);
      if (path === '/profile') await expect(page.getByTestId('field-first_name')).toHaveText(longName);
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      expect(scrollWidth, `${path} at ${width} px`).toBeLessThanOrEqual(clientWidth);
      const signOut = await page.getByRole('button', { name: 'Sign out' }).boundingBox();
      expect(signOut, `Sign out on ${path} at ${width} px`).not.toBeNull();
      expect(signOut!.x, `Sign out on ${path} at ${width} px`).toBeGreaterThanOrEqual(0);
      expect(signOut!.x + signOut!.width, `Sign out on ${path} at ${width} px`).toBeLessThanOrEqual(width);
    }
  }
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto('/profile');
  await screenshot(page, 'profile-long-name-375');
});

test('the profile form limits what can be typed to a sensible length', async ({ page, createUser }) => {
  const user = await createUser('Grace', 'Hopper');
  await signInFromHome(page, user);
  for (const label of ['First name', 'Last name']) {
    await expect(page.getByLabel(label)).toHaveAttribute('maxlength', /^\d+$/);
    await page.getByLabel(label).fill('x'.repeat(1000));
    expect((await page.getByLabel(label).inputValue()).length).toBeLessThanOrEqual(100);
  }
});

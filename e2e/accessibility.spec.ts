import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, expectSignedOut, signInFromHome, test } from './fixtures';

/** The axe rules whose verdict depends on the colours: the only ones run again in the dark scheme. */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/**
 * axe's serious and critical findings on the page as it is now, in the light and the dark colour scheme, one line
 * each (scheme, rule, then the elements). Every rule runs in the light scheme; in the dark one, only those of colour
 * (the page is otherwise the same), which halves the time axe takes on two shared cores.
 */
async function seriousViolations(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const axe = new AxeBuilder({ page });
    const { violations } = await (colorScheme === 'dark' ? axe.withRules(COLOUR_RULES) : axe).analyze();
    for (const violation of violations) {
      if (violation.impact !== 'serious' && violation.impact !== 'critical') continue;
      const targets = violation.nodes.map((node) => node.target.join(' ')).join(', ');
      found.push(`${colorScheme} ${violation.id}: ${targets}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

/** Opens `path` and waits until `ready` is visible, so axe sees the page and not its loading state. */
async function open(page: Page, path: string, ready: (page: Page) => ReturnType<Page['getByRole']>) {
  await page.goto(path);
  await expect(ready(page)).toBeVisible();
}

const heading = (name: string | RegExp) => (page: Page) => page.getByRole('heading', { name, level: 1 });

test('signed out, no page has a serious or critical accessibility violation', async ({ page }) => {
  test.setTimeout(90_000); // axe takes a few seconds per page on two shared cores
  const found: Record<string, string[]> = {};
  await open(page, '/', heading(/Sign in with Fief/));
  await expectSignedOut(page);
  found.home = await seriousViolations(page);
  await open(page, '/callback?code=not-a-code&state=not-a-state', heading('Sign-in failed'));
  found.callbackError = await seriousViolations(page);
  await open(page, '/no-such-page', heading('Page not found'));
  found.notFound = await seriousViolations(page);
  expect(found).toEqual({ home: [], callbackError: [], notFound: [] });
});

test('signed in, no page has a serious or critical accessibility violation', async ({
  page,
  createUser,
  emailVerificationCode,
}) => {
  test.setTimeout(90_000); // axe takes a few seconds per page on two shared cores
  const user = await createUser('Alan', 'Kay');
  await signInFromHome(page, user);
  const found: Record<string, string[]> = {};
  found.profile = await seriousViolations(page);
  await open(page, '/', (page) => page.getByTestId('welcome'));
  found.home = await seriousViolations(page);
  await open(page, '/profile/security', (page) => page.getByRole('heading', { name: 'Change password' }));
  found.security = await seriousViolations(page);
  await page.getByLabel('New email').fill(`new.${user.email}`);
  await page.getByRole('button', { name: 'Send code' }).click();
  await expect(page.getByLabel('Verification code')).toBeVisible();
  found.emailCode = await seriousViolations(page);
  await page.getByLabel('Verification code').fill(await emailVerificationCode(`new.${user.email}`));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByText(`Your email is now new.${user.email}`)).toBeVisible();
  found.emailChanged = await seriousViolations(page);
  await open(page, '/profile/api', (page) => page.getByTestId('whoami'));
  found.api = await seriousViolations(page);
  await open(page, '/no-such-page', heading('Page not found'));
  found.notFound = await seriousViolations(page);
  expect(found).toEqual({
    profile: [],
    home: [],
    security: [],
    emailCode: [],
    emailChanged: [],
    api: [],
    notFound: [],
  });
});

test('every page has its own document title', async ({ page, createUser }) => {
  const titles: Record<string, string> = {};
  await open(page, '/', heading(/Sign in with Fief/));
  titles.home = await page.title();
  await open(page, '/callback?code=not-a-code&state=not-a-state', heading('Sign-in failed'));
  titles.callbackError = await page.title();
  await open(page, '/no-such-page', heading('Page not found'));
  titles.notFound = await page.title();

  await signInFromHome(page, await createUser('Adele', 'Goldberg'));
  // The user's email (what signInFromHome waits for) may show a frame before the profile page replaces the
  // callback page's title.
  await expect(page).toHaveTitle(/profile/i);
  titles.profile = await page.title();
  await page.getByRole('link', { name: 'Security' }).click();
  await expect(page.getByRole('heading', { name: 'Change password' })).toBeVisible();
  titles.security = await page.title();
  await page.getByRole('link', { name: 'API' }).click();
  await expect(page.getByTestId('whoami')).toBeVisible();
  titles.api = await page.title();

  const all = Object.values(titles);
  expect(new Set(all).size, JSON.stringify(titles)).toBe(all.length);
  for (const title of all) expect(title).toMatch(/ · Fief SPA example$/);
  expect(titles.profile).toMatch(/profile/i);
  expect(titles.notFound).toMatch(/not found/i);
});

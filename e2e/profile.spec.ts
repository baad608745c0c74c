import { randomUUID } from 'node:crypto';
import {
  expect,
  expectSignedIn,
  expectSignedOut,
  screenshot,
  signInFromHome,
  submitLogin,
  test,
} from './fixtures';

test('updated custom fields show at once and after a reload', async ({ page, createUser }) => {
  const user = await createUser('Hedy', 'Lamarr');
  await signInFromHome(page, user);

  await page.getByLabel('First name').fill('Hedwig');
  await page.getByLabel('Last name').fill('Kiesler');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
  await expect(page.getByTestId('field-first_name')).toHaveText('Hedwig');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hedwig Kiesler');

  await page.reload();
  await expect(page.getByTestId('field-first_name')).toHaveText('Hedwig');
  await expect(page.getByTestId('field-last_name')).toHaveText('Kiesler');
  await expect(page.getByLabel('First name')).toHaveValue('Hedwig');
});

test('a changed password is the one that signs in next time', async ({
  page,
  baseURL,
  fiefURL,
  createUser,
}) => {
  const user = await createUser('Radia', 'Perlman');
  const newPassword = 'a-new-and-longer-passphrase';
  await signInFromHome(page, user);

  await page.getByRole('link', { name: 'Security' }).click();
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByLabel('Repeat new password').fill(newPassword);
  await screenshot(page, 'security');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status')).toContainText('Password changed');

  await page.getByTestId('session').getByRole('button', { name: 'Sign out' }).click();
  await expectSignedOut(page);

  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
  await submitLogin(page, user); // the old password
  await expect(page).toHaveURL((url) => url.origin === fiefURL);
  await submitLogin(page, { email: user.email, password: newPassword });
  await expect(page).toHaveURL(`${baseURL}/profile`);
  await expectSignedIn(page, user.email);
});

test('a resumed session confirms the password, then changes and verifies the email', async ({
  page,
  baseURL,
  fiefURL,
  createUser,
  emailVerificationCode,
}) => {
  const user = await createUser('Barbara', 'Liskov');
  const newEmail = `changed.${randomUUID().slice(0, 8)}.${user.email}`;
  await signInFromHome(page, user);

  // Forget the app's session but keep the identity server's: signing in again resumes it, with ACR "0".
  await page.evaluate(() => {
    sessionStorage.clear();
    localStorage.clear();
  });
  await page.goto('/');
  await expectSignedOut(page);
  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${baseURL}/profile`);
  await expect(page.getByTestId('acr')).toContainText('0');

  await page.getByRole('link', { name: 'Security' }).click();
  await expect(page.getByRole('heading', { name: 'Confirm it’s you' })).toBeVisible();
  await expect(page.getByLabel('New email')).toHaveCount(0);
  await screenshot(page, 'confirm-identity');
  await page.getByRole('button', { name: 'Confirm with my password' }).click();
  await expect(page).toHaveURL((url) => url.origin === fiefURL);
  await submitLogin(page, user);
  await expect(page).toHaveURL(`${baseURL}/profile/security`);

  await page.getByLabel('New email').fill(newEmail);
  await page.getByRole('button', { name: 'Send code' }).click();
  await expect(page.getByText(`We sent a code to ${newEmail}`)).toBeVisible();
  await page.getByLabel('Verification code').fill(await emailVerificationCode(newEmail));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('status')).toHaveText(`Your email is now ${newEmail}.`);
  await expectSignedIn(page, newEmail);

  await page.reload();
  await expectSignedIn(page, newEmail);
});

test('on the local server: the demo user is shown, an email change to the current address is refused, and the code hint says where codes go', async ({
  page,
  createUser,
}) => {
  await page.goto('/');
  await expect(page.getByText('anne@example.com')).toBeVisible();

  const user = await createUser('Grace', 'Hopper');
  await signInFromHome(page, user);
  await page.getByRole('link', { name: 'Security' }).click();
  await page.getByLabel('New email').fill(user.email.toUpperCase());
  await page.getByRole('button', { name: 'Send code' }).click();
  await expect(page.getByText(`${user.email} is already your email address.`)).toBeVisible();
  await expect(page.getByText('We sent a code')).toHaveCount(0);

  await page.getByLabel('New email').fill(`next.${randomUUID().slice(0, 8)}.${user.email}`);
  await page.getByRole('button', { name: 'Send code' }).click();
  await expect(page.getByText('the code is printed in the terminal running npm start')).toBeVisible();
});

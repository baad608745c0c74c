import { expect, signInFromHome, test } from './fixtures';

test('an untouched profile form follows a change saved in another tab', async ({ context, createUser }) => {
  const user = await createUser('Ida', 'Rhodes');
  const first = await context.newPage();
  await signInFromHome(first, user);
  const second = await context.newPage();
  await second.goto('/profile');

  await second.getByLabel('First name').fill('Idaline');
  await second.getByRole('button', { name: 'Save changes' }).click();
  await expect(second.getByRole('status')).toHaveText('Saved.');

  await expect(first.getByRole('heading', { level: 1 })).toHaveText('Idaline Rhodes');
  await expect(first.getByLabel('First name')).toHaveValue('Idaline');
  await expect(first.getByText('changed in another tab')).toHaveCount(0);
});

test('a profile form being edited says the profile changed elsewhere, and offers the new values', async ({
  context,
  createUser,
}) => {
  const user = await createUser('Klara', 'Dan');
  const first = await context.newPage();
  await signInFromHome(first, user);
  const second = await context.newPage();
  await second.goto('/profile');

  await first.getByLabel('Last name').fill('von Neumann');
  await second.getByLabel('First name').fill('Klári');
  await second.getByRole('button', { name: 'Save changes' }).click();
  await expect(second.getByRole('status')).toHaveText('Saved.');

  // Tab 1 keeps what its user typed, and says that saving now would overwrite the other change.
  const notice = first.getByTestId('profile-changed-elsewhere');
  await expect(notice).toContainText('changed in another tab');
  await expect(first.getByLabel('Last name')).toHaveValue('von Neumann');
  await expect(first.getByLabel('First name')).toHaveValue('Klara');

  await notice.getByRole('button', { name: 'Use the new values' }).click();
  await expect(first.getByLabel('First name')).toHaveValue('Klári');
  await expect(first.getByLabel('Last name')).toHaveValue('Dan');
  await expect(notice).toHaveCount(0);
});

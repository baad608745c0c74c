import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { freePort } from './support/freePort';

/** `npm start`'s last step, the dev identity server and the example app side by side (`pnpm build` first). */
const devScript = fileURLToPath(new URL('../scripts/dev.mjs', import.meta.url));

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startDev(env: Record<string, string>): Run {
  const child = spawn(process.execPath, [devScript], { env: { ...process.env, ...env }, stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Something else listening on `port`, as another dev server would. */
function occupy(port: number): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer().listen(port, '127.0.0.1', () => resolve(server));
  });
}

const runs: Run[] = [];
const occupied: Server[] = [];
test.afterEach(async () => {
  for (const run of runs.splice(0)) if (run.child.exitCode === null) run.child.kill('SIGTERM');
  await Promise.all(occupied.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

for (const { what, variable } of [
  { what: 'identity server', variable: 'FIEF_DEV_PORT' },
  { what: 'example app', variable: 'APP_PORT' },
] as const) {
  test(`a taken ${what} port says which variable picks another, with no stack trace`, async () => {
    const ports = { FIEF_DEV_PORT: await freePort(), APP_PORT: await freePort() };
    const taken = ports[variable];
    occupied.push(await occupy(taken));
    const run = startDev({ FIEF_DEV_PORT: String(ports.FIEF_DEV_PORT), APP_PORT: String(ports.APP_PORT) });
    runs.push(run);

    expect(await run.exited).toBe(1);
    expect(run.output()).toContain(`Port ${taken} is already in use, so the ${what} cannot start.`);
    expect(run.output()).toContain(`${variable}=${taken + 1} npm start`);
    expect(run.output()).not.toMatch(/^\s+at /m);
  });
}

test('other ports for both servers: the demo client follows APP_PORT, and the demo user signs in', async ({
  page,
}) => {
  const fiefPort = await freePort();
  const appPort = await freePort();
  const run = startDev({ FIEF_DEV_PORT: String(fiefPort), APP_PORT: String(appPort) });
  runs.push(run);
  await expect
    .poll(run.output, { timeout: 20_000 })
    .toContain(`Example app:     http://127.0.0.1:${appPort}/`);

  // What the app itself says in the console (React Router warns in development of a route it cannot show).
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (['warning', 'error'].includes(message.type())) warnings.push(message.text());
  });
  await page.goto(`http://127.0.0.1:${appPort}/profile`);
  await expect(page).toHaveURL((url) => url.origin === `http://127.0.0.1:${fiefPort}`);
  await page.getByLabel('Email address').fill('anne@example.com');
  await page.getByLabel('Password').fill('herminetincture');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`http://127.0.0.1:${appPort}/profile`);
  await expect(page.getByTestId('profile-email')).toContainText('anne@example.com');
  expect(warnings.filter((warning) => warning.includes('HydrateFallback'))).toEqual([]);
});

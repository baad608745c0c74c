import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
// Not a dependency of the root package: imported from its build, as the e2e setup does (`pnpm build` first).
import { DEMO_USER, type DevServer, startDevServer } from '../../packages/dev-server/dist/index.js';
import { runCommand } from './command';
import { CLIENT_ID, type ReactMajor, writeConsumerApp } from './consumerApp';
import { readEnvironment } from './environment';
import { type StaticServer, serveStatic } from './staticServer';

/** npm's cache, kept between runs and shared by both apps, so that a second install is mostly offline. */
const npmCache = process.env.FIEF_CONSUMER_NPM_CACHE ?? join(tmpdir(), 'fief-spa-consumer-npm-cache');

/**
 * The environment of the app's own commands: none of the `npm_*` / `pnpm_*` variables of the workspace's
 * runner, so that npm sees only the user's configuration, as in a project of its own.
 */
function appEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(npm|pnpm)_/i.test(name)) env[name] = value;
  }
  return { ...env, npm_config_update_notifier: 'false', ...extra };
}

const readJSON = async (path: string): Promise<Record<string, unknown>> =>
  JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;

/**
 * One fresh app on one React major, each step a test of its own (serial: a step that fails skips the rest).
 * The app is served before it is built, so that the dev server can register its exact redirect URIs.
 */
export function consumerSuite(major: ReactMajor): void {
  test.describe(`a fresh Vite app on React ${major} with the packed packages`, () => {
    test.describe.configure({ mode: 'serial' });

    let appDir = '';
    let app: StaticServer | undefined;
    let fief: DevServer | undefined;

    test.beforeAll(async () => {
      const { workDir, coreTarball, reactTarball } = readEnvironment();
      appDir = join(workDir, `react-${major}`);
      await writeConsumerApp(appDir, { react: major, coreTarball, reactTarball });
      app = await serveStatic(join(appDir, 'dist'));
      fief = await startDevServer({
        clients: [{ clientId: CLIENT_ID, redirectURIs: [`${app.url}/callback`, `${app.url}/`] }],
        logger: () => {},
      });
    });

    test.afterAll(async () => {
      await app?.close();
      await fief?.close();
    });

    test('npm installs the tarballs, without workspace links or registry copies of them', async () => {
      await runCommand(
        'npm',
        ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', `--cache=${npmCache}`],
        { cwd: appDir, env: appEnvironment() },
      );
      const lock = (await readJSON(join(appDir, 'package-lock.json'))) as {
        packages: Record<string, { version?: string; resolved?: string; link?: boolean }>;
      };
      const entries = Object.entries(lock.packages).filter(([path]) => path.includes('@fief-spa/'));
      // One copy of each, both from the tarballs: the react package's dependency on the core is the packed core.
      expect(entries.map(([path]) => path).sort()).toEqual([
        'node_modules/@fief-spa/core',
        'node_modules/@fief-spa/react',
      ]);
      for (const [, entry] of entries) {
        expect(entry.link).toBeUndefined();
        expect(entry.resolved).toMatch(/^file:.*\.tgz$/);
      }
      const react = await readJSON(join(appDir, 'node_modules/react/package.json'));
      expect(String(react.version).split('.')[0]).toBe(major);
      const router = await readJSON(join(appDir, 'node_modules/react-router/package.json'));
      expect(String(router.version).split('.')[0]).toBe('7');
    });

    test('tsc --noEmit (strict, library types checked too) finds no error', async () => {
      await runCommand(join(appDir, 'node_modules/.bin/tsc'), ['--noEmit', '-p', '.'], {
        cwd: appDir,
        env: appEnvironment(),
      });
    });

    test("declarations the app emits name the library's types after @fief-spa/core, never jose", async () => {
      // jose is the library's dependency, not the app's: with pnpm, `import("jose")` in the app's .d.ts resolves to
      // nothing (TS2742 where TypeScript notices, a silently broken declaration where it does not).
      const outDir = join(appDir, 'declarations');
      await runCommand(
        join(appDir, 'node_modules/.bin/tsc'),
        ['-p', '.', '--noEmit', 'false', '--declaration', '--emitDeclarationOnly', '--outDir', outDir],
        { cwd: appDir, env: appEnvironment() },
      );
      const emitted = await readFile(join(outDir, 'libraryTypes.d.ts'), 'utf8');
      expect(emitted).toContain('import("@fief-spa/core").JSONWebKeySet');
      expect(emitted).not.toMatch(/jose/);
    });

    test('vite build succeeds', async () => {
      await runCommand(join(appDir, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
        cwd: appDir,
        env: appEnvironment({ VITE_FIEF_BASE_URL: fief!.url, VITE_FIEF_CLIENT_ID: CLIENT_ID }),
      });
    });

    test("the React README's component tests pass under Vitest with its config", async () => {
      // Its callback test fails without the README's config: react-router twice (react-router#12785).
      await runCommand(join(appDir, 'node_modules/.bin/vitest'), ['run'], {
        cwd: appDir,
        env: appEnvironment(),
      });
    });

    test('the bundle imports no node: module and holds nothing of the dev server', async () => {
      const assets = join(appDir, 'dist/assets');
      const scripts = (await readdir(assets)).filter((name) => name.endsWith('.js'));
      expect(scripts.length).toBeGreaterThan(0);
      for (const name of scripts) {
        const code = await readFile(join(assets, name), 'utf8');
        expect(code, `${name} names a node: module`).not.toMatch(/["'`]node:[\w/]+["'`]/);
        for (const marker of ['@fief-spa/dev-server', 'oidc-provider', DEMO_USER.password]) {
          expect(code.includes(marker), `${name} contains "${marker}" from the dev server`).toBe(false);
        }
      }
    });

    test('a user signs in and reads their email on a protected page', async ({ page }) => {
      const uncaught: Error[] = [];
      page.on('pageerror', (error) => uncaught.push(error));

      await page.goto(`${app!.url}/protected`);
      // RequireAuth sent us to the identity server's login form.
      await expect(page).toHaveURL(new RegExp(`^${fief!.url}/`));
      await page.getByLabel('Email address').fill(DEMO_USER.email);
      await page.getByLabel('Password').fill(DEMO_USER.password);
      await page.getByRole('button', { name: 'Sign in' }).click();

      await expect(page).toHaveURL(`${app!.url}/protected`);
      await expect(page.getByTestId('email')).toHaveText(DEMO_USER.email);
      await expect(page.getByTestId('first-name')).toHaveText(String(DEMO_USER.fields?.first_name));
      await expect(page.getByTestId('scope')).toContainText('openid');
      expect(uncaught).toEqual([]);
    });
  });
}

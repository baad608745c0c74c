/**
 * The package as it ships: `dist/bundle/`, built by `scripts/bundle.mjs` (`pnpm build` runs it before the tests).
 * Its chunks loaded on demand import nothing of the entry: they are factories the doors hand a kit of the entry's
 * bindings. Every other test runs the source, so this one signs in, refreshes and fails through the built files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_USER, type DevServer } from '@fief-spa/dev-server';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  CLIENT_ID,
  loginUntilCallback,
  PAGE_URL,
  REDIRECT_URI,
  recordNavigation,
  setPageURL,
  startServer,
} from '../session/__tests__/authTestKit.js';

type Core = typeof import('../index.js');
const BUNDLE = join(dirname(fileURLToPath(import.meta.url)), '../../dist/bundle');

let server: DevServer;
let core: Core;
beforeAll(async () => {
  server = await startServer();
  core = (await import(/* @vite-ignore */ join(BUNDLE, 'index.js'))) as Core;
});
afterAll(() => server.close());

it('signs in, refreshes and validates through the chunks it loads on demand', async () => {
  setPageURL(`${PAGE_URL}castles`);
  const navigation = recordNavigation();
  const fief = new core.Fief({ baseURL: server.url, clientId: CLIENT_ID });
  const auth = new core.FiefAuth(fief, { navigate: navigation.navigate });
  auth.start();

  await loginUntilCallback(auth, navigation, { returnTo: '/castles' });
  const { returnTo, userinfo } = await auth.authCallback(REDIRECT_URI);
  expect(returnTo).toBe('/castles');
  expect(userinfo.email).toBe(DEMO_USER.email);
  expect(auth.getSnapshot().status).toBe('authenticated');

  const first = await auth.getAccessToken();
  const refreshed = await auth.getAccessToken({ forceRefresh: true });
  expect(refreshed).toEqual(expect.any(String));
  expect(refreshed).not.toBe(first);

  // The token error classes live in a factory both the entry and the validation chunk call: one class, not two.
  const refused = await fief
    .validateAccessToken(refreshed!, ['castles:destroy'])
    .catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(core.FiefAccessTokenMissingScope);
  expect(refused).toBeInstanceOf(core.FiefError);
  auth.dispose();
});

it('refuses a callback whose state it never issued, with the entry’s error class', async () => {
  setPageURL(`${PAGE_URL}callback?code=abc&state=never-issued-state`);
  const auth = new core.FiefAuth(new core.Fief({ baseURL: server.url, clientId: CLIENT_ID }));
  const refused = await auth.authCallback(REDIRECT_URI).catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(core.FiefAuthCallbackError);
  expect(refused).toMatchObject({ reason: 'unknown_state' });
  auth.dispose();
});

it('ships chunks that import nothing but jose: no file of theirs is one the entry loads', () => {
  const chunks = readdirSync(BUNDLE).filter(
    (file) => file.endsWith('.js') && !/^(index|engine|testing|entry-\w+)\.js$/.test(file),
  );
  expect(chunks.sort()).toEqual(['jwe.js', 'protocolFlows.js', 'sessionFlows.js']);
  for (const chunk of chunks) {
    const code = readFileSync(join(BUNDLE, chunk), 'utf8');
    const imported = [...code.matchAll(/^import\b[^;]*?from\s*"([^"]+)";/gm)].map((match) => match[1]);
    expect(
      imported.every((specifier) => specifier === 'jose'),
      `${chunk} imports ${imported}`,
    ).toBe(true);
  }
});

/** Builds `app` as esbuild splits an app, and returns the files loaded before it runs. */
async function firstLoad(app: string): Promise<string[]> {
  const { metafile, outputFiles } = await build({
    stdin: { contents: app, resolveDir: BUNDLE, loader: 'js' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    minify: true,
    outdir: join(BUNDLE, 'app'),
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const entry = Object.keys(metafile.outputs).find(
    (path) => metafile.outputs[path]?.entryPoint !== undefined,
  )!;
  const eager = new Set<string>();
  const visit = (path: string) => {
    if (eager.has(path)) return;
    eager.add(path);
    for (const i of metafile.outputs[path]?.imports ?? [])
      if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  visit(entry);
  return outputFiles
    .filter((file) => [...eager].some((path) => file.path.endsWith(path)))
    .map((file) => file.text);
}

it('gives an app one file before it runs, whichever entries it imports', async () => {
  const app = `import { Fief, FiefAuth, FiefError, FiefIdTokenInvalid, safeReturnTo } from './index.js';
    import { FiefAuth as EngineAuth } from './engine.js';
    console.log(Fief, FiefAuth, FiefError, FiefIdTokenInvalid, safeReturnTo, EngineAuth);`;
  expect(await firstLoad(app)).toHaveLength(1);
});

it('keeps the session engine out of an app of the protocol client alone', async () => {
  const app = `import { Fief } from './index.js';
    new Fief({ baseURL: 'https://fief.test', clientId: 'c' }).getAuthURL({ redirectURI: 'https://app.test/cb' });`;
  const [entry = ''] = await firstLoad(app);
  // The session's storage keys and its sign-in checks: what the session door's kit would pull in.
  expect(entry).not.toMatch(/fief-spa|pending/i);
  expect(entry).toMatch(/openid-configuration/);
});

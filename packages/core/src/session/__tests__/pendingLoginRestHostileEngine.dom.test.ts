// The fields of a stored pending login that the session's chunk checks after the token answer (`pendingLoginRest.ts`),
// tampered with on the real flow. A `returnTo` that is a path but leaves the origin goes through, made `/`
// (`safeReturnTo`); a record whose fields are not what `redirectToLogin` wrote is refused after its one token request,
// and nothing of its login is kept: no session in either storage, the error status, a clean address bar.
import { describe, expect, it } from 'vitest';
import { pendingLoginKey } from '../pendingLogin.js';
import {
  loginUntilCallback,
  REDIRECT_URI,
  recordNavigation,
  tokenRequests,
  useAuthHarness,
} from './authTestKit.js';

const harness = useAuthHarness();

/** Stops a login on its callback page and rewrites its stored record's `pending` with `rewrite` (raw JSON text). */
async function tamperedCallback(rewrite: (pending: string) => string) {
  const navigation = recordNavigation();
  const auth = harness.engine({ navigate: navigation.navigate });
  const callbackURL = await loginUntilCallback(auth, navigation);
  const key = pendingLoginKey(new URL(callbackURL).searchParams.get('state') ?? '');
  const record = JSON.parse(sessionStorage.getItem(key) ?? 'null') as { pending: Record<string, unknown> };
  const { pending, ...rest } = record;
  const text = JSON.stringify(rest);
  sessionStorage.setItem(key, `${text.slice(0, -1)},"pending":${rewrite(JSON.stringify(pending))}}`);
  return { auth, before: tokenRequests(harness.server) };
}

/** `pending` (JSON text) with `field` set to the JSON text `value`, or removed when `value` is `undefined`. */
function withField(field: string, value: string | undefined): (pending: string) => string {
  return (pending) => {
    const object = JSON.parse(pending) as Record<string, unknown>;
    delete object[field];
    const body = JSON.stringify(object).slice(1, -1);
    return value === undefined ? `{${body}}` : `{${body},"${field}":${value}}`;
  };
}

function sessionsStored(): string[] {
  return [...Object.keys(sessionStorage), ...Object.keys(localStorage)].filter((name) =>
    name.includes(':session:'),
  );
}

describe('a stored pending login tampered with after the login started', () => {
  it.each([
    ['//evil.example/', '"//evil.example/"'],
    ['/\\evil.example/', '"/\\\\evil.example/"'],
    ['/<tab>/evil.example', '"/\\t/evil.example"'],
    ['/.\\/evil.example', '"/.\\\\/evil.example"'],
    ['/aaa… (60,000 characters)', `"/${'a'.repeat(60_000)}"`],
  ])('returnTo %s: the login goes through to "/"', async (_name, returnTo) => {
    const { auth, before } = await tamperedCallback(withField('returnTo', returnTo));

    const result = await auth.authCallback(REDIRECT_URI);

    expect(result.returnTo).toBe('/');
    expect(tokenRequests(harness.server)).toBe(before + 1);
    expect(auth.getSnapshot().status).toBe('authenticated');
  });

  it.each([
    ['returnTo on the prototype only', withField('returnTo', undefined), '"__proto__":{"returnTo":"/x"},'],
    ['acrValues an object', withField('acrValues', '{"toString":"1"}'), ''],
    ['acrValues a list', withField('acrValues', '["1"]'), ''],
    ['maxAge -1', withField('maxAge', '-1'), ''],
    ['maxAge 1e309 (Infinity once parsed)', withField('maxAge', '1e309'), ''],
    ['maxAge "5"', withField('maxAge', '"5"'), ''],
    ['maxAge 0.5', withField('maxAge', '0.5'), ''],
  ] as const)(
    '%s: refused (unknown_state) after its one token request, nothing kept',
    async (_name, rewrite, prefix) => {
      const { auth, before } = await tamperedCallback((pending) => `{${prefix}${rewrite(pending).slice(1)}`);

      const failure = await auth.authCallback(REDIRECT_URI).catch((error: unknown) => error);

      expect(failure).toMatchObject({ name: 'FiefAuthCallbackError', reason: 'unknown_state' });
      expect(tokenRequests(harness.server)).toBe(before + 1);
      expect(auth.getSnapshot()).toMatchObject({ status: 'error', userinfo: null, tokenInfo: null });
      expect(sessionsStored()).toEqual([]);
      expect(window.location.search).toBe('');
    },
  );
});

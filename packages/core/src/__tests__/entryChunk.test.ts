import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Relative and bare modules imported for their values (type-only imports and dynamic `import()` excluded). */
function staticImports(file: string): string[] {
  const source = readFileSync(join(SRC, file), 'utf8');
  const specifiers: string[] = [];
  for (const match of source.matchAll(/^(?:import|export)\s+(?!type\b)([^;]*?)\sfrom\s+'([^']+)'/gms)) {
    const clause = match[1] ?? '';
    // `import { type A, type B } from` imports nothing at runtime.
    const names = clause
      .replace(/[{}]/g, '')
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean);
    if (names.length > 0 && names.every((name) => name.startsWith('type '))) continue;
    specifiers.push(match[2] ?? '');
  }
  return specifiers;
}

/** The files reachable from `file` through static imports, and the bare modules they import. */
function reachableFrom(file: string): { seen: Set<string>; bare: Set<string> } {
  const seen = new Set<string>();
  const bare = new Set<string>();
  const visit = (current: string) => {
    if (seen.has(current)) return;
    seen.add(current);
    for (const specifier of staticImports(current)) {
      if (specifier.startsWith('.')) {
        visit(posix.normalize(posix.join(posix.dirname(current), specifier)).replace(/\.js$/, '.ts'));
      } else bare.add(specifier);
    }
  };
  visit(file);
  return { seen, bare };
}

/** What only a login or a token response needs: the protocol's chunk loaded on demand. */
const PROTOCOL_ON_DEMAND = [
  'protocol/protocolFlows.ts',
  'protocol/authURL.ts',
  'protocol/jws.ts',
  'protocol/jwkSelection.ts',
  'protocol/idToken.ts',
  'protocol/accessToken.ts',
  'protocol/tokenResponse.ts',
  'protocol/userAPI.ts',
  'protocol/clientAuth.ts',
  'protocol/clientTokens.ts',
  'protocol/decryptor.ts',
  // Apart from `json.ts` (entry) so that the entry holds none of it.
  'protocol/numericDate.ts',
  // Reading Fief's answers; the entry only sends (`transport.ts`).
  'protocol/http.ts',
];

/** The session engine's chunk loaded on demand. */
const SESSION_ON_DEMAND = [
  'session/sessionFlows.ts',
  'session/loginRedirect.ts',
  'session/logoutRedirect.ts',
  'session/pageEvents.ts',
  'session/identityReachability.ts',
  'session/leaseLock.ts',
  'session/tabLock.ts',
  'session/spentRefreshMark.ts',
  'session/loginAuthentication.ts',
  // The words of a callback refused before its token request; the entry only says which check failed.
  'session/callbackRefusal.ts',
  // The callback's work after its token answer: the session, storing it, the errors.
  'session/callbackCompletion.ts',
  // The fields of a pending login only read after the token answer; the entry checks the others.
  'session/pendingLoginRest.ts',
  'session/sessionTokens.ts',
  'session/sessionRefresher.ts',
  'session/tabMessages.ts',
  'session/tabSync.ts',
  'session/refreshDriver.ts',
  'session/refreshScheduler.ts',
  'session/sessionEngine.ts',
  'session/sessionKeeper.ts',
  'session/sessionResume.ts',
  'session/loginStart.ts',
  'session/logoutStart.ts',
  // Apart from `sessionState.ts` and `storage.ts` (entry) so that the entry holds none of them.
  'session/sessionOrder.ts',
  'session/storageListing.ts',
  // Apart from `sessionStore.ts` (entry): the entry only reads and removes the stored session; the engine stores it.
  'session/sessionSave.ts',
  // Only the engine makes random ids (its tab id, a refresh's mark).
  'protocol/crypto.ts',
];

/** Every file of `dir`, recursively, tests left out, as paths relative to `src`. */
function sourceFiles(dir: string): string[] {
  return readdirSync(join(SRC, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = posix.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__tests__' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The files whose source imports `module` with a dynamic `import()`. */
function dynamicImportersOf(module: string): string[] {
  const pattern = new RegExp(`(?<!typeof )import\\(\\s*'\\./${module.replace('.', '\\.')}'\\s*\\)`);
  // Block comments left out: a TSDoc example of a door shows the import it makes.
  const code = (file: string) => readFileSync(join(SRC, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  return sourceFiles('.').filter((file) => pattern.test(code(file)));
}

describe('the entry chunk', () => {
  it('never statically reaches jose or the JWE module (they belong to the lazy chunk)', () => {
    const { seen, bare } = reachableFrom('index.ts');
    expect(seen.has('protocol/fief.ts')).toBe(true);
    expect(seen.has('protocol/jwe.ts')).toBe(false);
    expect([...bare]).not.toContain('jose');
  });

  it('@fief-spa/core/engine, what the React layer imports values from, never reaches what only lazy code uses', () => {
    // The package entry re-exports these (public API); only the lazily loaded code uses them. Through the engine
    // subpath, a bundler that splits by file (esbuild) keeps them out of the app's first chunk.
    const { seen } = reachableFrom('engine.ts');
    expect(seen.has('protocol/fief.ts')).toBe(true);
    expect(seen.has('session/fiefAuth.ts')).toBe(true);
    const lazyButPublic = ['protocol/tokenErrors.ts', 'protocol/pkce.ts', 'protocol/base64url.ts'];
    expect(lazyButPublic.filter((file) => seen.has(file))).toEqual([]);
    const protocol = reachableFrom('protocol/protocolFlows.ts').seen;
    expect(lazyButPublic.filter((file) => !protocol.has(file))).toEqual([]);
    // `safeReturnTo` too: public, but only the session chunk uses it (a callback, after its token request).
    expect(seen.has('session/returnTo.ts')).toBe(false);
    expect(reachableFrom('session/sessionFlows.ts').seen.has('session/returnTo.ts')).toBe(true);
  });

  it('shares no file between the two lazy chunks that the entry does not hold already', () => {
    // esbuild would make such a file a chunk of its own, fetched once either lazy chunk arrived: a request in series.
    const entry = reachableFrom('engine.ts').seen;
    const protocol = reachableFrom('protocol/protocolFlows.ts').seen;
    const session = [...reachableFrom('session/sessionFlows.ts').seen];
    expect(session.filter((file) => protocol.has(file) && !entry.has(file))).toEqual([]);
  });

  it('loads the JWE module with a dynamic import, from the protocol chunk loaded on demand', () => {
    expect(readFileSync(join(SRC, 'protocol/decryptor.ts'), 'utf8')).toContain("import('./jwe.js')");
    const { seen, bare } = reachableFrom('protocol/protocolFlows.ts');
    expect(seen.has('protocol/decryptor.ts')).toBe(true);
    expect(seen.has('protocol/jwe.ts')).toBe(false);
    expect([...bare]).not.toContain('jose');
  });

  it('never statically reaches the validation, login and callback code (the chunks loaded on demand)', () => {
    const { seen } = reachableFrom('index.ts');
    expect(seen.has('session/fiefAuth.ts')).toBe(true);
    expect([...PROTOCOL_ON_DEMAND, ...SESSION_ON_DEMAND].filter((file) => seen.has(file))).toEqual([]);
  });

  it("loads each layer's code with a dynamic import of one module, which reaches all of it", () => {
    const protocol = reachableFrom('protocol/protocolFlows.ts').seen;
    expect(PROTOCOL_ON_DEMAND.filter((file) => !protocol.has(file))).toEqual([]);
    const session = reachableFrom('session/sessionFlows.ts').seen;
    expect(SESSION_ON_DEMAND.filter((file) => !session.has(file))).toEqual([]);
  });

  it('has one door per layer, loadProtocolFlows() and loadSessionFlows(), which Fief, FiefAuth and the callback go through', () => {
    expect(dynamicImportersOf('protocolFlows.js')).toEqual(['protocol/loadProtocolFlows.ts']);
    expect(dynamicImportersOf('sessionFlows.js')).toEqual(['session/loadSessionFlows.ts']);
    for (const file of ['protocol/fief.ts', 'protocol/tokenRequest.ts']) {
      expect(staticImports(file)).toContain('./loadProtocolFlows.js');
    }
    for (const file of ['session/engineDoor.ts', 'session/loginCallback.ts']) {
      expect(staticImports(file)).toContain('./loadSessionFlows.js');
    }
  });

  it('holds every check the callback runs before its token request (no chunk load before that request)', () => {
    const { seen } = reachableFrom('index.ts');
    for (const file of [
      'session/loginCallback.ts',
      'session/callbackParams.ts',
      'session/pendingLogin.ts',
      'session/fiefAuthCallbackError.ts',
    ]) {
      expect(seen.has(file)).toBe(true);
    }
    expect(reachableFrom('session/sessionFlows.ts').seen.has('session/loginCallback.ts')).toBe(false);
    expect(reachableFrom('protocol/protocolFlows.ts').seen.has('session/loginCallback.ts')).toBe(false);
  });
});

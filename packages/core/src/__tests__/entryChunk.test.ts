import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
      if (specifier.startsWith('./')) visit(specifier.slice(2).replace(/\.js$/, '.ts'));
      else bare.add(specifier);
    }
  };
  visit(file);
  return { seen, bare };
}

/** What only a login or a token response needs: the chunk loaded on demand. */
const ON_DEMAND = [
  'authFlows.ts',
  'loginRedirect.ts',
  'authURL.ts',
  'jws.ts',
  'jwkSelection.ts',
  'idToken.ts',
  'accessToken.ts',
  'leaseLock.ts',
  'tokenResponse.ts',
  'userAPI.ts',
  'clientAuth.ts',
  'decryptor.ts',
];

describe('the entry chunk', () => {
  it('never statically reaches jose or the JWE module (they belong to the lazy chunk)', () => {
    const { seen, bare } = reachableFrom('index.ts');
    expect(seen.has('fief.ts')).toBe(true);
    expect(seen.has('jwe.ts')).toBe(false);
    expect([...bare]).not.toContain('jose');
  });

  it('loads the JWE module with a dynamic import, from the chunk loaded on demand', () => {
    expect(readFileSync(join(SRC, 'decryptor.ts'), 'utf8')).toContain("import('./jwe.js')");
    const { seen, bare } = reachableFrom('authFlows.ts');
    expect(seen.has('decryptor.ts')).toBe(true);
    expect(seen.has('jwe.ts')).toBe(false);
    expect([...bare]).not.toContain('jose');
  });

  it('never statically reaches the validation, login and callback code (the chunk loaded on demand)', () => {
    const { seen } = reachableFrom('index.ts');
    expect(seen.has('fiefAuth.ts')).toBe(true);
    expect(ON_DEMAND.filter((file) => seen.has(file))).toEqual([]);
  });

  it('loads that code with a dynamic import of one module, which reaches all of it', () => {
    expect(readFileSync(join(SRC, 'loadAuthFlows.ts'), 'utf8')).toContain("import('./authFlows.js')");
    const { seen } = reachableFrom('authFlows.ts');
    expect(ON_DEMAND.filter((file) => !seen.has(file))).toEqual([]);
  });

  it('has one door to that code, loadAuthFlows(), which Fief, FiefAuth and the callback go through', () => {
    const dynamicImporters = readdirSync(SRC)
      .filter((file) => file.endsWith('.ts'))
      .filter((file) =>
        /(?<!typeof )import\(\s*'\.\/authFlows\.js'\s*\)/.test(readFileSync(join(SRC, file), 'utf8')),
      );
    expect(dynamicImporters).toEqual(['loadAuthFlows.ts']);
    for (const file of ['fief.ts', 'fiefAuth.ts', 'loginCallback.ts', 'tabSync.ts']) {
      expect(staticImports(file)).toContain('./loadAuthFlows.js');
    }
  });

  it('holds every check the callback runs before its token request (no chunk load before that request)', () => {
    const { seen } = reachableFrom('index.ts');
    for (const file of [
      'loginCallback.ts',
      'callbackParams.ts',
      'pendingLogin.ts',
      'fiefAuthCallbackError.ts',
    ]) {
      expect(seen.has(file)).toBe(true);
    }
    expect(reachableFrom('authFlows.ts').seen.has('loginCallback.ts')).toBe(false);
  });
});

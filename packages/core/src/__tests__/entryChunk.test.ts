import { readFileSync } from 'node:fs';
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

describe('the entry chunk', () => {
  it('never statically reaches jose or the JWE module (they belong to the lazy chunk)', () => {
    const seen = new Set<string>();
    const bare = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const specifier of staticImports(file)) {
        if (specifier.startsWith('./')) visit(specifier.slice(2).replace(/\.js$/, '.ts'));
        else bare.add(specifier);
      }
    };
    visit('index.ts');
    expect(seen.has('fief.ts')).toBe(true);
    expect(seen.has('jwe.ts')).toBe(false);
    expect([...bare]).not.toContain('jose');
  });

  it('loads the JWE module with a dynamic import', () => {
    expect(readFileSync(join(SRC, 'fief.ts'), 'utf8')).toContain("import('./jwe.js')");
  });
});

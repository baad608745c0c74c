import { readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PACKAGES = join(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Files reachable from `entry` by static or dynamic relative imports, and the bare modules they name. */
function reach(entry: string): { files: Set<string>; bare: Set<string> } {
  const files = new Set<string>();
  const bare = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const [, specifier = ''] of source.matchAll(/(?:from|import\()\s*'([^']+)'/g)) {
      if (!specifier.startsWith('.')) bare.add(specifier);
      else {
        const path = posix.join(posix.dirname(file), specifier).replace(/\.js$/, '');
        const candidates = [`${path}.ts`, `${path}.tsx`];
        const found = candidates.find((candidate) => {
          try {
            readFileSync(candidate);
            return true;
          } catch {
            return false;
          }
        });
        if (found) visit(found);
      }
    }
  };
  visit(join(PACKAGES, entry));
  return { files, bare };
}

describe('the testing subpaths', () => {
  it('are reachable from neither main entry', () => {
    for (const entry of ['core/src/index.ts', 'react/src/index.ts']) {
      const { files, bare } = reach(entry);
      expect([...files].filter((file) => file.includes('/testing/'))).toEqual([]);
      expect([...bare].filter((name) => name.endsWith('/testing'))).toEqual([]);
      expect(files.size).toBeGreaterThan(5); // the walk did follow imports
    }
  });
});

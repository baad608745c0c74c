import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { expect, test } from '@playwright/test';
import { runCommand } from './support/command';
import { readEnvironment } from './support/environment';

const rootLicense = new URL('../LICENSE', import.meta.url);

/** The files of a tarball (without npm's `package/` prefix), and the folder it was unpacked into. */
async function unpack(tarball: string): Promise<{ files: string[]; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'fief-spa-tarball-'));
  await runCommand('tar', ['-xzf', tarball, '-C', dir], { cwd: dir });
  const { stdout } = await runCommand('tar', ['-tzf', tarball], { cwd: dir });
  const files = stdout
    .split('\n')
    .filter((line) => line.endsWith('/') === false && line.length > 0)
    .map((line) => line.replace(/^package\//, ''));
  return { files, dir: join(dir, 'package') };
}

for (const name of ['core', 'react'] as const) {
  test.describe(`the @fief-spa/${name} tarball`, () => {
    let files: string[] = [];
    let dir = '';
    test.beforeAll(async () => {
      const environment = readEnvironment();
      ({ files, dir } = await unpack(name === 'core' ? environment.coreTarball : environment.reactTarball));
    });
    test.afterAll(() => rm(dirname(dir), { recursive: true, force: true }));

    test('holds the MIT LICENSE, the README and the built entry with its types', async () => {
      expect(files).toEqual(
        expect.arrayContaining([
          'LICENSE',
          'README.md',
          'package.json',
          // core ships its bundle (scripts/bundle.mjs), react tsc's output.
          name === 'core' ? 'dist/bundle/index.js' : 'dist/index.js',
          'dist/index.d.ts',
        ]),
      );
      expect(await readFile(join(dir, 'LICENSE'), 'utf8')).toBe(await readFile(rootLicense, 'utf8'));
    });

    test('ships every file its package.json points to, and metadata without workspace specs', async () => {
      const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      const targets = [manifest.main, manifest.types, ...collectTargets(manifest.exports)];
      for (const target of targets) {
        expect(files, `${String(target)} is in the tarball`).toContain(normalize(String(target)));
      }
      expect(JSON.stringify(manifest)).not.toContain('workspace:');
      expect(manifest).toMatchObject({ license: 'MIT', engines: { node: expect.any(String) } });
      for (const field of ['repository', 'homepage', 'bugs', 'keywords'])
        expect(manifest[field]).toBeTruthy();
    });

    test('ships no tests or fixtures', () => {
      const tests = files.filter((file) =>
        /(^|\/)(__tests__|__fixtures__|fixtures)\/|\.(test|spec|test-d)\.[cm]?[jt]sx?(\.map)?$/.test(file),
      );
      expect(tests).toEqual([]);
    });

    test('has source maps that point only to files it ships', async () => {
      const maps = files.filter((file) => file.endsWith('.map'));
      expect(maps.length).toBeGreaterThan(0);
      for (const map of maps) {
        const { sources } = JSON.parse(await readFile(join(dir, map), 'utf8')) as { sources: string[] };
        for (const source of sources) {
          expect(files, `${map} points to ${source}`).toContain(normalize(join(dirname(map), source)));
        }
      }
    });
  });
}

/** Every file path in an `exports` map, whatever the nesting of conditions. */
function collectTargets(exports: unknown): string[] {
  if (typeof exports === 'string') return [exports];
  if (exports && typeof exports === 'object') return Object.values(exports).flatMap(collectTargets);
  return [];
}

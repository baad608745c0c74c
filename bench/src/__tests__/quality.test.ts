// Package quality gates, run with the rest of the test suite: publint and attw on every publishable package (as
// packed), fief-spa's bundle budget, and the API docs. Each gate also runs on a broken fixture, to prove it bites.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BundleResult,
  budgetOf,
  budgetViolation,
  ceilingViolation,
  ENTRY_GZIP_CEILING,
  measureBundles,
} from '../bundle.ts';
import { attwProblems, PUBLISHABLE, pack, publintErrors, typedoc } from '../quality.ts';

const run = promisify(execFile);
const repoRoot = new URL('../../../', import.meta.url).pathname;
let workDir: string;
const tarballs = new Map<string, string>();

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'fief-spa-quality-'));
  // Up to date after `pnpm build` (the test command runs it first): then this only checks, in about a second.
  await run(
    join(repoRoot, 'node_modules/.bin/tsc'),
    ['-b', ...PUBLISHABLE.map((name) => `packages/${name}`)],
    {
      cwd: repoRoot,
    },
  );
  await Promise.all(
    PUBLISHABLE.map(async (name) => {
      tarballs.set(name, await pack(join(repoRoot, 'packages', name), workDir));
    }),
  );
}, 120_000);

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** Writes a package into `workDir/<name>` and packs it. */
async function fixturePackage(name: string, files: Record<string, string>): Promise<string> {
  const dir = join(workDir, name);
  await mkdir(join(dir, 'dist'), { recursive: true });
  const manifest = {
    name,
    version: '1.0.0',
    type: 'module',
    exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
    files: ['dist'],
  };
  await writeFile(join(dir, 'package.json'), JSON.stringify(manifest));
  for (const [path, text] of Object.entries(files)) await writeFile(join(dir, path), text);
  return pack(dir, workDir);
}

describe.each(PUBLISHABLE)('@fief-spa/%s as published', (name) => {
  it('has no publint error', async () => {
    expect(await publintErrors(tarballs.get(name)!)).toEqual([]);
  });

  it('has types that resolve under node10, node16 (ESM) and bundler (attw)', async () => {
    expect(await attwProblems(tarballs.get(name)!)).toEqual([]);
  }, 30_000);
});

describe('the package gates', () => {
  it('fail a package whose types file is missing (publint)', async () => {
    const tarball = await fixturePackage('missing-types', { 'dist/index.js': 'export const answer = 42;\n' });
    expect(await publintErrors(tarball)).toContainEqual(expect.stringMatching(/^FILE_DOES_NOT_EXIST/));
  }, 30_000);

  it('fail types with an extensionless relative import, which Node cannot resolve (attw)', async () => {
    const tarball = await fixturePackage('extensionless-import', {
      'dist/index.js': "export * from './answer.js';\n",
      'dist/answer.js': 'export const answer = 42;\n',
      'dist/index.d.ts': "export * from './answer';\n",
      'dist/answer.d.ts': 'export declare const answer: number;\n',
    });
    expect(await attwProblems(tarball)).toContainEqual(expect.stringMatching(/^InternalResolutionError/));
  }, 30_000);
});

describe('bundle budget', () => {
  let results: BundleResult[];
  beforeAll(async () => {
    results = await measureBundles();
  }, 60_000);

  // The 0.6 × smallest-peer target is not met yet (see bench/results.md): CI holds the line with a ratchet, so
  // the entry chunk can only shrink, and the target is measured and reported by `pnpm bench`.
  it(`keeps fief-spa's entry chunk under its ${ENTRY_GZIP_CEILING} B gzip ceiling`, () => {
    expect(ceilingViolation(results)).toBeUndefined();
  });

  it('the ceiling fails a build that grows past it by one byte', () => {
    const at = (gzip: number) =>
      results.map((r) => (r.id === 'fief-spa' ? { ...r, entry: { ...r.entry, gzip } } : r));
    expect(ceilingViolation(at(ENTRY_GZIP_CEILING))).toBeUndefined();
    expect(ceilingViolation(at(ENTRY_GZIP_CEILING + 1))).toMatch(/over its ceiling of .* by 1 B/);
  });

  it('loads every lazy chunk in one step: none waits for another lazy chunk to arrive first', () => {
    // esbuild makes a file that both lazy chunks import a chunk of its own, found only once either arrived.
    expect(budgetOf(results).fiefSpa.lazyAfterLazy).toEqual([]);
  });

  it('loads no JWE code (jose) before the app runs', () => {
    const { fiefSpa } = budgetOf(results);
    expect(fiefSpa.entryDependencies.map(([pkg]) => pkg)).not.toContain('jose');
  });

  it('the 0.6 × smallest-peer budget check reports a build 1 B over it', () => {
    const budgetBytes = budgetOf(results).budgetBytes;
    const within = results.map((r) =>
      r.id === 'fief-spa' ? { ...r, entry: { ...r.entry, gzip: budgetBytes } } : r,
    );
    const grown = results.map((r) =>
      r.id === 'fief-spa' ? { ...r, entry: { ...r.entry, gzip: budgetBytes + 1 } } : r,
    );
    expect(budgetViolation(within)).toBeUndefined();
    expect(budgetViolation(grown)).toMatch(/over its budget .* by 1 B/);
  });
});

describe('API docs (pnpm docs)', () => {
  it('generates with typedoc, warnings as errors', async () => {
    const out = join(workDir, 'docs');
    await typedoc(out);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
  }, 60_000);

  it('fails on a broken {@link}', async () => {
    // The settings of bench/typedoc.json, on one file whose doc comment links to nothing.
    const dir = join(workDir, 'docs-fixture');
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, 'brokenDoc.ts'),
      '/** See {@link NoSuchThing}. */\nexport const documented = 1;\n',
    );
    await writeFile(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, types: [] }, include: ['brokenDoc.ts'] }),
    );
    const settings = JSON.parse(await readFile(new URL('../../typedoc.json', import.meta.url), 'utf8'));
    await writeFile(
      join(dir, 'typedoc.json'),
      JSON.stringify({
        ...settings,
        entryPoints: [join(dir, 'brokenDoc.ts')],
        tsconfig: join(dir, 'tsconfig.json'),
      }),
    );
    await expect(typedoc(join(dir, 'out'), join(dir, 'typedoc.json'))).rejects.toThrow(/NoSuchThing/);
  }, 60_000);
});

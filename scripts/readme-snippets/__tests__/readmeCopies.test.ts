import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../compileSnippets.js';
import { copyDrift, findReadmeCopies } from '../readmeCopies.js';

const copies = await findReadmeCopies(repoRoot);

describe('README examples run as test files', () => {
  it('are found in the core, the React package and the example app', () => {
    expect(copies.map(({ readme }) => readme)).toEqual(
      expect.arrayContaining([
        'examples/vite-react/README.md',
        'packages/core/README.md',
        'packages/react/README.md',
      ]),
    );
  });

  it.each(copies.map((copy) => [copy.copy, copy] as const))(
    '%s is its README block, line for line',
    async (_name, copy) => {
      expect(await copyDrift(repoRoot, copy)).toEqual([]);
    },
  );
});

describe('copyDrift', () => {
  const fence = '```';
  let root = '';
  afterAll(() => rm(root, { recursive: true, force: true }));

  /** A repository with one package whose README holds `block` and whose test file is `copy`. */
  async function repository(block: string[], copy: string[]): Promise<string> {
    root = await mkdtemp(join(tmpdir(), 'readme-copies-'));
    await mkdir(join(root, 'packages/lib/src/__tests__'), { recursive: true });
    const manifest = { name: '@scope/lib', exports: { '.': { source: './src/index.ts' } } };
    await writeFile(join(root, 'packages/lib/package.json'), JSON.stringify(manifest));
    await writeFile(
      join(root, 'packages/lib/README.md'),
      ['# lib', `${fence}ts`, ...block, fence, ''].join('\n'),
    );
    await writeFile(join(root, 'packages/lib/src/__tests__/readme.test.ts'), `${copy.join('\n')}\n`);
    return root;
  }

  const header = '// The example of the README, kept line for line (imports point at the sources).';
  const readmeBlock = [
    "import { answer } from '@scope/lib';",
    "import { expect, it } from 'vitest';",
    '',
    "it('answers', () => {",
    '  expect(answer).toBe(42);',
    '});',
  ];

  it('finds nothing between a copy and its block when only the import of the sources differs', async () => {
    const root = await repository(readmeBlock, [
      header,
      '',
      "import { expect, it } from 'vitest';",
      "import { answer } from '../index.js';",
      ...readmeBlock.slice(2),
    ]);
    const [copy] = await findReadmeCopies(root);
    expect(copy).toEqual({
      copy: 'packages/lib/src/__tests__/readme.test.ts',
      readme: 'packages/lib/README.md',
    });
    expect(await copyDrift(root, copy!)).toEqual([]);
  });

  it('names a line and an import that the copy added to make its tests pass', async () => {
    const root = await repository(readmeBlock, [
      header,
      '',
      "import { answer } from '@scope/lib';",
      "import { afterEach, expect, it } from 'vitest';",
      '',
      'afterEach(() => {});',
      ...readmeBlock.slice(2),
    ]);
    const [copy] = await findReadmeCopies(root);
    const drift = await copyDrift(root, copy!);
    expect(drift).toHaveLength(2);
    expect(drift[0]).toMatch(/^imports from 'vitest': .* has \{afterEach, expect, it\}, .* \{expect, it\}$/);
    expect(drift[1]).toMatch(
      /has `afterEach\(\(\) => \{\}\);`, packages\/lib\/README.md:2 `it\('answers', \(\) => \{`$/,
    );
  });
});

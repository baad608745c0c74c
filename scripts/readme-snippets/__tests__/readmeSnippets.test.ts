import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileSnippets, repoRoot, type SnippetDiagnostic } from '../compileSnippets.js';
import { givensOf } from '../exampleGivens.js';
import { withPreamble } from '../examplePreamble.js';
import { exampleSourceFiles, extractExamples } from '../extractExamples.js';
import { extractSnippets, type SnippetModule } from '../extractSnippets.js';
import { readmeFiles } from '../readmeFiles.js';

const outDir = join(repoRoot, 'node_modules/.cache/readme-snippets');
const readmes = await readmeFiles(repoRoot);
const modules: SnippetModule[] = [];
for (const readme of readmes) {
  modules.push(...extractSnippets(readme, await readFile(join(repoRoot, readme), 'utf8')).modules);
}
const examples: SnippetModule[] = [];
const sources = await exampleSourceFiles(repoRoot);
for (const file of sources) {
  for (const example of extractExamples(file, await readFile(join(repoRoot, file), 'utf8')))
    examples.push(withPreamble(example, { root: repoRoot, outDir, sources, givens: givensOf }));
}

/** The errors of one module, as `file:line:column message`. */
function errorsOf(diagnostics: SnippetDiagnostic[], name: string | undefined): string[] {
  return diagnostics
    .filter((diagnostic) => diagnostic.module === name)
    .map((diagnostic) => `${diagnostic.location} ${diagnostic.message}`);
}

// One tsc run for the README blocks and the TSDoc examples: most of its time goes to the packages' sources.
let diagnostics: SnippetDiagnostic[] = [];
beforeAll(async () => {
  diagnostics = await compileSnippets([...modules, ...examples], outDir);
}, 120_000);

/** The tests of one kind of block: that they are found where they should be, and that each compiles. */
function describeBlocks(kind: string, blocks: SnippetModule[], where: string, files: string[]): void {
  describe(kind, () => {
    it(`are found in ${where}`, () => {
      const found = new Set(blocks.map((block) => block.readme));
      for (const file of files) expect(found).toContain(file);
    });

    it.each(blocks.map((block) => [block.name] as const))('%s compiles (strict)', (name) => {
      expect(errorsOf(diagnostics, name)).toEqual([]);
    });
  });
}

describeBlocks('README code blocks', modules, 'the root README and the package READMEs', [
  'README.md',
  'packages/core/README.md',
  'packages/react/README.md',
]);

describeBlocks(
  'TSDoc @example blocks',
  examples,
  'the public API and the internal modules of every package',
  [
    'packages/core/src/protocol/fief.ts',
    'packages/core/src/session/leaseLock.ts',
    'packages/react/src/hooks.ts',
    'packages/dev-server/src/server.ts',
  ],
);

it('compile without errors outside the blocks (the packages they import)', () => {
  expect(errorsOf(diagnostics, undefined)).toEqual([]);
});

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

describe('README code blocks', () => {
  it('are found in the root README and the package READMEs', () => {
    const withBlocks = new Set(modules.map((module) => module.readme));
    expect(withBlocks).toContain('README.md');
    expect(withBlocks).toContain('packages/core/README.md');
    expect(withBlocks).toContain('packages/react/README.md');
  });

  it.each(modules.map((module) => [module.name, module] as const))('%s compiles (strict)', (name) => {
    expect(errorsOf(diagnostics, name)).toEqual([]);
  });

  it('compile without errors outside the snippets (the packages they import)', () => {
    expect(errorsOf(diagnostics, undefined)).toEqual([]);
  });
});

describe('TSDoc @example blocks', () => {
  it('are found in the public API and the internal modules of every package', () => {
    const files = new Set(examples.map((example) => example.readme));
    expect(files).toContain('packages/core/src/protocol/fief.ts');
    expect(files).toContain('packages/core/src/session/leaseLock.ts');
    expect(files).toContain('packages/react/src/hooks.ts');
    expect(files).toContain('packages/dev-server/src/server.ts');
  });

  it.each(examples.map((example) => [example.name, example] as const))('%s compiles (strict)', (name) => {
    expect(errorsOf(diagnostics, name)).toEqual([]);
  });
});

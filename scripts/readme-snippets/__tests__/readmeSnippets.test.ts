import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileSnippets, repoRoot, type SnippetDiagnostic } from '../compileSnippets.js';
import { extractSnippets, type SnippetModule } from '../extractSnippets.js';
import { readmeFiles } from '../readmeFiles.js';

const readmes = await readmeFiles(repoRoot);
const modules: SnippetModule[] = [];
for (const readme of readmes) {
  modules.push(...extractSnippets(readme, await readFile(join(repoRoot, readme), 'utf8')).modules);
}

describe('README code blocks', () => {
  let diagnostics: SnippetDiagnostic[] = [];
  beforeAll(async () => {
    diagnostics = await compileSnippets(modules, join(repoRoot, 'node_modules/.cache/readme-snippets'));
  }, 120_000);

  it('are found in the root README and the package READMEs', () => {
    const withBlocks = new Set(modules.map((module) => module.readme));
    expect(withBlocks).toContain('README.md');
    expect(withBlocks).toContain('packages/core/README.md');
    expect(withBlocks).toContain('packages/react/README.md');
  });

  it.each(modules.map((module) => [module.name, module] as const))(
    '%s compiles (strict)',
    (_name, module) => {
      const errors = diagnostics
        .filter((diagnostic) => diagnostic.module === module.name)
        .map((diagnostic) => `${diagnostic.location} ${diagnostic.message}`);
      expect(errors).toEqual([]);
    },
  );

  it('compile without errors outside the snippets (the packages they import)', () => {
    const errors = diagnostics
      .filter((diagnostic) => diagnostic.module === undefined)
      .map((diagnostic) => `${diagnostic.location} ${diagnostic.message}`);
    expect(errors).toEqual([]);
  });
});

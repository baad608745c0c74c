import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSnippets, repoRoot } from '../compileSnippets.js';
import { extractSnippets, SnippetMarkerError } from '../extractSnippets.js';

const fence = '```';

describe('extractSnippets', () => {
  it('makes each ts and tsx block a module of its own, and leaves other languages out', () => {
    const markdown = [
      '# Title',
      `${fence}sh`,
      'pnpm add @fief-spa/core',
      fence,
      `${fence}ts`,
      'const a = 1;',
      fence,
      `${fence}tsx`,
      'const b = <p />;',
      fence,
    ].join('\n');
    const { modules } = extractSnippets('README.md', markdown);
    expect(modules.map(({ name, extension, code }) => ({ name, extension, code }))).toEqual([
      { name: 'README.md:5', extension: 'ts', code: 'const a = 1;\n' },
      { name: 'README.md:8', extension: 'tsx', code: 'const b = <p />;\n' },
    ]);
  });

  it('appends a block marked "snippet: continues" to the previous module', () => {
    const markdown = [
      `${fence}ts`,
      'const fief = 1;',
      fence,
      'Some prose.',
      '',
      '<!-- snippet: continues -->',
      `${fence}ts`,
      'fief + 1;',
      fence,
    ].join('\n');
    const { modules } = extractSnippets('README.md', markdown);
    expect(modules).toHaveLength(1);
    expect(modules[0]?.code).toBe('const fief = 1;\nfief + 1;\n');
    expect(modules[0]?.blocks).toEqual([
      { readmeLine: 2, moduleLine: 1, lineCount: 1 },
      { readmeLine: 8, moduleLine: 2, lineCount: 1 },
    ]);
  });

  it('leaves out a block marked snippet-skip, and keeps its reason', () => {
    const markdown = [
      '<!-- snippet-skip: shows a type error on purpose -->',
      `${fence}ts`,
      'x.y;',
      fence,
    ].join('\n');
    expect(extractSnippets('README.md', markdown)).toEqual({
      modules: [],
      skipped: [{ readme: 'README.md', line: 2, reason: 'shows a type error on purpose' }],
    });
  });

  it('refuses a snippet-skip marker without a reason', () => {
    const markdown = ['<!-- snippet-skip -->', `${fence}ts`, 'x.y;', fence].join('\n');
    expect(() => extractSnippets('README.md', markdown)).toThrow(SnippetMarkerError);
    expect(() => extractSnippets('README.md', markdown)).toThrow('README.md:1: snippet-skip needs a reason');
  });

  it('refuses a misspelt marker rather than compiling or skipping the block silently', () => {
    const markdown = ['<!-- snippet-skp: typo -->', `${fence}ts`, 'x.y;', fence].join('\n');
    expect(() => extractSnippets('README.md', markdown)).toThrow('unknown marker');
  });

  it('reads blocks indented in a list item', () => {
    const markdown = ['1. Step:', '', `   ${fence}ts`, '   const a: number = 1;', `   ${fence}`].join('\n');
    expect(extractSnippets('README.md', markdown).modules[0]?.code).toBe('const a: number = 1;\n');
  });
});

describe('compileSnippets', () => {
  it('reports a type error at its README line, in a continued block too', async () => {
    const markdown = [
      `${fence}ts`,
      "import { Fief } from '@fief-spa/core';",
      "const fief = new Fief({ baseURL: 'https://example.fief.dev', clientId: 'x' });",
      fence,
      '<!-- snippet: continues -->',
      `${fence}ts`,
      'const id: number = fief.clientId;',
      fence,
    ].join('\n');
    const { modules } = extractSnippets('FIXTURE.md', markdown);
    const diagnostics = await compileSnippets(
      modules,
      join(repoRoot, 'node_modules/.cache/readme-snippets-fixture'),
    );
    expect(diagnostics).toEqual([
      {
        module: 'FIXTURE.md:1',
        location: 'FIXTURE.md:7:7',
        message: "TS2322: Type 'string' is not assignable to type 'number'.",
      },
    ]);
  }, 120_000);
});

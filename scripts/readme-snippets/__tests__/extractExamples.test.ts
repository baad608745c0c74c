import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../compileSnippets.js';
import { withPreamble } from '../examplePreamble.js';
import { extractExamples } from '../extractExamples.js';
import { readmePlaceOf } from '../extractSnippets.js';

const fence = '```';

/** A comment as it sits in a source file, with its ` * ` on every line. */
const comment = (indent: string, lines: string[]) =>
  [`${indent}/**`, ...lines.map((line) => `${indent} *${line ? ` ${line}` : ''}`), `${indent} */`].join('\n');

describe('extractExamples', () => {
  it('takes the ts and tsx blocks of @example tags, without the comment prefix', () => {
    const source = [
      '// line 1',
      comment('', [
        'Says hello.',
        `${fence}ts`,
        'notAnExample();',
        fence,
        '@example',
        `${fence}ts`,
        "hello('Anne');",
        '',
        "hello('Yves');",
        fence,
        `${fence}sh`,
        'pnpm hello',
        fence,
        '@returns nothing',
        `${fence}ts`,
        'notAnExampleEither();',
        fence,
      ]),
      comment('  ', ['@example', `${fence}tsx`, '<Hello />;', fence]),
    ].join('\n');
    const examples = extractExamples('src/hello.ts', source);
    expect(examples.map(({ name, extension, code }) => ({ name, extension, code }))).toEqual([
      { name: 'src/hello.ts:8', extension: 'ts', code: "hello('Anne');\n\nhello('Yves');\n" },
      { name: 'src/hello.ts:23', extension: 'tsx', code: '<Hello />;\n' },
    ]);
  });

  it('places a line and column of a block back in the source file', () => {
    const source = [
      'class A {',
      comment('  ', ['@example', `${fence}ts`, 'a;', 'const b: number = a;', fence]),
    ].join('\n');
    const [example] = extractExamples('src/a.ts', source);
    // `b` is at column 7 of the block's second line: line 6 of the file, after `   * `.
    expect(example && readmePlaceOf(example, 2, 7)).toEqual({ line: 6, column: 12 });
  });
});

describe('withPreamble', () => {
  const file = 'packages/core/src/session/storage.ts';
  const context = {
    root: repoRoot,
    outDir: join(repoRoot, 'node_modules/.cache/examples'),
    sources: [file, 'packages/core/src/session/sessionStore.ts'],
    givens: () => ({ session: 'Session', clientId: 'string', unused: 'number' }),
  };
  const example = (code: string) => {
    const [found] = extractExamples(
      file,
      comment('', ['@example', `${fence}ts`, ...code.split('\n'), fence]),
    );
    if (!found) throw new Error('no example');
    return withPreamble(found, context);
  };

  it('imports the names of its module an example uses, and declares the givens it uses with their types', () => {
    const preambled = example("storageKey('session', clientId);");
    expect(preambled.code).toBe(
      [
        "import { storageKey } from '../../../packages/core/src/session/storage.js';",
        'declare const clientId: string;',
        "storageKey('session', clientId);",
        '',
      ].join('\n'),
    );
    // The example's line, below the two the preamble added: line 4 of the file (after `/**`, `@example` and the fence).
    expect(readmePlaceOf(preambled, 3, 1)).toEqual({ line: 4, column: 4 });
  });

  it('imports the type of a given from the module that declares it, as a type', () => {
    expect(example('session.sid;').code).toContain(
      "import { type Session } from '../../../packages/core/src/session/sessionStore.js';\ndeclare const session: Session;",
    );
  });

  it('declares nothing the example declares itself, nor a name it only uses as a property or in a string', () => {
    const { code } = example(
      "const clientId = 'x';\nconst key = storageKey('session', clientId);\nkey.session;\n// session",
    );
    expect(code.split('\n').filter((line) => /^(import|declare)/.test(line))).toEqual([
      "import { storageKey } from '../../../packages/core/src/session/storage.js';",
    ]);
  });

  it('imports nothing from its module for an example written as an app, with imports from a package', () => {
    const { code } = example("import { storageKey } from '@fief-spa/core';\nstorageKey('session', 'x');");
    expect(code).toBe("import { storageKey } from '@fief-spa/core';\nstorageKey('session', 'x');\n");
  });

  it("reads an example's relative imports from its module's folder", () => {
    const { code } = example("import { loadSession } from './sessionStore.js';\nloadSession;");
    expect(code).toContain("from '../../../packages/core/src/session/sessionStore.js';");
  });
});

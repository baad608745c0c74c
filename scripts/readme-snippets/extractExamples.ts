import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { SnippetModule } from './extractSnippets.js';

/**
 * Finds the TypeScript code blocks of the TSDoc `@example` tags of a source file: the ```ts and ```tsx fences
 * between an `@example` line and the next tag or the end of the comment. Each block is a module of its own, its
 * lines stripped of the comment's ` * ` and placed back at their line and column of the source file.
 */

/** Fence languages that are compiled, as in the READMEs. */
const LANGUAGES = new Set(['ts', 'tsx', 'typescript']);

/** The ` * ` (or `   * ` inside a class) that starts each line of a TSDoc comment. */
const COMMENT_PREFIX = /^\s*\* ?/;
const FENCE = /^(`{3,}|~{3,})\s*([\w-]*)/;
/** A TSDoc tag that ends the `@example` before it. */
const NEXT_TAG = /^@\w+/;

export function extractExamples(file: string, source: string): SnippetModule[] {
  const lines = source.split('\n');
  const modules: SnippetModule[] = [];
  let inComment = false;
  let inExample = false;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (!inComment) {
      inComment = /^\s*\/\*\*/.test(line) && !line.includes('*/');
      continue;
    }
    if (line.includes('*/')) {
      inComment = false;
      inExample = false;
      continue;
    }
    const text = line.replace(COMMENT_PREFIX, '');
    if (NEXT_TAG.test(text)) {
      inExample = text.startsWith('@example');
      continue;
    }
    const open = inExample && FENCE.exec(text);
    if (!open) continue;
    const [, fence = '', language = ''] = open;
    let close = index + 1;
    while (close < lines.length && !commentText(lines[close]).trim().startsWith(fence)) {
      if (lines[close]?.includes('*/')) break;
      close++;
    }
    const body = lines.slice(index + 1, close);
    const fenceLine = index + 1;
    index = close;
    if (!LANGUAGES.has(language)) continue;
    modules.push({
      readme: file,
      name: `${file}:${fenceLine}`,
      extension: language === 'tsx' ? 'tsx' : 'ts',
      code: `${body.map(commentText).join('\n')}\n`,
      blocks: [
        {
          readmeLine: fenceLine + 1,
          moduleLine: 1,
          lineCount: body.length,
          columnOffset: prefixWidth(body),
        },
      ],
    });
  }
  return modules;
}

function commentText(line: string | undefined): string {
  return (line ?? '').replace(COMMENT_PREFIX, '');
}

/** How many columns the comment prefix takes, read from the first line of code (blank lines may be shorter). */
function prefixWidth(body: string[]): number {
  const line = body.find((candidate) => commentText(candidate).trim() !== '') ?? '';
  return COMMENT_PREFIX.exec(line)?.[0].length ?? 0;
}

/**
 * The source files whose examples are compiled, relative to the repository root: every `.ts` and `.tsx` under
 * `packages/*\/src`, without the tests and their helpers (`__tests__`) and the ambient declarations.
 */
export async function exampleSourceFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const visit = async (dir: string): Promise<void> => {
    const entries = await readdir(join(root, dir), { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '__tests__' && entry.name !== 'node_modules') await visit(path);
      } else if (/\.tsx?$/.test(entry.name) && !/\.(d|test)\.tsx?$/.test(entry.name)) found.push(path);
    }
  };
  for (const name of (await readdir(join(root, 'packages'))).sort()) {
    const src = join('packages', name, 'src');
    if (existsSync(join(root, src))) await visit(src);
  }
  return found;
}

/**
 * Finds the TypeScript code blocks of a Markdown file and groups them into the modules the compile check
 * type-checks. A block is a module of its own unless the comment line before it says otherwise:
 * `<!-- snippet: continues -->` appends it to the previous module of the file (a walkthrough that declares
 * `fief` once), `<!-- snippet-skip: reason -->` leaves it out (the reason is required).
 */

/** Fence languages that are compiled; `tsx` blocks make their module a `.tsx` file. */
const LANGUAGES = new Set(['ts', 'tsx', 'typescript']);

/** Where one README block landed in a generated module, to map compiler lines back to the README. */
export interface SnippetBlock {
  /** 1-based line of the README where the block's code starts (the line after the fence). */
  readmeLine: number;
  /** 1-based line of the generated module where it starts. */
  moduleLine: number;
  lineCount: number;
  /** Columns stripped from the start of each line (the ` * ` of a TSDoc comment), added back to a column. */
  columnOffset?: number;
}

export interface SnippetModule {
  /** The README as given to `extractSnippets`, or the source file of a TSDoc example. */
  readme: string;
  /** A name unique in the run: `<readme>:<line of the first block's fence>`. */
  name: string;
  extension: 'ts' | 'tsx';
  code: string;
  blocks: SnippetBlock[];
}

export interface Extraction {
  modules: SnippetModule[];
  /** Blocks left out with `snippet-skip`, with their reason. */
  skipped: Array<{ readme: string; line: number; reason: string }>;
}

export class SnippetMarkerError extends Error {
  readonly code = 'ERR_SNIPPET_MARKER';
  constructor(readme: string, line: number, problem: string) {
    super(`${readme}:${line}: ${problem}`);
    this.name = 'SnippetMarkerError';
  }
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/;
const MARKER = /^\s*<!--\s*(snippet[\w-]*)\s*(?::\s*(.*?))?\s*-->\s*$/;

type Marker = { kind: 'none' } | { kind: 'skip'; reason: string } | { kind: 'continues' };

/** The marker on the last non-blank line before `index`, if that line is a snippet comment. */
function markerBefore(lines: string[], index: number, readme: string): Marker {
  let previous = index - 1;
  while (previous >= 0 && lines[previous]?.trim() === '') previous--;
  const match = MARKER.exec(lines[previous] ?? '');
  if (!match) return { kind: 'none' };
  const [, name, argument = ''] = match;
  if (name === 'snippet-skip') {
    if (!argument) throw new SnippetMarkerError(readme, previous + 1, 'snippet-skip needs a reason');
    return { kind: 'skip', reason: argument };
  }
  if (name === 'snippet' && argument === 'continues') return { kind: 'continues' };
  throw new SnippetMarkerError(
    readme,
    previous + 1,
    `unknown marker "${match[0].trim()}" (use <!-- snippet-skip: reason --> or <!-- snippet: continues -->)`,
  );
}

export function extractSnippets(readme: string, markdown: string): Extraction {
  const lines = markdown.split('\n');
  const modules: SnippetModule[] = [];
  const skipped: Extraction['skipped'] = [];
  let last: SnippetModule | undefined;

  for (let index = 0; index < lines.length; index++) {
    const open = FENCE.exec(lines[index] ?? '');
    if (!open) continue;
    const [, indent = '', fence = '', language = ''] = open;
    let close = index + 1;
    while (close < lines.length && !(lines[close] ?? '').trim().startsWith(fence)) close++;
    const body = lines
      .slice(index + 1, close)
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line));
    const fenceLine = index + 1;
    index = close;
    if (!LANGUAGES.has(language)) continue;

    const marker = markerBefore(lines, fenceLine - 1, readme);
    if (marker.kind === 'skip') {
      skipped.push({ readme, line: fenceLine, reason: marker.reason });
      continue;
    }
    const extension = language === 'tsx' ? 'tsx' : 'ts';
    if (marker.kind === 'continues') {
      if (!last)
        throw new SnippetMarkerError(
          readme,
          fenceLine,
          'snippet: continues, but no compiled block before it',
        );
      const moduleLine = last.code.split('\n').length;
      last.code += `${body.join('\n')}\n`;
      last.blocks.push({ readmeLine: fenceLine + 1, moduleLine, lineCount: body.length });
      if (extension === 'tsx') last.extension = 'tsx';
      continue;
    }
    last = {
      readme,
      name: `${readme}:${fenceLine}`,
      extension,
      code: `${body.join('\n')}\n`,
      blocks: [{ readmeLine: fenceLine + 1, moduleLine: 1, lineCount: body.length }],
    };
    modules.push(last);
  }
  return { modules, skipped };
}

/** The README line and column of a place in a generated module, or undefined for lines the check added itself. */
export function readmePlaceOf(
  module: SnippetModule,
  moduleLine: number,
  moduleColumn: number,
): { line: number; column: number } | undefined {
  const block = module.blocks.find(
    (candidate) =>
      moduleLine >= candidate.moduleLine && moduleLine < candidate.moduleLine + candidate.lineCount,
  );
  return (
    block && {
      line: block.readmeLine + (moduleLine - block.moduleLine),
      column: moduleColumn + (block.columnOffset ?? 0),
    }
  );
}

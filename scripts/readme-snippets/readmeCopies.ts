import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { extractSnippets } from './extractSnippets.js';

/**
 * A README example that the compile check cannot run is run as a test file of its own, which says so on its first
 * line (`// The "…" example of the README, kept line for line`). Copied by hand, such a file drifts: a line added
 * to make the test pass (a `cleanup` between tests) never reaches the README, and the README's example then fails
 * in the user's project. This module pairs each such copy with its README block and tells where they differ.
 */

/** The first-line comment that makes a test file a copy of a README block. */
const COPY_HEADER = /^\/\/ .*\bkept line for line\b/;

export interface ReadmeCopy {
  /** The test file, relative to the repository root. */
  copy: string;
  /** The README of its package or example: the nearest one up from the copy. */
  readme: string;
}

/** The copies under `packages/*` and `examples/*`, found by their header. */
export async function findReadmeCopies(root: string): Promise<ReadmeCopy[]> {
  const copies: ReadmeCopy[] = [];
  for (const folder of ['packages', 'examples']) {
    if (!existsSync(join(root, folder))) continue;
    for (const entry of await readdir(join(root, folder), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const project = join(folder, entry.name);
      for (const file of await testFiles(root, join(project, 'src'))) {
        const text = await readFile(join(root, file), 'utf8');
        if (COPY_HEADER.test(text.split('\n', 1)[0] ?? ''))
          copies.push({ copy: file, readme: join(project, 'README.md') });
      }
    }
  }
  return copies.sort((a, b) => a.copy.localeCompare(b.copy));
}

async function testFiles(root: string, dir: string): Promise<string[]> {
  if (!existsSync(join(root, dir))) return [];
  const found: string[] = [];
  for (const entry of await readdir(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') found.push(...(await testFiles(root, path)));
    else if (/\.test\.tsx?$/.test(entry.name) && dir.includes('__tests__')) found.push(path);
  }
  return found;
}

/** A module's imports, by the specifier a user writes: specifier → sorted names (`default`, `* as x`, `type T`). */
type Imports = Record<string, string[]>;

/** A module split into what it imports and the lines after its imports. */
interface ModuleParts {
  imports: Imports;
  body: string[];
}

const IMPORT = /^import\s+(type\s+)?(?:\{([^}]*)\}|([\w$]+)|(\*\s+as\s+[\w$]+))\s+from\s+'([^']+)';$/;

/** Splits `code` into its leading imports and the rest; comments and blank lines before the first import go. */
function splitModule(code: string, specifierOf: (specifier: string) => string): ModuleParts {
  const lines = code.replace(/\n+$/, '').split('\n');
  let index = 0;
  while (index < lines.length && /^(\/\/.*|\s*)$/.test(lines[index] ?? '')) index++;
  const imports: Imports = {};
  while (index < lines.length && (lines[index] ?? '').startsWith('import ')) {
    let statement = lines[index++] ?? '';
    while (!statement.endsWith(';') && index < lines.length) statement += ` ${(lines[index++] ?? '').trim()}`;
    const match = IMPORT.exec(statement.replace(/\s+/g, ' ').replace('{ ', '{').replace(' }', '}'));
    if (!match) throw new Error(`cannot read the import "${statement}"`);
    const [, typeOnly = '', named, defaultName, namespace, specifier = ''] = match;
    const names = named
      ? named
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean)
      : [defaultName ?? namespace ?? ''];
    const key = specifierOf(specifier);
    imports[key] = [...(imports[key] ?? []), ...names.map((name) => `${typeOnly}${name}`)].sort();
    while (index < lines.length && (lines[index] ?? '').trim() === '') index++;
  }
  return { imports, body: lines.slice(index) };
}

/**
 * What `copy` holds that its README block does not, and the reverse, as readable lines; empty when they are the same
 * module. The copy's imports of its package's sources (`../index.js`) count as the package's name
 * (`@fief-spa/react`), read from the `source` paths of the package's exports.
 */
export async function copyDrift(root: string, { copy, readme }: ReadmeCopy): Promise<string[]> {
  const copyText = await readFile(join(root, copy), 'utf8');
  const specifierOf = await packageSpecifiers(root, dirname(copy));
  const copied = splitModule(copyText, specifierOf);
  const firstTest = copied.body.find((line) => /^(it|test|describe)\(/.test(line));
  if (!firstTest) return [`${copy} has no it(), test() or describe() line to find its README block by`];
  const { modules } = extractSnippets(readme, await readFile(join(root, readme), 'utf8'));
  const block = modules.find((module) => module.code.split('\n').includes(firstTest));
  if (!block) return [`${readme} has no code block with the line \`${firstTest}\` of ${copy}`];
  const original = splitModule(block.code, (specifier) => specifier);

  const drift: string[] = [];
  const specifiers = new Set([...Object.keys(copied.imports), ...Object.keys(original.imports)]);
  for (const specifier of [...specifiers].sort()) {
    const inCopy = copied.imports[specifier] ?? [];
    const inReadme = original.imports[specifier] ?? [];
    if (inCopy.join() !== inReadme.join()) {
      drift.push(
        `imports from '${specifier}': ${copy} has {${inCopy.join(', ')}}, ${block.name} {${inReadme.join(', ')}}`,
      );
    }
  }
  const length = Math.max(copied.body.length, original.body.length);
  for (let line = 0; line < length; line++) {
    if (copied.body[line] !== original.body[line]) {
      drift.push(
        `first different line after the imports: ${copy} has \`${copied.body[line] ?? '(end)'}\`, ${block.name} ` +
          `\`${original.body[line] ?? '(end)'}\``,
      );
      break;
    }
  }
  return drift;
}

/** Maps a copy's relative imports of its own package's entries to the names a user imports them by. */
async function packageSpecifiers(root: string, copyDir: string): Promise<(specifier: string) => string> {
  const bySource = new Map<string, string>();
  for (const name of await readdir(join(root, 'packages'))) {
    const manifestPath = join(root, 'packages', name, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as {
      name: string;
      exports?: Record<string, { source?: string }>;
    };
    for (const [subpath, conditions] of Object.entries(manifest.exports ?? {})) {
      if (!conditions.source) continue;
      const source = relative(root, resolve(root, 'packages', name, conditions.source));
      bySource.set(source.replace(/\.tsx?$/, ''), `${manifest.name}${subpath.slice(1)}`);
    }
  }
  return (specifier) => {
    if (!specifier.startsWith('.')) return specifier;
    const target = relative(root, resolve(root, copyDir, specifier)).replace(/\.js$/, '');
    return bySource.get(target) ?? specifier;
  };
}

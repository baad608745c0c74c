import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { readmePlaceOf, type SnippetModule } from './extractSnippets.js';

const run = promisify(execFile);
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** One compiler error, placed in the README when it falls in a snippet. */
export interface SnippetDiagnostic {
  /** The module's name, or undefined for an error outside every snippet (a package's own source). */
  module: string | undefined;
  /** `README.md:12:7`, or the compiler's own location outside the snippets. */
  location: string;
  message: string;
}

/**
 * Writes each module to `outDir` (inside the repository, so `react` and `react-router` resolve from its
 * node_modules) with a tsconfig as strict as the packages', and runs `tsc` once over all of them. The packages
 * are imported from their `src/`, so nothing needs building first. Resolves with every error, mapped back to
 * README lines.
 */
export async function compileSnippets(
  modules: SnippetModule[],
  outDir: string,
): Promise<SnippetDiagnostic[]> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const files = new Map<string, SnippetModule>();
  for (const [index, module] of modules.entries()) {
    const file = `snippet-${index}.${module.extension}`;
    // `export {}` makes every block a module (top-level await, no global name clashes) even without imports.
    await writeFile(join(outDir, file), `${module.code}export {};\n`);
    files.set(file, module);
  }
  const source = (name: string, entry = 'index') => [resolve(repoRoot, `packages/${name}/src/${entry}.ts`)];
  const tsconfig = {
    extends: resolve(repoRoot, 'tsconfig.base.json'),
    compilerOptions: {
      noEmit: true,
      declaration: false,
      declarationMap: false,
      sourceMap: false,
      types: ['node'],
      paths: {
        '@fief-spa/core': source('core'),
        '@fief-spa/core/testing': source('core', 'testing/index'),
        '@fief-spa/react': source('react'),
        '@fief-spa/react/testing': source('react', 'testing/index'),
        '@fief-spa/dev-server': source('dev-server'),
      },
    },
    // The packages' own ambient declarations (typings of untyped dependencies) come with their sources.
    files: [...files.keys(), ...(await ambientDeclarations())],
  };
  await writeFile(join(outDir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));

  let output = '';
  try {
    await run(resolve(repoRoot, 'node_modules/.bin/tsc'), ['-p', outDir, '--pretty', 'false'], {
      cwd: outDir,
    });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    output = `${failed.stdout ?? ''}${failed.stderr ?? ''}`;
    if (!output.trim()) throw error;
  }
  return parseDiagnostics(output, outDir, files);
}

async function ambientDeclarations(): Promise<string[]> {
  const found: string[] = [];
  for (const name of await readdir(resolve(repoRoot, 'packages'))) {
    const src = resolve(repoRoot, 'packages', name, 'src');
    if (!existsSync(src)) continue;
    for (const file of await readdir(src)) if (file.endsWith('.d.ts')) found.push(join(src, file));
  }
  return found;
}

const DIAGNOSTIC = /^(.+?)\((\d+),(\d+)\): error (TS\d+: .*)$/;

function parseDiagnostics(
  output: string,
  outDir: string,
  files: Map<string, SnippetModule>,
): SnippetDiagnostic[] {
  const diagnostics: SnippetDiagnostic[] = [];
  for (const line of output.split('\n')) {
    const match = DIAGNOSTIC.exec(line);
    if (!match) {
      // tsc continues a long message on indented lines; a line of its own is an error without a location.
      const previous = diagnostics.at(-1);
      if (previous && /^\s/.test(line)) previous.message += `\n${line.trim()}`;
      else if (line.trim()) diagnostics.push({ module: undefined, location: 'tsc', message: line.trim() });
      continue;
    }
    const [, path = '', lineText = '', column = '', message = ''] = match;
    const module = files.get(relative(outDir, resolve(outDir, path)));
    const place = module && readmePlaceOf(module, Number(lineText), Number(column));
    diagnostics.push(
      module
        ? {
            module: module.name,
            location: place
              ? `${module.readme}:${place.line}:${place.column}`
              : `${module.readme}:(added line ${lineText}):${column}`,
            message,
          }
        : {
            module: undefined,
            location: `${relative(repoRoot, resolve(outDir, path))}:${lineText}`,
            message,
          },
    );
  }
  return diagnostics;
}

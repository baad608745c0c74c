// The package quality gates, as functions the quality test calls on the real packages and on broken fixtures.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { publint } from 'publint';

const run = promisify(execFile);
const benchRoot = new URL('..', import.meta.url).pathname;
const bin = (name: string) => `${benchRoot}node_modules/.bin/${name}`;

/** The packages we publish, by folder under `packages/`. */
export const PUBLISHABLE = ['core', 'react', 'dev-server'] as const;

/** `pnpm pack` (which turns `workspace:*` into versions, as `pnpm publish` does) into `destination`; the tarball. */
export async function pack(packageDir: string, destination: string): Promise<string> {
  const { stdout } = await run('pnpm', ['pack', '--pack-destination', destination], { cwd: packageDir });
  const tarball = stdout
    .trim()
    .split('\n')
    .reverse()
    .find((line) => line.trim().endsWith('.tgz'));
  if (!tarball) throw new Error(`pnpm pack printed no tarball in ${packageDir}: ${stdout}`);
  return tarball.trim();
}

/** publint's errors for a packed package, as `CODE at path` lines (warnings and suggestions left out). */
export async function publintErrors(tarball: string): Promise<string[]> {
  const bytes = await readFile(tarball);
  const { messages } = await publint({
    pack: {
      tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    },
    level: 'error',
  });
  return messages.filter((m) => m.type === 'error').map((m) => `${m.code} at ${m.path.join('.')}`);
}

interface AttwProblem {
  kind: string;
  entrypoint?: string;
  resolutionKind?: string;
}

/**
 * `attw --profile esm-only` on a packed package: the problems it reports, as `Kind (entrypoint, resolution)`.
 * Our packages are ESM only (`"type": "module"`, no `require` condition), so that CommonJS code must
 * `import()` them is by design; every other resolution (node10, node16 from ESM, bundler) must be clean.
 */
export async function attwProblems(tarball: string): Promise<string[]> {
  let stdout: string;
  try {
    ({ stdout } = await run(bin('attw'), [tarball, '--format', 'json', '--profile', 'esm-only']));
  } catch (error) {
    // attw exits 1 when it found problems; its JSON is still on stdout.
    const failed = error as { stdout?: string; stderr?: string };
    if (!failed.stdout) throw new Error(`attw failed: ${failed.stderr ?? String(error)}`);
    stdout = failed.stdout;
  }
  const report = JSON.parse(stdout) as { problems?: Record<string, AttwProblem[]> };
  return Object.values(report.problems ?? {})
    .flat()
    .filter((problem) => problem.resolutionKind !== 'node16-cjs' || problem.kind !== 'CJSResolvesToESM')
    .map((problem) => `${problem.kind} (${problem.entrypoint ?? '.'}, ${problem.resolutionKind ?? 'any'})`);
}

/** Runs typedoc with an options file (default `bench/typedoc.json`: warnings are errors) into `out`; rejects with its output on failure. */
export async function typedoc(out: string, optionsFile = 'typedoc.json'): Promise<string> {
  try {
    const { stdout, stderr } = await run(bin('typedoc'), ['--options', optionsFile, '--out', out], {
      cwd: benchRoot,
    });
    return stdout + stderr;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    throw new Error(`typedoc failed:\n${failed.stdout ?? ''}${failed.stderr ?? ''}`);
  }
}

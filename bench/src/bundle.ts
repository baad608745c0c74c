import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { measureRolldownEntry } from './bundleRolldown.ts';
import { LIBRARIES, type LibraryId } from './libraries.ts';

/** fief-spa's entry chunk may weigh at most this share of the smallest peer's (gzip). */
export const BUDGET_RATIO = 0.6;

/**
 * The gzip bytes fief-spa's entry chunk may not grow past, whatever the peers weigh: a ratchet at today's size plus
 * a small margin, lowered as the entry shrinks, until the {@link BUDGET_RATIO} target is met (bench/results.md
 * reports how far off it is). Lower it in the same commit that makes the entry smaller.
 */
export const ENTRY_GZIP_CEILING = 8_199;

/** Bytes of a set of output files. */
export interface Sizes {
  files: number;
  minified: number;
  gzip: number;
  brotli: number;
}

export interface BundleResult {
  id: LibraryId;
  /** The entry chunk and the chunks it imports statically: what loads before the app runs. */
  entry: Sizes;
  /** Chunks reached only through `import()`: loaded when a feature needs them. */
  lazy: Sizes;
  /** Minified bytes of each package in the entry chunk, biggest first. */
  entryDependencies: [name: string, bytes: number][];
  /** Minified bytes of each package in the lazy chunks, biggest first. */
  lazyDependencies: [name: string, bytes: number][];
  /**
   * Lazy chunks that another lazy chunk imports statically: the browser finds them only once that chunk arrived, one
   * more request in series (a file both lazy chunks import becomes such a chunk). Empty is what a library wants.
   */
  lazyAfterLazy: string[];
  /** The entry chunk as Vite 8's bundler (Rolldown) splits the same app: see `bundleRolldown.ts`. */
  rolldownEntry: Sizes;
}

const benchRoot = new URL('..', import.meta.url).pathname;

/**
 * The same settings for every library: bundle, ESM, browser, ES2022, minify, tree-shaking, code splitting,
 * production `NODE_ENV`, with React, React DOM and react-router left to the app (external).
 */
export const ESBUILD_OPTIONS = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  treeShaking: true,
  splitting: true,
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  external: ['react', 'react/*', 'react-dom', 'react-dom/*', 'react-router', 'react-router/*'],
  metafile: true,
  write: false,
  logLevel: 'silent',
} as const satisfies BuildOptions;

/** Builds the bench app of one library (`src/apps/bundle/<id>.tsx`) and weighs what it loads. */
export async function measureBundle(id: LibraryId): Promise<BundleResult> {
  const result = await build({
    ...ESBUILD_OPTIONS,
    absWorkingDir: benchRoot,
    entryPoints: [`src/apps/bundle/${id}.tsx`],
    outdir: `dist/bundle/${id}`,
  });
  const metafile: Metafile = result.metafile;
  const contents = new Map(
    result.outputFiles.map((file) => [file.path.slice(benchRoot.length), file.contents] as const),
  );
  const outputs = Object.keys(metafile.outputs).filter((path) => path.endsWith('.js'));
  const entryPath = outputs.find((path) => metafile.outputs[path]?.entryPoint);
  if (!entryPath) throw new Error(`esbuild produced no entry chunk for ${id}`);

  // Static imports load with the entry; everything else is lazy.
  const eager = new Set<string>();
  const visit = (path: string): void => {
    if (eager.has(path)) return;
    eager.add(path);
    for (const imported of metafile.outputs[path]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
    }
  };
  visit(entryPath);
  const lazy = outputs.filter((path) => !eager.has(path));

  const bytesOf = (path: string): Uint8Array => {
    const bytes = contents.get(path);
    if (!bytes) throw new Error(`no output file ${path}`);
    return bytes;
  };
  return {
    id,
    entry: sizes([...eager].map(bytesOf)),
    lazy: sizes(lazy.map(bytesOf)),
    entryDependencies: dependencies(metafile, [...eager]),
    lazyDependencies: dependencies(metafile, lazy),
    lazyAfterLazy: lazy.filter((path) =>
      lazy.some((other) =>
        metafile.outputs[other]?.imports.some((i) => i.kind === 'import-statement' && i.path === path),
      ),
    ),
    rolldownEntry: await measureRolldownEntry(id),
  };
}

/** Every library's bench app, in table order. */
export async function measureBundles(): Promise<BundleResult[]> {
  const results: BundleResult[] = [];
  for (const { id } of LIBRARIES) results.push(await measureBundle(id));
  return results;
}

/** Each file compressed on its own, as a browser downloads them: gzip -9 and brotli quality 11. */
export function sizes(files: Uint8Array[]): Sizes {
  let minified = 0;
  let gzip = 0;
  let brotli = 0;
  for (const file of files) {
    minified += file.byteLength;
    gzip += gzipSync(file, { level: 9 }).byteLength;
    brotli += brotliCompressSync(file, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: file.byteLength },
    }).byteLength;
  }
  return { files: files.length, minified, gzip, brotli };
}

function dependencies(metafile: Metafile, outputs: string[]): [string, number][] {
  const byPackage = new Map<string, number>();
  for (const output of outputs) {
    for (const [input, { bytesInOutput }] of Object.entries(metafile.outputs[output]?.inputs ?? {})) {
      const name = packageOf(input);
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...byPackage].filter(([, bytes]) => bytes > 0).sort((a, b) => b[1] - a[1]);
}

/** `../node_modules/.pnpm/jose@6.2.18/node_modules/jose/dist/x.js` -> `jose`; `../packages/core/...` -> `@fief-spa/core`. */
export function packageOf(input: string): string {
  const inNodeModules = input.split('node_modules/').at(-1);
  if (inNodeModules !== undefined && inNodeModules !== input) {
    const [first, second] = inNodeModules.split('/');
    return first?.startsWith('@') ? `${first}/${second}` : (first ?? input);
  }
  const workspace = /(?:^|\/)packages\/([^/]+)\//.exec(input);
  if (workspace) return `@fief-spa/${workspace[1]}`;
  return '(app)';
}

/** The smallest peer (by entry gzip) and fief-spa's ratio to it. */
export function budgetOf(results: BundleResult[]): {
  fiefSpa: BundleResult;
  smallestPeer: BundleResult;
  ratio: number;
  budgetBytes: number;
} {
  const fiefSpa = results.find((r) => r.id === 'fief-spa');
  const peers = results.filter((r) => r.id !== 'fief-spa').sort((a, b) => a.entry.gzip - b.entry.gzip);
  const smallestPeer = peers[0];
  if (!fiefSpa || !smallestPeer) throw new Error('fief-spa and at least one peer must be measured');
  return {
    fiefSpa,
    smallestPeer,
    ratio: fiefSpa.entry.gzip / smallestPeer.entry.gzip,
    budgetBytes: Math.floor(BUDGET_RATIO * smallestPeer.entry.gzip),
  };
}

/** Why fief-spa's entry chunk grew past {@link ENTRY_GZIP_CEILING}, or `undefined` when it did not. */
export function ceilingViolation(results: BundleResult[], ceiling = ENTRY_GZIP_CEILING): string | undefined {
  const { fiefSpa } = budgetOf(results);
  if (fiefSpa.entry.gzip <= ceiling) return undefined;
  const perPackage = fiefSpa.entryDependencies.map(([name, bytes]) => `${name} ${bytes}`).join(', ');
  return (
    `fief-spa's entry chunk is ${fiefSpa.entry.gzip} B gzip, over its ceiling of ${ceiling} B by ` +
    `${fiefSpa.entry.gzip - ceiling} B. Minified bytes per package: ${perPackage}`
  );
}

/** Why fief-spa's entry chunk breaks its budget, or `undefined` when it is within it. */
export function budgetViolation(results: BundleResult[]): string | undefined {
  const { fiefSpa, smallestPeer, budgetBytes } = budgetOf(results);
  if (fiefSpa.entry.gzip <= budgetBytes) return undefined;
  const perPackage = fiefSpa.entryDependencies.map(([name, bytes]) => `${name} ${bytes}`).join(', ');
  return (
    `fief-spa's entry chunk is ${fiefSpa.entry.gzip} B gzip, over its budget of ${BUDGET_RATIO} × ` +
    `${smallestPeer.id}'s ${smallestPeer.entry.gzip} B = ${budgetBytes} B by ${fiefSpa.entry.gzip - budgetBytes} B. ` +
    `Minified bytes per package: ${perPackage}`
  );
}

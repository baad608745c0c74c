// Where each module of tsc's output goes in dist/bundle (see ../bundle.mjs for why).
import { join, relative } from 'node:path';
import { build } from 'esbuild';

export const ENTRIES = { index: 'index.js', engine: 'engine.js', testing: 'testing/index.js' };
/** The chunks loaded on demand, by the module whose `import()` loads them (the documented doors). */
export const CHUNKS = {
  // First, so that its kit's slots come first: an app of the protocol client alone holds a kit without holes.
  protocolFlows: { module: 'protocol/protocolFlows.js', door: 'protocol/loadProtocolFlows.js' },
  sessionFlows: { module: 'session/sessionFlows.js', door: 'session/loadSessionFlows.js' },
};
/** Chunks that need nothing of the package: plain ES modules (`jwe.js` is `jose` behind `decryptor.ts`). */
export const PLAIN_CHUNKS = { jwe: 'protocol/jwe.js' };
export const EXTERNAL = ['jose'];

/** What every build here shares: ES modules for any platform, `jose` left to the app, nothing written by esbuild. */
export const buildOptions = (dist) => ({
  absWorkingDir: dist,
  bundle: true,
  write: false,
  metafile: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  external: EXTERNAL,
});

export const dynamicImportsExternal = {
  name: 'dynamic-imports-external',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (a) =>
      a.kind === 'dynamic-import' ? { path: a.path, external: true } : undefined,
    );
  },
};

/**
 * The plan of `dist`:
 * - `runtime`: what `@fief-spa/core/engine` reaches, what every app loads; the chunks read it from the kit;
 * - `shared`: what the other entries reach and a chunk uses; factories every side inlines, made once (registry);
 * - `inlinedIn`: every other module of a chunk, by chunk (refused when two chunks would inline it: two copies).
 */
export async function planModules(dist) {
  const closure = async (files) => {
    const { metafile } = await build({
      ...buildOptions(dist),
      entryPoints: files.map((file) => join(dist, file)),
      outdir: join(dist, 'bundle'),
      plugins: [dynamicImportsExternal],
      logLevel: 'silent',
    });
    return new Set(Object.keys(metafile.inputs).map((input) => join(dist, input)));
  };
  const runtime = await closure([ENTRIES.engine]);
  const entrySide = await closure(Object.values(ENTRIES));
  const shared = new Set();
  const inlinedIn = new Map();
  for (const [name, { module }] of Object.entries(CHUNKS)) {
    for (const file of await closure([module])) {
      if (runtime.has(file)) continue;
      if (entrySide.has(file)) {
        shared.add(file);
        continue;
      }
      const other = inlinedIn.get(file);
      if (other !== undefined) throw new Error(`${relative(dist, file)} is in both ${other} and ${name}`);
      inlinedIn.set(file, name);
    }
  }
  for (const file of Object.values(PLAIN_CHUNKS)) {
    for (const dep of await closure([file])) {
      if (dep !== join(dist, file))
        throw new Error(`${file} must import nothing of the package, found ${relative(dist, dep)}`);
    }
  }
  return { runtime, shared, inlinedIn };
}

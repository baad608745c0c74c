#!/usr/bin/env node
// Bundles tsc's output (dist/**/*.js) into the files the package ships (dist/bundle/), so that an app's first chunk
// is one file with every bundler, esbuild included.
//
// Why: a bundler that splits by file (esbuild) puts every module that both the app's entry and a lazily loaded chunk
// import into a shared chunk of its own: the app's first load becomes three files, each compressed alone (about
// 1.4 kB gzip more than one file, and one more script in series). So the lazy chunks here import nothing the entry
// side holds. They are factories: `sessionFlows.js` exports `default(kit)`, and the door that loads it
// (`loadSessionFlows`) hands it the kit, the entry side's bindings the chunk uses. Modules the entry side reaches
// only through the package's re-exports (`index.ts`: the token error classes, `safeReturnTo`, …), which a lazy chunk
// also uses, are factories too, so that the app and the chunk share one copy without a shared chunk.
//
//   runtime  what `@fief-spa/core/engine` reaches (what every app loads): reached by the chunks through the kit.
//   shared   what the other entries reach and a chunk uses: one factory file each, called with the kit.
//   lazy     the rest of a chunk: inlined in it (a module two chunks inline would exist twice: refused).
//
// The source (`src/`, the `source` export condition, the tests) has plain dynamic imports; only this build wraps.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const out = join(dist, 'bundle');
const ENTRIES = { index: 'index.js', engine: 'engine.js', testing: 'testing/index.js' };
/** The chunks loaded on demand, by the module whose `import()` loads them (the documented doors). */
const CHUNKS = {
  sessionFlows: { module: 'session/sessionFlows.js', door: 'session/loadSessionFlows.js' },
  protocolFlows: { module: 'protocol/protocolFlows.js', door: 'protocol/loadProtocolFlows.js' },
};
/** Chunks that need nothing of the entry side: plain ES modules (`jwe.js` is `jose` behind `decryptor.ts`). */
const PLAIN_CHUNKS = { jwe: 'protocol/jwe.js' };
const EXTERNAL = ['jose'];
const KIT = '__fiefSpaKit';

const abs = (file) => join(dist, file);
const dynamicImportsExternal = {
  name: 'dynamic-imports-external',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (a) =>
      a.kind === 'dynamic-import' ? { path: a.path, external: true } : undefined,
    );
  },
};

/** The dist files reached from `files` through static imports. */
async function closure(files) {
  const { metafile } = await build({
    entryPoints: files.map(abs),
    absWorkingDir: dist,
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    outdir: out,
    external: EXTERNAL,
    plugins: [dynamicImportsExternal],
    logLevel: 'silent',
  });
  return new Set(Object.keys(metafile.inputs).map((input) => join(dist, input)));
}

const runtime = await closure([ENTRIES.engine]);
const entrySide = await closure(Object.values(ENTRIES));
const lazyOf = {};
for (const [name, { module }] of Object.entries(CHUNKS)) lazyOf[name] = await closure([module]);
const shared = new Set();
for (const reached of Object.values(lazyOf)) {
  for (const file of reached) if (entrySide.has(file) && !runtime.has(file)) shared.add(file);
}
const inlined = new Map();
for (const [name, reached] of Object.entries(lazyOf)) {
  for (const file of reached) {
    if (entrySide.has(file)) continue;
    const other = inlined.get(file);
    if (other !== undefined) throw new Error(`${relative(dist, file)} is in both ${other} and ${name}`);
    inlined.set(file, name);
  }
}
for (const file of Object.values(PLAIN_CHUNKS)) {
  const reached = await closure([file]);
  for (const dep of reached) {
    if (dep !== abs(file))
      throw new Error(`${file} must import nothing of the package, found ${relative(dist, dep)}`);
  }
}

const runtimeFiles = [...runtime];
/** The kit: one slot per runtime binding a chunk uses, `[file, name]`, given on first use. */
const kitSlots = new Map();
const kitSlot = (file, name) => {
  const key = `${file}\n${name}`;
  if (!kitSlots.has(key)) kitSlots.set(key, { slot: kitSlots.size, file, name });
  return kitSlots.get(key).slot;
};
const sharedName = (file) => relative(dist, file).replace(/\.js$/, '').replaceAll('/', '-');

/**
 * Builds `file` (and what it inlines) as a factory: runtime imports read from the kit, shared imports call their
 * factory, `import()` of another chunk and `jose` stay imports.
 */
async function buildFactory(file, outName, inlines) {
  const result = await build({
    entryPoints: [file],
    absWorkingDir: dist,
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    outfile: join(out, `${outName}.js`),
    sourcemap: 'external',
    external: EXTERNAL,
    logLevel: 'warning',
    plugins: [
      dynamicImportsExternal,
      {
        name: 'factory-imports',
        setup(b) {
          b.onResolve({ filter: /^\./ }, (a) => {
            if (a.kind !== 'import-statement') return undefined;
            const path = join(dirname(a.importer), a.path);
            if (path === file || inlines(path)) return undefined;
            if (runtime.has(path)) return { path: `kit:${runtimeFiles.indexOf(path)}`, external: true };
            if (shared.has(path)) return { path: `shared:${sharedName(path)}`, external: true };
            throw new Error(`${relative(dist, a.importer)} imports ${a.path}, which no rule places`);
          });
        },
      },
    ],
  });
  const output = (suffix) => result.outputFiles.find((file) => file.path.endsWith(suffix));
  const factory = wrap(output('.js').text, outName);
  // The factory's code is esbuild's, one line lower (the header is one line; each import became as many empty lines).
  const map = JSON.parse(output('.js.map').text);
  map.mappings = `;${map.mappings}`;
  writeFileSync(join(out, `${outName}.js`), `${factory.code}//# sourceMappingURL=${outName}.js.map\n`);
  writeFileSync(join(out, `${outName}.js.map`), JSON.stringify(map));
  return factory.exports;
}

const IMPORT = /^import\s*(?:\{([^}]*)\}\s*from\s*)?"([^"]+)";\n/gm;

/**
 * Turns esbuild's ES module into `export default (kit) => exports`, evaluated once; returns its code and the names
 * it exports. Lines stay where they were, one lower, so that esbuild's source map only needs shifting.
 */
function wrap(code, outName) {
  const head = [];
  const body = [];
  let rest = code.replace(IMPORT, (statement, clause = '', from) => {
    const names = clause
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => part.split(/\s+as\s+/));
    const binding = `{ ${names.map(([imported, local = imported]) => (imported === local ? imported : `${imported}: ${local}`)).join(', ')} }`;
    if (from.startsWith('kit:')) {
      const file = runtimeFiles[Number(from.slice(4))];
      for (const [imported, local = imported] of names)
        body.push(`const ${local} = ${KIT}[${kitSlot(file, imported)}];`);
    } else if (from.startsWith('shared:')) {
      const name = from.slice(7);
      const local = name.replaceAll('-', '_');
      if (!head.some((line) => line.startsWith(`import ${local} `)))
        head.push(`import ${local} from "./${name}.js";`);
      body.push(`const ${binding} = ${local}(${KIT});`);
    } else if (EXTERNAL.includes(from)) {
      head.push(statement.trimEnd());
    } else throw new Error(`${outName}: unexpected import from ${from}`);
    return '\n'.repeat(statement.split('\n').length - 1);
  });
  if (/^import\s/m.test(rest)) throw new Error(`${outName}: an import statement of an unknown form`);
  const exported = /\nexport\s*\{([^}]*)\};\s*$/.exec(rest);
  if (exported === null) throw new Error(`${outName}: expected one export list at the end`);
  const returned = exported[1]
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [local, name = local] = part.split(/\s+as\s+/);
      return local === name ? local : `${name}: ${local}`;
    });
  rest = rest.slice(0, exported.index);
  if (/^export\s/m.test(rest)) throw new Error(`${outName}: an export outside the final list`);
  const header = `${head.join('')}let chunk;export default (${KIT}) => (chunk ??= (() => {${body.join('')}`;
  return {
    code: `${header}\n${rest}\nreturn { ${returned.join(', ')} };\n})());\n`,
    exports: returned.map((part) => part.split(': ')[0]),
  };
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const [name, { module }] of Object.entries(CHUNKS)) {
  await buildFactory(abs(module), name, (path) => inlined.get(path) === name);
}
const sharedExports = new Map();
for (const file of shared) sharedExports.set(file, await buildFactory(file, sharedName(file), () => false));
for (const [name, file] of Object.entries(PLAIN_CHUNKS)) {
  await build({
    entryPoints: [abs(file)],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    outfile: join(out, `${name}.js`),
    sourcemap: true,
    external: EXTERNAL,
    logLevel: 'warning',
  });
}

// The entries: one esbuild run with code splitting, so that they share one copy of each module.
// A function, so that the bindings are read when a chunk loads, not while the entry's modules still evaluate.
const kitModule = [
  ...[...kitSlots.values()].map(
    ({ slot, file, name }) => `import { ${name} as k${slot} } from ${JSON.stringify(file)};`,
  ),
  `export default () => [${[...kitSlots.values()].map(({ slot }) => `k${slot}`).join(', ')}];`,
].join('\n');
const doors = new Map(Object.entries(CHUNKS).map(([name, { door }]) => [abs(door), name]));
const entries = await build({
  entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, abs(file)])),
  absWorkingDir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  outdir: out,
  chunkNames: 'entry-[hash]',
  sourcemap: true,
  write: false,
  external: EXTERNAL,
  logLevel: 'warning',
  plugins: [
    {
      name: 'entry-side',
      setup(b) {
        b.onResolve({ filter: /^fief-spa:kit$/ }, () => ({ path: 'kit', namespace: 'fief-spa' }));
        b.onLoad({ filter: /^kit$/, namespace: 'fief-spa' }, () => ({
          contents: kitModule,
          resolveDir: dist,
        }));
        b.onResolve({ filter: /^\./ }, (a) => {
          const path = join(dirname(a.importer), a.path);
          if (a.kind === 'dynamic-import') return { path: `./${basename(path)}`, external: true };
          if (shared.has(path)) return { path, namespace: 'fief-spa-shared' };
          return undefined;
        });
        b.onLoad({ filter: /.*/, namespace: 'fief-spa-shared' }, (a) => ({
          contents: `import factory from "./${sharedName(a.path)}.js"; import kit from "fief-spa:kit"; export const { ${sharedExports
            .get(a.path)
            .map((n) => n.split(': ')[0])
            .join(', ')} } = factory(kit());`,
          resolveDir: out,
        }));
        b.onResolve({ filter: /^\.\/[\w-]+\.js$/ }, (a) =>
          a.namespace === 'fief-spa-shared' ? { path: a.path, external: true } : undefined,
        );
        b.onLoad({ filter: /\.js$/ }, async (a) => {
          const name = doors.get(a.path);
          if (name === undefined) return undefined;
          const { readFile } = await import('node:fs/promises');
          const source = await readFile(a.path, 'utf8');
          const call = `import('./${name}.js')`;
          if (source.split(call).length !== 2)
            throw new Error(`${relative(dist, a.path)}: expected one ${call}`);
          return {
            contents: `import ${KIT} from "fief-spa:kit";\n${source.replace(call, `${call}.then((chunk) => chunk.default(${KIT}()))`)}`,
            resolveDir: dirname(a.path),
          };
        });
      },
    },
  ],
});
// The generated modules have no file: their lines map to what they stand for (a shared module's source, the doors).
const standsFor = (source) => {
  const generated = /^fief-spa(?:-shared)?:(.*)$/.exec(source);
  if (generated === null) return source;
  const file = generated[1] === 'kit' ? abs(CHUNKS.sessionFlows.door) : generated[1];
  return relative(out, file.replace(dist, join(dist, '../src/')).replace(/\.js$/, '.ts'));
};
for (const file of entries.outputFiles) {
  if (!file.path.endsWith('.map')) {
    writeFileSync(file.path, file.contents);
    continue;
  }
  const map = JSON.parse(file.text);
  map.sources = map.sources.map(standsFor);
  writeFileSync(file.path, JSON.stringify(map));
}
console.info(
  `bundle: ${Object.keys(ENTRIES).length} entries, ${Object.keys(CHUNKS).length + Object.keys(PLAIN_CHUNKS).length} chunks, ${shared.size} shared factories, ${kitSlots.size} runtime bindings in the kit`,
);

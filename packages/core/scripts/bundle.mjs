#!/usr/bin/env node
// Bundles tsc's output (dist/**/*.js) into the files the package ships (dist/bundle/), so that an app's first chunk
// is one file with every bundler, esbuild included.
//
// Why: a bundler that splits by file (esbuild) puts every module that both the app's entry and a lazily loaded chunk
// import into a shared chunk of its own: the app's first load becomes three files, each compressed alone (about
// 1.1 kB gzip more than one file, and one more script in series). So the chunks here import nothing but `jose`.
// They are factories: `sessionFlows.js` exports `default(kit)`, and the door that loads it (`loadSessionFlows`) hands
// it its kit, the entry's bindings that chunk reads (each door its own: an app of the protocol client alone keeps
// nothing of the session engine). The modules the entry reaches only through `index.ts`'s re-exports and a chunk also
// uses (the token error classes, `safeReturnTo`, …) are factories every side inlines, made once through a registry
// the kits share: whichever side runs first makes them, and the app and the chunk see one class.
// See modulePlan.mjs for which module goes where. The source (`src/`, the tests) keeps plain `import()`.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';
import { buildFactory, KIT, Kit, REGISTRY, sharedName, sharedShim } from './bundle/factory.mjs';
import { buildOptions, CHUNKS, ENTRIES, PLAIN_CHUNKS, planModules } from './bundle/modulePlan.mjs';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const out = join(dist, 'bundle');
const abs = (file) => join(dist, file);
const plan = await planModules(dist);
const kit = new Kit();

// Shared factories, each built once, when first needed (one may inline another).
const factories = new Map();
const inProgress = new Set();
const sharedFactory = (file) => {
  const name = sharedName(dist, file);
  if (inProgress.has(name)) throw new Error(`shared modules import each other: ${name}`);
  if (!factories.has(name)) {
    inProgress.add(name);
    const factory = buildFactory({ dist, file, name, plan, kit, sharedFactory, asShared: true });
    factories.set(
      name,
      factory.finally(() => inProgress.delete(name)),
    );
  }
  return factories.get(name);
};
const shared = new Map();
for (const file of plan.shared) shared.set(sharedName(dist, file), await sharedFactory(file));
const chunks = new Map();
for (const [name, { module }] of Object.entries(CHUNKS)) {
  chunks.set(name, await buildFactory({ dist, file: abs(module), name, plan, kit, sharedFactory }));
}

/** A kit holding `slots`, with holes for the slots its consumer never reads. */
const kitOf = (slots) =>
  `() => [${Array.from({ length: Math.max(-1, ...slots) + 1 }, (_, slot) => (slots.has(slot) ? `k${slot}` : '')).join(', ')}]`;
const kitModule = [
  ...kit
    .bindings()
    .map(
      ({ slot, file, name }) =>
        `import { ${name} as k${slot} } from ${JSON.stringify(file === REGISTRY ? REGISTRY : file)};`,
    ),
  ...[...chunks].map(([name, chunk]) => `export const kit_${name} = ${kitOf(chunk.slots)};`),
  ...[...shared].map(
    ([name, factory]) => `export const kit_${name.replaceAll('-', '_')} = ${kitOf(factory.slots)};`,
  ),
].join('\n');
const registryModule =
  'const made = new Map();\nexport const shared = (name, make) => { if (!made.has(name)) made.set(name, make()); return made.get(name); };';
const doors = new Map(Object.entries(CHUNKS).map(([name, { door }]) => [abs(door), name]));

const entries = await build({
  ...buildOptions(dist),
  entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, abs(file)])),
  splitting: true,
  outdir: out,
  chunkNames: 'entry-[hash]',
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'warning',
  plugins: [
    {
      name: 'entry-side',
      setup(b) {
        b.onResolve({ filter: /^fief-spa:(kit|registry)$/ }, (a) => ({
          path: a.path,
          namespace: 'fief-spa',
        }));
        b.onLoad({ filter: /.*/, namespace: 'fief-spa' }, (a) => ({
          contents: a.path === 'fief-spa:kit' ? kitModule : registryModule,
          resolveDir: dist,
        }));
        b.onResolve({ filter: /.*/ }, (a) => {
          if (a.namespace === 'fief-spa-shared') return { path: a.path, namespace: 'fief-spa-code' };
          if (!a.path.startsWith('.')) return undefined;
          const path = join(dirname(a.importer), a.path);
          if (a.kind === 'dynamic-import') {
            const name = doors.get(a.importer);
            if (name === undefined || path !== abs(CHUNKS[name].module))
              throw new Error(`${relative(dist, a.importer)}: import(${a.path}) is no chunk's door`);
            return { path: `./${name}.js`, external: true };
          }
          return plan.shared.has(path) ? { path, namespace: 'fief-spa-shared' } : undefined;
        });
        b.onLoad({ filter: /.*/, namespace: 'fief-spa-shared' }, (a) => {
          const name = sharedName(dist, a.path);
          const kitName = `kit_${name.replaceAll('-', '_')}`;
          return {
            contents: `import { ${kitName} } from "fief-spa:kit"; ${sharedShim(a.path, shared.get(name).exports, `${kitName}()`)}`,
            resolveDir: dist,
          };
        });
        b.onLoad({ filter: /.*/, namespace: 'fief-spa-code' }, (a) => ({
          contents: shared.get(sharedName(dist, a.path)).code,
          resolveDir: dist,
        }));
        b.onLoad({ filter: /\.js$/ }, (a) => {
          const name = doors.get(a.path);
          if (name === undefined) return undefined;
          const source = readFileSync(a.path, 'utf8');
          const call = `import('./${name}.js')`;
          if (source.split(call).length !== 2)
            throw new Error(`${relative(dist, a.path)}: expected one ${call}`);
          return {
            contents: `import { kit_${name} as ${KIT} } from "fief-spa:kit";\n${source.replace(call, `${call}.then((chunk) => chunk.default(${KIT}()))`)}`,
            resolveDir: dirname(a.path),
          };
        });
      },
    },
  ],
});

// The generated modules have no file: their lines map to what they stand for (a shared module's source, a door).
const standsFor = (source) => {
  const generated = /(?:^|\/)fief-spa(?:-shared|-code)?:(.*)$/.exec(source);
  if (generated === null) return source;
  const file = /(kit|registry)$/.test(generated[1]) ? abs(CHUNKS.sessionFlows.door) : generated[1];
  return relative(out, file.replace(dist, join(dist, '../src/')).replace(/\.js$/, '.ts'));
};
const files = [];
for (const file of entries.outputFiles) files.push([file.path, file.text]);
for (const [name, chunk] of chunks) {
  files.push([join(out, `${name}.js`), `${chunk.code}//# sourceMappingURL=${name}.js.map\n`]);
  files.push([join(out, `${name}.js.map`), JSON.stringify(chunk.map)]);
}
for (const [name, file] of Object.entries(PLAIN_CHUNKS)) {
  const plain = await build({
    ...buildOptions(dist),
    entryPoints: [abs(file)],
    outfile: join(out, `${name}.js`),
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'warning',
  });
  for (const output of plain.outputFiles) files.push([output.path, output.text]);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const [path, text] of files) {
  if (path.endsWith('.map')) {
    const map = JSON.parse(text);
    map.sources = map.sources.map(standsFor);
    writeFileSync(path, JSON.stringify(map));
    continue;
  }
  // What the wrapping wrote must still parse: a syntax error would ship, found only by a test of the build.
  await transform(text, { loader: 'js', format: 'esm', sourcefile: path });
  writeFileSync(path, text);
}
console.info(
  `bundle: ${chunks.size} chunks with their kits, ${shared.size} shared factories, ${kit.bindings().length} bindings`,
);

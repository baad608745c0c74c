// A module of tsc's output (and what it inlines) built as a factory: `export default (kit) => exports`.
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { build } from 'esbuild';
import { buildOptions, EXTERNAL, PLAIN_CHUNKS } from './modulePlan.mjs';

/** The factories' parameter: the entry's bindings they read, by slot. */
export const KIT = '__fiefSpaKit';
/** The module that makes each shared factory once, whichever side runs it first. */
export const REGISTRY = 'fief-spa:registry';
export const sharedName = (dist, file) => relative(dist, file).replace(/\.js$/, '').replaceAll('/', '-');

/** Slots of the kit: one per binding of the entry a factory reads, numbered on first use. */
export class Kit {
  #slots = new Map();

  slot(file, name) {
    const key = `${file}\n${name}`;
    if (!this.#slots.has(key)) {
      // The kit copies a binding when a chunk loads: a `let` the entry reassigns later would go stale in the chunk.
      if (
        file !== REGISTRY &&
        new RegExp(`^(export\\s+)?(let|var)\\s+${name}\\b`, 'm').test(readFileSync(file, 'utf8'))
      )
        throw new Error(`${file}: ${name} is a let or var; a chunk would keep its first value`);
      this.#slots.set(key, { slot: this.#slots.size, file, name });
    }
    return this.#slots.get(key).slot;
  }

  bindings() {
    return [...this.#slots.values()];
  }
}

/**
 * Builds `file` as a factory. Runtime imports read the kit; shared modules are inlined as their factory
 * (`sharedFactory(file)` builds it once), made through the registry; `import()` may only load a plain chunk.
 *
 * @returns {{ code: string, map: object, exports: string[], slots: Set<number> }}
 */
export async function buildFactory({ dist, file, name, plan, kit, sharedFactory, asShared = false }) {
  const inlined = new Set();
  const result = await build({
    ...buildOptions(dist),
    entryPoints: [file],
    outfile: join(dist, 'bundle', `${name}.js`),
    sourcemap: 'external',
    sourcesContent: false,
    logLevel: 'warning',
    plugins: [
      {
        name: 'factory-imports',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (a) => {
            if (a.kind === 'dynamic-import') {
              const target = Object.entries(PLAIN_CHUNKS).find(
                ([, f]) => join(dist, f) === join(dirname(a.importer), a.path),
              );
              if (target === undefined)
                throw new Error(`${relative(dist, a.importer)}: import(${a.path}) is no chunk's door`);
              return { path: `./${target[0]}.js`, external: true };
            }
            if (a.namespace === 'fief-spa-shared') return { path: a.path, namespace: 'fief-spa-code' };
            if (!a.path.startsWith('.')) return undefined;
            const path = join(dirname(a.importer), a.path);
            if (path === file || plan.inlinedIn.get(path) === name) return undefined;
            if (plan.runtime.has(path))
              return { path: `kit:${[...plan.runtime].indexOf(path)}`, external: true };
            if (plan.shared.has(path)) return { path, namespace: 'fief-spa-shared' };
            throw new Error(`${relative(dist, a.importer)} imports ${a.path}, which no rule places`);
          });
          b.onLoad({ filter: /.*/, namespace: 'fief-spa-shared' }, async (a) => {
            const factory = await sharedFactory(a.path);
            inlined.add(factory);
            return { contents: sharedShim(a.path, factory.exports, KIT), resolveDir: dist };
          });
          b.onLoad({ filter: /.*/, namespace: 'fief-spa-code' }, async (a) => ({
            contents: (await sharedFactory(a.path)).code,
            resolveDir: dist,
          }));
        },
      },
    ],
  });
  const output = (suffix) => result.outputFiles.find((f) => f.path.endsWith(suffix));
  const statements = Object.values(result.metafile.outputs)
    .flatMap((o) => o.imports)
    .filter((i) => i.kind === 'import-statement');
  const slots = new Set();
  for (const factory of inlined) for (const slot of factory.slots) slots.add(slot);
  if (asShared || inlined.size > 0) slots.add(kit.slot(REGISTRY, 'shared'));
  const wrapped = wrap(output('.js').text, {
    name,
    kit,
    plan,
    slots,
    statements: statements.length,
    asShared,
  });
  // The factory's lines are esbuild's, one lower: the header is one line, each import as many empty lines.
  const map = JSON.parse(output('.js.map').text);
  map.mappings = `;${map.mappings}`;
  return { ...wrapped, map, slots };
}

/** The module a shared import becomes: the factory's exports, made once through the registry. */
export function sharedShim(file, exports, kitExpression) {
  return `import make from ${JSON.stringify(file)}; export const { ${exports.join(', ')} } = make(${kitExpression});`;
}

const IMPORT = /^import\s*(?:\{([^}]*)\}\s*from\s*)?"([^"]+)";\n/gm;

/** esbuild's ES module as `export default (kit) => exports` (evaluated once), and the names it exports. */
function wrap(code, { name, kit, plan, slots, statements, asShared }) {
  const head = [];
  const body = [];
  let matched = 0;
  const rest = code.replace(IMPORT, (statement, clause = '', from) => {
    matched += 1;
    if (from.startsWith('kit:')) {
      const file = [...plan.runtime][Number(from.slice(4))];
      for (const part of clause
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)) {
        const [imported, local = imported] = part.split(/\s+as\s+/);
        const slot = kit.slot(file, imported);
        slots.add(slot);
        body.push(`const ${local} = ${KIT}[${slot}];`);
      }
    } else if (EXTERNAL.includes(from)) head.push(statement.trimEnd());
    else throw new Error(`${name}: unexpected import from ${from}`);
    return '\n'.repeat(statement.split('\n').length - 1);
  });
  // A line of a string that reads like an import would be cut: the count must be esbuild's own.
  if (matched !== statements)
    throw new Error(`${name}: ${matched} import statements matched, esbuild wrote ${statements}`);
  const exported = /\nexport\s*\{([^}]*)\};\s*$/.exec(rest);
  if (exported === null) throw new Error(`${name}: expected one export list at the end`);
  const returned = exported[1]
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [local, as = local] = part.split(/\s+as\s+/);
      return local === as ? local : `${as}: ${local}`;
    });
  const code_ = rest.slice(0, exported.index);
  if (/^export\s/m.test(code_)) throw new Error(`${name}: an export outside the final list`);
  const open = asShared
    ? `export default (${KIT}) => ${KIT}[${kit.slot(REGISTRY, 'shared')}](${JSON.stringify(name)}, () => {`
    : `let chunk;export default (${KIT}) => (chunk ??= (() => {`;
  const close = asShared ? '});' : '})());';
  return {
    code: `${head.join('')}${open}${body.join('')}\n${code_}\nreturn { ${returned.join(', ')} };\n${close}\n`,
    exports: returned.map((part) => part.split(': ')[0]),
  };
}

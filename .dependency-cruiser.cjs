// The architecture's import rules, checked by `pnpm lint` (dependency-cruiser). Each rule names the design decision it
// keeps true; packages/core/README.md and CONTRIBUTING.md describe the layers and their doors.
const SOURCE = '^packages/[^/]+/src/';
const TESTS = '(^|/)__tests__/|\\.test(-d)?\\.tsx?$';

/**
 * `chunk.ts` is a layer's chunk loaded on demand: only its door `door.ts` imports it, so that it stays one chunk
 * and nothing in the entry pulls it in.
 */
function onlyTheDoorImports(layer, door, chunk, whose) {
  const folder = `^packages/core/src/${layer}/`;
  return {
    name: `only-the-${layer}-door-imports-its-lazy-chunk`,
    comment: `${chunk}.ts is ${whose} chunk loaded on demand: only ${door}.ts imports it.`,
    severity: 'error',
    from: { pathNot: `${folder}${door}\\.ts$` },
    to: { path: `${folder}${chunk}\\.ts$` },
  };
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment:
        'No import cycle anywhere in the packages, type-only imports included: each layer reads one way.',
      severity: 'error',
      from: { path: SOURCE },
      to: { circular: true },
    },
    {
      name: 'protocol-never-imports-session',
      comment:
        'The protocol client (Fief) runs in browsers, Node and workers without storage or timers: it may not ' +
        'depend on the browser session engine. session/ may import protocol/, never the reverse.',
      severity: 'error',
      from: { path: '^packages/core/src/protocol/' },
      to: { path: '^packages/core/src/session/' },
    },
    {
      name: 'core-never-imports-react-or-dev-server',
      comment: 'The core knows nothing of React, and ships without the dev server (tests may use it).',
      severity: 'error',
      from: { path: '^packages/core/src/', pathNot: TESTS },
      to: {
        path: [
          '^packages/(react|dev-server)/',
          '(^|/)node_modules/(react|react-dom|react-router)/',
          '^(@fief-spa/(react|dev-server)|react|react-dom|react-router)(/|$)',
        ],
      },
    },
    {
      name: 'react-never-imports-dev-server',
      comment: 'The React layer ships without the dev server (its tests may use it).',
      severity: 'error',
      from: { path: '^packages/react/src/', pathNot: TESTS },
      to: { path: ['^packages/dev-server/', '^@fief-spa/dev-server(/|$)'] },
    },
    {
      name: 'react-takes-core-values-from-engine',
      comment:
        'The React layer takes values from @fief-spa/core/engine, types from anywhere: a bundler that splits by file ' +
        "(esbuild) counts every file the package entry re-exports as reached by the app's first chunk.",
      severity: 'error',
      from: { path: '^packages/react/src/', pathNot: TESTS },
      to: { path: '^packages/core/src/index\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'packages-never-import-apps-bench-or-e2e',
      comment:
        'Published packages stand alone: the example app, the benchmarks and the e2e suite use them, not the reverse.',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^(examples|bench|e2e)/' },
    },
    onlyTheDoorImports('protocol', 'loadProtocolFlows', 'protocolFlows', 'the protocol client’s'),
    onlyTheDoorImports('session', 'loadSessionFlows', 'sessionFlows', 'the session engine’s'),
    {
      name: 'only-the-decryptor-imports-jwe',
      comment:
        'jwe.ts (and the jose code it needs) is a chunk of its own that only decryptor.ts loads, on demand; other ' +
        'modules may name its types.',
      severity: 'error',
      from: { path: SOURCE, pathNot: ['^packages/core/src/protocol/decryptor\\.ts$', TESTS] },
      to: { path: '^packages/core/src/protocol/jwe\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'every-import-resolves',
      comment: 'An import that cannot be resolved would hide a dependency from every rule above.',
      severity: 'error',
      from: { path: SOURCE },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/' },
    // Type-only imports count: a cycle through types is still a cycle in the design.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['source', 'import', 'types', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};

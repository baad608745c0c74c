import { realpathSync } from 'node:fs';
import react from '@vitejs/plugin-react';
import { defaultClientConditions } from 'vite';
import type { TestProjectConfiguration } from 'vitest/config';

/**
 * One test project per package. The root `vitest.config.ts` imports this list, so it is what `pnpm test` runs.
 * `source` first in the resolve conditions: workspace packages are tested from `src/`, no build needed.
 */
const conditions = ['source', ...defaultClientConditions];

/** The address DOM tests pretend to be served from (nothing listens there; test dev servers register it). */
const pageURL = 'http://127.0.0.1:5173/';

/**
 * React 18.3 and the libraries that peer on it, installed by their own workspace importer (packages/react/react18)
 * so that each of them loads React 18 too. Aliased in place of React 19's for the react-18 project.
 */
const react18 = Object.fromEntries(
  ['react', 'react-dom', 'react-router', '@testing-library/react'].map((name) => [
    name,
    realpathSync(`packages/react/react18/node_modules/${name}`),
  ]),
);

/** The react package's tests, run against React 19 (`react`) and React 18.3 (`react-18`). */
function reactProject(
  name: string,
  reactMajor: string,
  alias: Record<string, string>,
  tsconfig: string,
): TestProjectConfiguration {
  return {
    plugins: [react()],
    resolve: { conditions, alias },
    test: {
      name,
      root: 'packages/react',
      env: { EXPECTED_REACT_MAJOR: reactMajor },
      environment: 'happy-dom',
      environmentOptions: { happyDOM: { url: pageURL } },
      include: ['src/**/__tests__/**/*.test.{ts,tsx}'],
      setupFiles: ['src/__tests__/setupTimeouts.ts'],
      typecheck: {
        enabled: true,
        include: ['src/**/__tests__/**/*.test-d.{ts,tsx}'],
        // The package tsconfig leaves tests out of the build; this one checks them.
        tsconfig,
      },
    },
  };
}

const projects: TestProjectConfiguration[] = [
  {
    // The protocol client runs in Node as well as in browsers: test it where there is no DOM at all.
    resolve: { conditions },
    test: {
      name: 'core',
      root: 'packages/core',
      environment: 'node',
      include: ['src/**/__tests__/**/*.test.ts'],
      exclude: ['src/**/__tests__/**/*.dom.test.ts'],
    },
  },
  {
    // The session engine needs sessionStorage, history and BroadcastChannel.
    resolve: { conditions },
    test: {
      name: 'core-browser',
      root: 'packages/core',
      environment: 'happy-dom',
      environmentOptions: { happyDOM: { url: pageURL } },
      include: ['src/**/__tests__/**/*.dom.test.ts'],
    },
  },
  reactProject('react', '19', {}, './tsconfig.test.json'),
  reactProject('react-18', '18', react18, './tsconfig.test18.json'),
  {
    resolve: { conditions },
    test: {
      name: 'dev-server',
      root: 'packages/dev-server',
      environment: 'node',
      include: ['src/**/__tests__/**/*.test.ts'],
    },
  },
  {
    // The example app's own component tests, with the /testing doubles an app would use (no identity server).
    plugins: [react()],
    resolve: { conditions },
    test: {
      name: 'example',
      root: 'examples/vite-react',
      environment: 'happy-dom',
      environmentOptions: { happyDOM: { url: pageURL } },
      // server/: the app's API, against a real dev identity server (those files ask for the node environment).
      include: ['src/**/__tests__/**/*.test.{ts,tsx}', 'server/**/__tests__/**/*.test.ts'],
    },
  },
  {
    // Every TypeScript block of the READMEs, type-checked (scripts/readme-snippets).
    test: {
      name: 'readme',
      root: 'scripts/readme-snippets',
      environment: 'node',
      include: ['__tests__/**/*.test.ts'],
    },
  },
  {
    // Package quality gates: publint and attw on the packed packages, the bundle-size ceiling, typedoc.
    test: {
      name: 'bench',
      root: 'bench',
      environment: 'node',
      include: ['src/**/__tests__/**/*.test.ts'],
    },
  },
];

/**
 * Worker threads rather than child processes: every project passes in them, and they start and import faster (the
 * core project alone, on two cores: 146 s against 197 s). A test's timeout is 20 s, not vitest's 5 s: with one file
 * more than cores running at once (`vitest.config.ts`), model replays and tests on real timers took up to 4.9 s on
 * two cores where they take 1.5 s alone; a hang still fails. Both are project options, so each project gets them.
 */
const inThreads = projects.map((project) =>
  typeof project === 'object' && 'test' in project
    ? { ...project, test: { ...project.test, pool: 'threads' as const, testTimeout: 20_000 } }
    : project,
);

export default inThreads;

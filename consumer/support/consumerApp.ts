import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readmeTestFiles } from './readmeTests';

/** The React majors the packages promise to support (`peerDependencies.react`), each with its own typings. */
export const REACT_VERSIONS = {
  '18': { react: '^18.3.1', types: '^18.3.0' },
  '19': { react: '^19.3.1', types: '^19.3.0' },
} as const;
export type ReactMajor = keyof typeof REACT_VERSIONS;

/** The demo client id the app registers with the dev server. */
export const CLIENT_ID = 'consumer-app';

const rootPackage = new URL('../../package.json', import.meta.url);

/**
 * Writes a fresh Vite + React + TypeScript app into `dir`, the way a user would start one, depending on the
 * tarballs through `file:` specs (npm installs them like registry packages: no links into the workspace), with the
 * component tests and Vitest config of the React README's "Testing your app".
 * Vite, its React plugin, TypeScript, react-router and the test tools follow the versions the workspace itself is
 * tested with.
 */
export async function writeConsumerApp(
  dir: string,
  options: { react: ReactMajor; coreTarball: string; reactTarball: string },
): Promise<void> {
  const workspace = JSON.parse(await readFile(rootPackage, 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  const pinned = (name: string): string => {
    const range = workspace.devDependencies[name];
    if (!range) throw new Error(`the workspace does not pin ${name}`);
    return range;
  };
  const react = REACT_VERSIONS[options.react];
  const packageJSON = {
    name: `fief-spa-consumer-react-${options.react}`,
    private: true,
    type: 'module',
    dependencies: {
      '@fief-spa/core': `file:${options.coreTarball}`,
      '@fief-spa/react': `file:${options.reactTarball}`,
      react: react.react,
      'react-dom': react.react,
      'react-router': pinned('react-router'),
    },
    devDependencies: {
      '@types/react': react.types,
      '@types/react-dom': react.types,
      '@testing-library/dom': pinned('@testing-library/dom'),
      '@testing-library/react': pinned('@testing-library/react'),
      '@vitejs/plugin-react': pinned('@vitejs/plugin-react'),
      'happy-dom': pinned('happy-dom'),
      typescript: pinned('typescript'),
      vite: pinned('vite'),
      vitest: pinned('vitest'),
    },
  };
  await mkdir(join(dir, 'src'), { recursive: true });
  const files: Record<string, string> = {
    'package.json': `${JSON.stringify(packageJSON, null, 2)}\n`,
    'tsconfig.json': `${JSON.stringify(tsconfig, null, 2)}\n`,
    'vite.config.ts': viteConfig,
    'index.html': indexHTML,
    'src/vite-env.d.ts': viteEnv,
    'src/main.tsx': mainTSX,
    'src/App.tsx': appTSX,
    'src/libraryTypes.ts': libraryTypesTS,
    ...(await readmeTestFiles()),
  };
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
}

// Stricter than create-vite's template: the library's own .d.ts files are checked too (skipLibCheck off).
const tsconfig = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2022', 'DOM', 'DOM.Iterable'],
    module: 'ESNext',
    moduleResolution: 'Bundler',
    jsx: 'react-jsx',
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    skipLibCheck: false,
    isolatedModules: true,
    verbatimModuleSyntax: true,
    noEmit: true,
    types: ['vite/client'],
  },
  include: ['src'],
};

const viteConfig = `import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({ plugins: [react()] });
`;

const indexHTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <link rel="icon" href="data:," />
    <title>Consumer app</title>
  </head>
  <body>
    <div id="root"></div>
    <script type="module" src="/src/main.tsx"></script>
  </body>
</html>
`;

const viteEnv = `/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_FIEF_BASE_URL: string;
  readonly VITE_FIEF_CLIENT_ID: string;
}
`;

const mainTSX = `import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App';

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
createRoot(root).render(
  <StrictMode>
    <BrowserRouter>
      <App />
    </BrowserRouter>
  </StrictMode>,
);
`;

// Types the app infers from the library and exports: its declaration files must name them (see consumerSuite).
const libraryTypesTS = `import { Fief } from '@fief-spa/core';

const fief = new Fief({ baseURL: 'https://fief.example', clientId: 'spa' });
export const keySet = () => fief.getJWKS();
export const firstKey = async () => (await fief.getJWKS()).keys[0];
export const configuration = () => fief.getOpenIDConfiguration();
`;

const appTSX = `import { FiefAuthCallbackError, type FiefUserInfo } from '@fief-spa/core';
import {
  FiefAuthCallback,
  FiefAuthProvider,
  RequireAuth,
  useFiefAuth,
  useFiefIsAuthenticated,
  useFiefSession,
  useFiefTokenInfo,
  useFiefUserinfo,
} from '@fief-spa/react';
import { Link, Route, Routes } from 'react-router';

interface Fields {
  first_name: string;
}

function Home() {
  const { status } = useFiefSession();
  const signedIn = useFiefIsAuthenticated();
  return (
    <main>
      <h1>Consumer app</h1>
      <p data-testid="status">{signedIn ? 'signed in' : status}</p>
      <Link to="/protected">Protected page</Link>
    </main>
  );
}

function Protected() {
  const userinfo: (FiefUserInfo & { fields: Fields }) | null = useFiefUserinfo<Fields>();
  const tokenInfo = useFiefTokenInfo();
  const fiefAuth = useFiefAuth();
  return (
    <main>
      <h1>Protected page</h1>
      <p data-testid="email">{userinfo?.email}</p>
      <p data-testid="first-name">{userinfo?.fields.first_name}</p>
      <p data-testid="scope">{tokenInfo?.scope.join(' ')}</p>
      <button type="button" onClick={() => void fiefAuth.logout(\`\${location.origin}/\`)}>
        Sign out
      </button>
    </main>
  );
}

function CallbackError({ error }: { error: Error }) {
  const reason = error instanceof FiefAuthCallbackError ? \` (\${error.reason})\` : '';
  return <p role="alert">Sign-in failed{reason}: {error.message}</p>;
}

export function App() {
  return (
    <FiefAuthProvider baseURL={import.meta.env.VITE_FIEF_BASE_URL} clientId={import.meta.env.VITE_FIEF_CLIENT_ID}>
      <Routes>
        <Route path="/" element={<Home />} />
        <Route
          path="/callback"
          element={
            <FiefAuthCallback
              loadingElement={<p>Signing you in…</p>}
              errorElement={(error) => <CallbackError error={error} />}
            />
          }
        />
        <Route
          path="/protected"
          element={
            <RequireAuth fallback={<p>Loading…</p>}>
              <Protected />
            </RequireAuth>
          }
        />
      </Routes>
    </FiefAuthProvider>
  );
}
`;

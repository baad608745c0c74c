// @vitest-environment node
// The /testing subpaths are for tests: the app's production bundle must carry none of them (issue 14).
import { fileURLToPath } from 'node:url';
import { build, type Plugin, type Rolldown } from 'vite';
import { describe, expect, it } from 'vitest';

const appRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Strings only the test doubles contain: the test engine's issuer and tokens, and its errors. */
const TESTING_MARKERS = ['https://fief.test', 'test-access-token', 'expected a test session'];

/** The example built as `vite build` does (its own vite.config.ts), kept in memory. */
async function buildApp(plugins: Plugin[] = []): Promise<Rolldown.OutputChunk[]> {
  const result = await build({
    root: appRoot,
    logLevel: 'silent',
    plugins,
    build: { write: false },
  });
  const outputs = Array.isArray(result) ? result : [result as Rolldown.RolldownOutput];
  return outputs.flatMap((output) =>
    output.output.filter((item): item is Rolldown.OutputChunk => item.type === 'chunk'),
  );
}

/** What of the /testing subpaths a bundle holds: its modules under a `testing/` folder, and marker strings. */
function testingCodeIn(chunks: Rolldown.OutputChunk[]): string[] {
  return chunks.flatMap((chunk) => [
    ...chunk.moduleIds.filter((id) => /[/\\]testing[/\\]/.test(id)),
    ...TESTING_MARKERS.filter((marker) => chunk.code.includes(marker)).map(
      (marker) => `${chunk.fileName}: ${marker}`,
    ),
  ]);
}

/** Makes the app's entry import the React testing subpath, as a careless import would. */
const importTestingFromMain: Plugin = {
  name: 'import-testing-from-main',
  enforce: 'pre',
  transform(code, id) {
    if (!id.endsWith('/src/main.tsx')) return null;
    return `import { createTestFiefAuth, FiefAuthTestProvider } from '@fief-spa/react/testing';\nglobalThis.leaked = [createTestFiefAuth, FiefAuthTestProvider];\n${code}`;
  },
};

describe("the example's production bundle", () => {
  it('holds none of @fief-spa/core/testing or @fief-spa/react/testing', async () => {
    const chunks = await buildApp();
    const modules = chunks.flatMap((chunk) => chunk.moduleIds);
    // The check looks where the code is: the workspace packages are bundled from their sources.
    expect(modules.some((id) => id.endsWith('packages/core/src/session/authFetch.ts'))).toBe(true);
    expect(modules.some((id) => id.endsWith('packages/react/src/FiefAuthProvider.tsx'))).toBe(true);
    expect(testingCodeIn(chunks)).toEqual([]);
  }, 60_000);

  it('would be caught holding them, had the app imported a testing subpath', async () => {
    const found = testingCodeIn(await buildApp([importTestingFromMain]));
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/packages\/core\/src\/testing\/testFiefAuth\.ts$/),
        expect.stringMatching(/packages\/react\/src\/testing\/FiefAuthTestProvider\.tsx$/),
        expect.stringContaining('https://fief.test'),
      ]),
    );
  }, 60_000);
});

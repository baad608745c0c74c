/**
 * The entry chunk as Vite 8 builds the same bench app (Vite 8 bundles with Rolldown): what most React SPAs ship.
 * esbuild (`bundle.ts`, the budget's measure) splits by file: a file the entry reaches, even through a re-export it
 * never uses, lands in an eager chunk when a lazy chunk uses it. Rolldown splits after tree-shaking, so the two
 * figures side by side show what that costs each library. Same settings otherwise: ESM, browser, minified,
 * production `NODE_ENV`, React, React DOM and react-router left to the app.
 */
import { rolldown } from 'rolldown';
import { type Sizes, sizes } from './bundle.ts';
import type { LibraryId } from './libraries.ts';

const benchRoot = new URL('..', import.meta.url).pathname;
const encoder = new TextEncoder();

/** Builds `src/apps/bundle/<id>.tsx` with Rolldown and weighs the entry chunk and the chunks it imports statically. */
export async function measureRolldownEntry(id: LibraryId): Promise<Sizes> {
  const bundle = await rolldown({
    input: `src/apps/bundle/${id}.tsx`,
    cwd: benchRoot,
    platform: 'browser',
    external: [/^react($|\/)/, /^react-dom($|\/)/, /^react-router($|\/)/],
    transform: { define: { 'process.env.NODE_ENV': '"production"' }, jsx: 'react-jsx' },
    logLevel: 'silent',
  });
  try {
    const { output } = await bundle.generate({ format: 'es', minify: true });
    const chunks = new Map(
      output.flatMap((file) => (file.type === 'chunk' ? [[file.fileName, file] as const] : [])),
    );
    const entry = [...chunks.values()].find((chunk) => chunk.isEntry);
    if (!entry) throw new Error(`Rolldown produced no entry chunk for ${id}`);
    const eager = new Set<string>();
    const visit = (fileName: string): void => {
      const chunk = chunks.get(fileName);
      if (chunk === undefined || eager.has(fileName)) return;
      eager.add(fileName);
      for (const imported of chunk.imports) visit(imported);
    };
    visit(entry.fileName);
    return sizes([...eager].map((fileName) => encoder.encode(chunks.get(fileName)?.code ?? '')));
  } finally {
    await bundle.close();
  }
}

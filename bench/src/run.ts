// `pnpm bench`: measures fief-spa and its peers side by side, prints one markdown table, writes bench/results.md.
import { writeFile } from 'node:fs/promises';
import { cpus, platform, release } from 'node:os';
import { measureBundles } from './bundle.ts';
import { measureCallbacks } from './callback.ts';
import { startEnvironment } from './environment.ts';
import { RUNTIME_LIBRARIES } from './libraries.ts';
import type { Outcome } from './outcome.ts';
import { measureRenders } from './renders.ts';
import { type BenchResults, renderReport } from './table.ts';
import { measureTabs } from './tabs.ts';

async function attempt<T>(what: string, measure: () => Promise<T>): Promise<Outcome<T>> {
  const started = Date.now();
  try {
    const value = await measure();
    console.info(`  ${what}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { ok: true, value };
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown';
    console.error(`  ${what}: failed: ${reason}`);
    return { ok: false, reason };
  }
}

function machine(): string {
  const list = cpus();
  const model = list[0]?.model.trim() ?? 'unknown CPU';
  return `${list.length} × ${model}, ${platform()} ${release()}, Node ${process.version}`;
}

const started = Date.now();
console.info('bundles (esbuild)…');
const results: BenchResults = {
  date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  machine: machine(),
  bundles: await measureBundles(),
  callback: {},
  tabs: {},
  renders: {},
};

console.info('browser measurements (Chromium, dev server, latency proxy)…');
const env = await startEnvironment();
try {
  const callbacksStarted = Date.now();
  results.callback = await measureCallbacks(env, RUNTIME_LIBRARIES, console.error);
  console.info(
    `  callback + reload, every library in turn: ${((Date.now() - callbacksStarted) / 1000).toFixed(1)} s`,
  );
  for (const lib of RUNTIME_LIBRARIES) {
    results.tabs[lib] = await attempt(`${lib} tabs × refresh`, () => measureTabs(env, lib));
    results.renders[lib] = await attempt(`${lib} renders`, () => measureRenders(env, lib));
  }
} finally {
  await env.close();
}

const report = renderReport(results);
await writeFile(new URL('../results.md', import.meta.url), report);
console.info(`\n${report}`);
console.info(`(${((Date.now() - started) / 1000).toFixed(0)} s; written to bench/results.md)`);
const failed = [results.callback, results.tabs, results.renders].some((byLib) =>
  Object.values(byLib).some((outcome) => !outcome.ok),
);
process.exitCode = failed ? 1 : 0;

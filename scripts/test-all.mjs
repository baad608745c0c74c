#!/usr/bin/env node
// Runs every test suite of the repo (vitest projects, the Playwright e2e suite in Chromium, then the consumer test of
// the packed packages), even when an earlier one fails, and ends with one line counting them all. Exits non-zero
// when any test failed or a runner broke.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

const resultsDir = 'test-results/summary';
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

/** @typedef {{ name: string, passed: number, failed: number, skipped: number, exitCode: number }} SuiteResult */

function runSuite(name, command, args, env, readCounts) {
  console.info(`\n=== ${name}: ${command} ${args.join(' ')}\n`);
  const { status } = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const counts = readCounts();
  /** @type {SuiteResult} */
  const result = { name, exitCode: status ?? 1, ...counts };
  // A runner that died before reporting, or that failed without a failing test, still fails the run.
  if (result.exitCode !== 0 && result.failed === 0) result.failed = 1;
  return result;
}

function readJSON(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

const vitestJSON = `${resultsDir}/vitest.json`;
const suites = [
  runSuite(
    'unit + integration (vitest)',
    'pnpm',
    [
      'exec',
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=./scripts/require-tests-per-project.ts',
      '--reporter=json',
      `--outputFile.json=${vitestJSON}`,
    ],
    {},
    () => {
      const report = readJSON(vitestJSON);
      return {
        passed: report?.numPassedTests ?? 0,
        failed: report?.numFailedTests ?? 0,
        skipped: (report?.numPendingTests ?? 0) + (report?.numTodoTests ?? 0),
      };
    },
  ),
];

/** A Playwright suite, counted from its JSON report (a flaky test that passed on retry counts as passed). */
function runPlaywrightSuite(name, id, config) {
  // Absolute: Playwright resolves a relative report path against the config's folder.
  const json = resolve(resultsDir, `${id}.json`);
  return runSuite(
    name,
    'pnpm',
    ['exec', 'playwright', 'test', '--config', config, '--reporter=list,json'],
    { PLAYWRIGHT_JSON_OUTPUT_NAME: json },
    () => {
      const stats = readJSON(json)?.stats;
      return {
        passed: (stats?.expected ?? 0) + (stats?.flaky ?? 0),
        failed: stats?.unexpected ?? 0,
        skipped: stats?.skipped ?? 0,
      };
    },
  );
}

if (existsSync('playwright.config.ts')) {
  suites.push(runPlaywrightSuite('end-to-end (Playwright, Chromium)', 'e2e', 'playwright.config.ts'));
}
// The packages as users get them: tarballs installed with npm into fresh Vite apps (React 18 and 19).
suites.push(
  runPlaywrightSuite(
    'consumer (packed packages in fresh Vite apps)',
    'consumer',
    'consumer/playwright.config.ts',
  ),
);

console.info('\n=== summary');
for (const s of suites) {
  console.info(
    `${s.name}: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped (exit ${s.exitCode})`,
  );
}
const total = suites.reduce(
  (sum, s) => ({
    passed: sum.passed + s.passed,
    failed: sum.failed + s.failed,
    skipped: sum.skipped + s.skipped,
  }),
  { passed: 0, failed: 0, skipped: 0 },
);
console.info(`total: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(suites.some((s) => s.exitCode !== 0) || total.failed > 0 ? 1 : 0);

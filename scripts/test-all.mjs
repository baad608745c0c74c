#!/usr/bin/env node
// Runs every test suite of the repo (vitest projects, then the Playwright e2e suite in Chromium), even when an
// earlier one fails, and ends with one line counting them all. Exits non-zero when any test failed or a runner broke.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

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

if (existsSync('playwright.config.ts')) {
  const e2eJSON = `${resultsDir}/e2e.json`;
  suites.push(
    runSuite(
      'end-to-end (Playwright, Chromium)',
      'pnpm',
      ['exec', 'playwright', 'test', '--reporter=list,json'],
      { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJSON },
      () => {
        const stats = readJSON(e2eJSON)?.stats;
        return {
          passed: (stats?.expected ?? 0) + (stats?.flaky ?? 0),
          failed: stats?.unexpected ?? 0,
          skipped: stats?.skipped ?? 0,
        };
      },
    ),
  );
}

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

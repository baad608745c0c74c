#!/usr/bin/env node
// `pnpm typecheck`: every TypeScript project of the repo, checked by tsc. tsc uses one core; the projects are split in
// two lanes of about equal time that run side by side (the machine CI runs on has two cores). Run after `pnpm build`
// (as `pnpm test` does): the test projects read the packages' built declarations. Fails when any project fails.
import { spawn } from 'node:child_process';

/** Each lane runs its commands in turn; the two take about as long (each tsc project timed alone). */
const lanes = [
  [
    ['-b', 'packages/core', 'packages/react', 'packages/dev-server', 'examples/vite-react', 'e2e', 'docs'],
    ['-p', 'packages/core/tsconfig.test.json'],
    ['-p', 'consumer'],
  ],
  [
    ['-p', 'packages/react/tsconfig.test.json'],
    ['-p', 'packages/dev-server/tsconfig.test.json'],
    ['-p', 'bench'],
    ['-p', 'scripts/readme-snippets'],
  ],
];

/** Runs `tsc args`, its output printed once it ended (so that two lanes do not interleave lines). */
function tsc(args) {
  return new Promise((resolve) => {
    const child = spawn('tsc', args, { shell: false, env: process.env });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', (error) => resolve({ args, ok: false, output: String(error) }));
    child.on('close', (code) => resolve({ args, ok: code === 0, output }));
  });
}

async function runLane(lane) {
  const results = [];
  for (const args of lane) {
    const result = await tsc(args);
    process.stdout.write(`tsc ${args.join(' ')}: ${result.ok ? 'ok' : 'FAILED'}\n${result.output}`);
    results.push(result);
  }
  return results;
}

const results = (await Promise.all(lanes.map(runLane))).flat();
const failed = results.filter((result) => !result.ok);
if (failed.length > 0) {
  console.error(`typecheck: ${failed.length} of ${results.length} projects failed`);
  process.exit(1);
}
console.info(`✔ typecheck: ${results.length} projects`);

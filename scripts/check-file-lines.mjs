#!/usr/bin/env node
// Every source file tracked by git stays small (STYLE.md: one job per file, none over 300 lines). Part of `pnpm lint`.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const MAX_LINES = 300;
const SOURCE = /\.(?:ts|tsx|mts|cts|js|mjs|cjs)$/;

const tracked = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
  encoding: 'utf8',
})
  .split('\0')
  .filter((path) => SOURCE.test(path));
const tooLong = [];
for (const path of tracked) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    continue; // listed by git, deleted in the work tree
  }
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (lines > MAX_LINES) tooLong.push(`${path}: ${lines} lines`);
}
if (tooLong.length > 0) {
  console.error(`Files over ${MAX_LINES} lines (split them by concern):\n  ${tooLong.join('\n  ')}`);
  process.exit(1);
}
console.info(`✔ ${tracked.length} source files, none over ${MAX_LINES} lines`);

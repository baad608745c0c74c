#!/usr/bin/env node
// Installs what a fresh machine with only Node 20 and npm lacks, then the workspace's packages.
// `--browser` also makes sure a Chromium is there for the end-to-end tests (Debian's package, never a download).
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PNPM_VERSION = '10.34.9';
const wantsBrowser = process.argv.includes('--browser');

function run(command) {
  console.info(`$ ${command}`);
  execSync(command, { stdio: 'inherit' });
}

function has(command) {
  try {
    execSync(`command -v ${command}`, { stdio: 'ignore', shell: '/bin/sh' });
    return true;
  } catch {
    return false;
  }
}

if (!has('pnpm')) run(`npm install --global pnpm@${PNPM_VERSION}`);

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (wantsBrowser && !existsSync(chromium)) {
  if (process.getuid?.() === 0 && has('apt-get')) {
    run('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null');
  } else {
    console.error(
      `No Chromium at ${chromium}. Install Debian's package (sudo apt-get install chromium) ` +
        'or set CHROMIUM_PATH to a Chromium binary, then run again.',
    );
    process.exit(1);
  }
}

run('pnpm install --frozen-lockfile');

#!/usr/bin/env node
// Deletes the files of packages/*/dist whose source file no longer exists. `tsc -b` never removes the output of a
// deleted or moved source, and `pnpm pack` ships whatever dist holds: a stale file would be published, with a
// source map pointing to a file that is not shipped. Run before every build (`pnpm build`).
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const OUTPUT = /(\.d\.ts\.map|\.js\.map|\.d\.ts|\.js)$/;

function prune(dist, src) {
  for (const entry of readdirSync(dist)) {
    const path = join(dist, entry);
    // Written whole by packages/core/scripts/bundle.mjs on every build, from the rest of dist.
    if (entry === 'bundle' && dist.endsWith(join('core', 'dist'))) continue;
    if (statSync(path).isDirectory()) {
      prune(path, join(src, entry));
      if (readdirSync(path).length === 0) rmSync(path, { recursive: true });
      continue;
    }
    const stem = join(src, entry.replace(OUTPUT, ''));
    if (OUTPUT.test(entry) && !existsSync(`${stem}.ts`) && !existsSync(`${stem}.tsx`)) {
      rmSync(path);
      console.info(`prune-dist: removed ${relative(process.cwd(), path)} (its source is gone)`);
    }
  }
}

for (const name of readdirSync('packages')) {
  const dist = join('packages', name, 'dist');
  if (existsSync(dist)) prune(dist, join('packages', name, 'src'));
}

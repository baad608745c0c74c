import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import projects from './vitest.workspace.ts';

export default defineConfig({
  test: {
    projects,
    passWithNoTests: false,
    // A project whose globs match no file would otherwise pass silently: fail the run instead.
    reporters: ['default', './scripts/require-tests-per-project.ts'],
    // One worker more than the cores, where vitest's default is one fewer (a single worker on two cores). Many files
    // wait more than they compute (dev servers on the loopback, real timers, tsc and publint in child processes), so
    // a third file runs in their pauses. Measured on two cores: the whole run 234 s with 3 workers, against 283 s
    // with 2 and 239 s with 4; all files pass in each.
    maxWorkers: availableParallelism() + 1,
  },
});

import { defineConfig } from 'vitest/config';
import projects from './vitest.workspace.ts';

export default defineConfig({
  test: {
    projects,
    passWithNoTests: false,
    // A project whose globs match no file would otherwise pass silently: fail the run instead.
    reporters: ['default', './scripts/require-tests-per-project.ts'],
  },
});

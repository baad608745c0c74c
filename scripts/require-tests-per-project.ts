import type { Reporter, TestModule, Vitest } from 'vitest/node';

/**
 * Fails the run when a test project ran no test file, so that deleting (or mis-globbing) a package's tests
 * can never turn into a green run.
 */
export default class RequireTestsPerProject implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const vitest = this.vitest;
    if (!vitest || vitest.config.project.length > 0 || vitest.config.testNamePattern) return; // a filtered run
    if (vitest.state.getFiles().length === 0 && testModules.length === 0) return;
    const ran = new Set(testModules.map((m) => m.project.name));
    const empty = vitest.projects.map((p) => p.name).filter((name) => !ran.has(name));
    if (empty.length > 0) {
      console.error(`\nThese test projects matched no test file: ${empty.join(', ')}`);
      process.exitCode = 1;
    }
  }
}

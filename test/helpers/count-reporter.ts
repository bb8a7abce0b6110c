/** Prints the one closing line CI reads: "N passed, N failed" (vitest's own summary is not read). */
import type { Reporter, TestModule } from 'vitest/node';

export default class CountReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of modules) {
      // In a file that failed (to load, or in a beforeAll hook) the tests that did not run are
      // failures, not skips; a file without any test is one failure.
      const fileFailed = mod.state() === 'failed';
      let counted = 0;
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed' || fileFailed) {
          failed++;
          counted++;
        } else skipped++;
      }
      if (fileFailed && counted === 0) failed++;
    }
    failed += errors.length;
    process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  }
}

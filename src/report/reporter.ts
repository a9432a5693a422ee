/**
 * vitest reporter: prints the run's totals as one line (`vitest: N passed, N failed, N skipped`,
 * the line CI counts) and writes the reproduction report from the claim specs' `task.meta.claim`
 * (JSON + Markdown under reports/<scale>/). It reads nothing but task.meta.
 */
import type { Reporter, TestCase, TestModule } from "vitest/node";
import { writeReport, type ClaimRecord } from "./write.js";

export default class ClaimsReporter implements Reporter {
  private claims: ClaimRecord[] = [];
  private counts = { passed: 0, failed: 0, skipped: 0 };

  onTestCaseResult(testCase: TestCase): void {
    const state = testCase.result().state;
    if (state === "passed") this.counts.passed++;
    else if (state === "failed") this.counts.failed++;
    else this.counts.skipped++;
    const meta = testCase.meta() as { claim?: ClaimRecord; claims?: ClaimRecord[] };
    const outcome = state === "passed" ? "pass" : state === "failed" ? "fail" : "skipped";
    for (const claim of [...(meta.claim ? [meta.claim] : []), ...(meta.claims ?? [])]) {
      this.claims.push({ ...claim, testOutcome: outcome, testName: testCase.fullName, evaluatedAt: new Date().toISOString() });
    }
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    // A file that failed to load has no test results: count it as a failure.
    for (const m of modules) if (m.state() === "failed" && [...m.children.allTests()].length === 0) this.counts.failed++;
    if (this.claims.length > 0) {
      const written = writeReport(this.claims);
      for (const p of written) process.stdout.write(`claims report: ${p}\n`);
    }
    const { passed, failed, skipped } = this.counts;
    process.stdout.write(`vitest: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}\n`);
  }
}

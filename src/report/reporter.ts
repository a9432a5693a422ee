/**
 * vitest reporter. Reads nothing but task.meta (`claim` / `claims`, src/claims/spec.ts).
 * - After every claim it (re)writes this run's report, reports/<scale>/runs/<timestamp>/
 *   (claims.json, .md, .html, figures), marked partial, and points reports/<scale>/latest at it,
 *   so a run that is cut off (a timeout) still leaves its partial report. At the end it writes the
 *   final one (partial: false unless the run was interrupted).
 * - Each run continues the previous latest report of its scale: claims it did not run are carried
 *   over, and a skip never replaces a measured verdict (merge.ts).
 * - It prints one compact table (claim, verdict, key number, skip reason), one line naming the
 *   report, a line of claim counts, and LAST the totals line CI counts:
 *   `vitest: N passed, N failed[, N skipped]`.
 * The run's timestamp is put in CLAIMS_REPORT_RUN so the `report` project (test/report-run),
 * which runs after the claims, can check the report this run wrote.
 */
import type { Reporter, TestCase, TestModule, TestRunEndReason } from "vitest/node";
import type { Scale } from "../interfaces.js";
import type { ClaimRecord } from "../claim-interfaces.js";
import { makeReport } from "./document.js";
import { mergeRecords, type EarlierReport } from "./merge.js";
import { relativizeDeep } from "./paths.js";
import { pageProvenance, vitestRunProvenance, type PageProvenance } from "./provenance.js";
import { schemaErrors } from "./schema.js";
import { countsLine, summaryRow, terminalTable } from "./summary.js";
import { latestDir, readReport, repoRelative, runDir, runStamp, setLatest, writeReportFiles } from "./write.js";

export default class ClaimsReporter implements Reporter {
  private readonly started = new Date();
  private readonly stamp = runStamp(this.started);
  private readonly fresh: ClaimRecord[] = [];
  private readonly counts = { passed: 0, failed: 0, skipped: 0 };
  /** Per scale: the earlier report this run continues (read once, at the first claim of that scale). */
  private readonly earlier = new Map<Scale, EarlierReport | null>();
  private readonly pages = new Map<Scale, PageProvenance>();
  private readonly dirs = new Map<Scale, string>();
  private writing: Promise<void> = Promise.resolve();
  private writeError: Error | null = null;

  constructor() {
    process.env.CLAIMS_REPORT_RUN = this.stamp;
  }

  onTestCaseResult(testCase: TestCase): void {
    const state = testCase.result().state;
    if (state === "passed") this.counts.passed++;
    else if (state === "failed") this.counts.failed++;
    else this.counts.skipped++;
    const meta = testCase.meta() as { claim?: ClaimRecord; claims?: ClaimRecord[] };
    const records = [...(meta.claim ? [meta.claim] : []), ...(meta.claims ?? [])];
    if (records.length === 0) return;
    const outcome = state === "passed" ? "pass" : state === "failed" ? "fail" : "skipped";
    const at = new Date().toISOString();
    for (const r of records) this.fresh.push(relativizeDeep({ ...r, testOutcome: outcome, testName: testCase.fullName, evaluatedAt: at }));
    this.queueWrite(true);
  }

  private queueWrite(partial: boolean): Promise<void> {
    this.writing = this.writing.then(() =>
      this.write(partial).catch((err: Error) => {
        this.writeError = err;
        process.stderr.write(`claims report: could not write the report: ${err.stack ?? err.message}\n`);
      }),
    );
    return this.writing;
  }

  private page(scale: Scale): PageProvenance {
    let p = this.pages.get(scale);
    if (!p) {
      p = pageProvenance({ scale, startedAt: this.started, wallSeconds: 0, backends: [], command: `vitest ${process.argv.slice(2).join(" ")}`.trim() });
      this.pages.set(scale, p);
    }
    return p;
  }

  private async write(partial: boolean): Promise<void> {
    for (const scale of [...new Set(this.fresh.map((r) => r.scale))]) {
      const fresh = this.fresh.filter((r) => r.scale === scale);
      const page: PageProvenance = {
        ...this.page(scale),
        backends: [...new Set(fresh.filter((r) => r.status !== "skipped").map((r) => r.backend))].sort(),
        wallSeconds: (Date.now() - this.started.getTime()) / 1000,
      };
      if (!this.earlier.has(scale)) {
        const prev = latestDir(scale);
        const report = prev ? readReport(prev) : null;
        this.earlier.set(scale, prev && report ? { path: repoRelative(`${prev}/claims.json`), report } : null);
      }
      const withProv = fresh.map((r) => ({ ...r, provenance: vitestRunProvenance(r, page) }));
      const claims = mergeRecords(withProv, this.earlier.get(scale) ?? null, page);
      const report = makeReport({ scale, generated: new Date(), partial, source: "vitest", provenance: page, claims });
      const dir = this.dirs.get(scale) ?? runDir(scale, this.stamp);
      this.dirs.set(scale, dir);
      await writeReportFiles(dir, report);
      setLatest(scale, dir);
      if (!partial) {
        const errors = schemaErrors(JSON.parse(JSON.stringify(report)));
        if (errors.length) process.stderr.write(`claims report: ${repoRelative(dir)}/claims.json does not validate against its schema:\n  ${errors.slice(0, 10).join("\n  ")}\n`);
      }
    }
  }

  async onTestRunEnd(modules: ReadonlyArray<TestModule>, _errors: unknown, reason: TestRunEndReason): Promise<void> {
    // A file that failed to load has no test results: count it as a failure.
    for (const m of modules) if (m.state() === "failed" && [...m.children.allTests()].length === 0) this.counts.failed++;
    const out: string[] = [];
    if (this.fresh.length > 0) {
      await this.queueWrite(reason === "interrupted");
      const rows = this.fresh.map(summaryRow);
      out.push("", terminalTable(rows));
      const pages = [...this.dirs.values()].map((d) => `${repoRelative(d)}/claims.html`);
      out.push(this.writeError ? `claims report: NOT written (${this.writeError.message})` : `claims report: ${pages.join(", ")} (also claims.md, claims.json; reports/<scale>/latest points at it)`);
      out.push(`claims: ${countsLine(rows)}`);
    }
    const { passed, failed, skipped } = this.counts;
    out.push(`vitest: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
    process.stdout.write(`${out.join("\n")}\n`);
  }
}

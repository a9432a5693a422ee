import { describe, expect, it } from "vitest";
import { mergeRecords } from "../../src/report/merge.js";
import { page, record, report } from "./records.js";

describe("merging a run into the report it continues", () => {
  const earlier = (claims = [record("fig3", "reproduced", { provenance: { source: "vitest-run", codeVersions: ["cifold"], backends: ["tensorflow-gpu"], sameCodeAsPage: true } }), record("fig2a", "contradicted")]) => ({
    path: "reports/ci/runs/2026-11-30T00-00-00Z/claims.json",
    report: report(claims, { generated: "2026-11-30T00:00:00.000Z" }),
  });

  it("never lets a skip replace a measured verdict: keeps it, with its date, and says why this run skipped it", () => {
    const skip = record("fig3", "skipped", { reason: "no GPU backend", evaluatedAt: "2026-12-02T00:00:00.000Z" });
    const [fig3, fig2a] = mergeRecords([skip], earlier(), page());
    expect(fig3.status).toBe("reproduced");
    expect(fig3.evaluatedAt).toBe("2026-12-01T00:00:00.000Z");
    expect(fig3.skippedThisRun).toEqual({ reason: "no GPU backend", at: "2026-12-02T00:00:00.000Z" });
    expect(fig3.provenance).toMatchObject({ source: "carried-over", codeVersions: ["cifold"], sameCodeAsPage: false, from: { report: "reports/ci/runs/2026-11-30T00-00-00Z/claims.json", generated: "2026-11-30T00:00:00.000Z" } });
    // Claims this run did not touch are carried over unchanged.
    expect(fig2a.status).toBe("contradicted");
    expect(fig2a.provenance?.source).toBe("carried-over");
  });

  it("lets a measurement replace anything, and a skip replace a skip", () => {
    const fresh = [record("fig3", "contradicted"), record("fig2a", "skipped", { reason: "new reason" })];
    const out = mergeRecords(fresh, earlier([record("fig3", "reproduced"), record("fig2a", "skipped", { reason: "old" })]), page());
    expect(out.map((r) => [r.id, r.status, r.reason ?? null])).toEqual([
      ["fig3", "contradicted", null],
      ["fig2a", "skipped", "new reason"],
    ]);
    expect(out[0].skippedThisRun).toBeUndefined();
  });

  it("carries over only records a registry entry still writes: a removed control's stale record is dropped", () => {
    const out = mergeRecords([record("fig2a", "contradicted")], earlier([record("control-fig6-no-pretraining", "inconclusive"), record("control-fig6-minimal", "contradicted"), record("fig2a", "inconclusive")]), page());
    expect(out.map((r) => r.id)).toEqual(["fig2a", "control-fig6-minimal"]);
  });

  it("starts fresh without an earlier report", () => {
    expect(mergeRecords([record("fig3", "skipped")], null, page()).map((r) => r.status)).toEqual(["skipped"]);
  });
});

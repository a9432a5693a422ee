import { describe, expect, it } from "vitest";
import { diffMarkdown, diffReports, movedBeyondCi } from "../../src/report/diff.js";
import { check, record, report } from "./records.js";

describe("report diff (nightly: the job's colour means 'something changed')", () => {
  const base = () => [record("fig2a", "contradicted"), record("fig2b", "reproduced"), record("estimator-regression", "reproduced", { paper: "App. A.1" })];

  it("reports nothing for two identical reports, even with contradicted claims in both", () => {
    const d = diffReports(report(base()), report(base(), { generated: "2026-12-03T00:00:00.000Z" }));
    expect(d.changes).toEqual([]);
    expect(diffMarkdown(d, report(base()), "last night")).toMatch(/no change since last night/);
  });

  it("reports a verdict that changed", () => {
    const tonight = base();
    tonight[1] = record("fig2b", "inconclusive");
    const d = diffReports(report(base()), report(tonight));
    expect(d.changes.map((c) => [c.kind, c.id])).toEqual([["verdict", "fig2b"]]);
    expect(d.changes[0].message).toBe("fig2b: reproduced -> inconclusive (last-layer-colour: reproduced -> inconclusive (0.05 -> 0.05))");
  });

  it("reports a number that moved beyond its previous CI, and not one that moved within it", () => {
    const within = base();
    within[1] = record("fig2b", "reproduced", { checks: [check("last-layer-colour", "reproduced", 0.079, [0.05, 0.1])] });
    expect(diffReports(report(base()), report(within)).changes).toEqual([]);
    const beyond = base();
    beyond[1] = record("fig2b", "reproduced", { checks: [check("last-layer-colour", "reproduced", 0.081, [0.06, 0.1])] });
    const d = diffReports(report(base()), report(beyond));
    expect(d.changes).toHaveLength(1);
    expect(d.changes[0]).toMatchObject({ kind: "moved", id: "fig2b", rule: "last-layer-colour" });
    expect(d.changes[0].message).toMatch(/0\.05 -> 0\.081, beyond the previous 95% CI \[0\.02, 0\.08\]/);
  });

  it("compares statistics without a CI by relative change", () => {
    const p = check("p", "reproduced", 0.01, null);
    expect(movedBeyondCi(p, { ...p, statistic: 0.01005 })).toBe(false);
    expect(movedBeyondCi(p, { ...p, statistic: 0.012 })).toBe(true);
  });

  it("flags an estimator regression every night, a newly skipped claim, a partial report and missing claims", () => {
    const tonight = [record("fig2a", "contradicted"), record("fig2b", "skipped", { reason: "no GPU" }), record("estimator-regression", "contradicted", { paper: "App. A.1" })];
    const d = diffReports(report(base()), report(tonight, { partial: true }));
    expect(d.changes.map((c) => c.kind).sort()).toEqual(["estimator-regression", "newly-skipped", "partial", "verdict"]);
    const gone = diffReports(report(base()), report(base().slice(0, 2)));
    expect(gone.changes.map((c) => c.kind)).toEqual(["disappeared"]);
  });

  it("notes a missing previous report without calling it a change", () => {
    const d = diffReports(null, report(base()));
    expect(d.changes).toEqual([]);
    expect(d.notes[0]).toMatch(/no previous report/);
  });
});

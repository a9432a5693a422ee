import { describe, expect, it } from "vitest";
import { check, record } from "./records.js";
import { countsLine, fmt, keyText, summaryRow, terminalTable, verdictText } from "../../src/report/summary.js";

describe("summary rows and the terminal table", () => {
  it("names every kind of record as what it is", () => {
    expect(verdictText(record("fig2a", "reproduced"))).toMatch(/^reproduced at ci scale \(smoke-level, never a paper-scale reproduction\)$/);
    expect(verdictText(record("fig2a", "reproduced", { scale: "paper" }))).toBe("reproduced");
    expect(verdictText(record("fig2d", "exported"))).toBe("exported (data, not a claim)");
    expect(verdictText(record("fig3-pipeline", "pipeline-ok"))).toBe("pipeline check ok (not a reproduction)");
    expect(verdictText(record("fig2b", "contradicted", { knownFailure: "decoder-limited" }))).toBe("contradicted; known failure (pinned)");
    expect(verdictText(record("control-fig6-minimal", "contradicted", { testOutcome: "pass" }))).toMatch(/negative control, contradicted: its rules reject it/);
    expect(verdictText(record("fig3", "reproduced", { scale: "paper", skippedThisRun: { reason: "no GPU", at: "x" } }))).toBe("reproduced; measured 2026-12-01, skipped this run");
  });

  it("gives the deciding rule's number against its bound", () => {
    const r = record("fig2a", "inconclusive", { checks: [check("direction", "reproduced", 0.99, [0.98, 1]), check("last-layer-colour", "inconclusive", 0.127, [0, 0.378])] });
    expect(summaryRow(r).keyText).toBe("last-layer-colour 0.127 [0, 0.378] <= 0.1");
    expect(keyText(null)).toBe("–");
    expect(fmt(0.00042)).toBe("4.2e-4");
    expect(fmt(2.7700001)).toBe("2.77");
  });

  it("counts verdicts and prints a compact table with skip reasons", () => {
    const rows = [record("fig2a", "reproduced"), record("fig2b", "contradicted", { knownFailure: "x" }), record("fig3", "skipped", { reason: "paper-scale only (ResNet-18 for 160 epochs on a GPU)" }), record("fig3-pipeline", "pipeline-ok")].map(summaryRow);
    expect(countsLine(rows)).toBe("1 reproduced, 1 known failures (pinned), 1 skipped, 1 pipeline checks ok");
    const t = terminalTable(rows).split("\n");
    expect(t).toHaveLength(6);
    expect(t[4]).toMatch(/^fig3 +skipped +– +paper-scale only \(ResNet-18/);
    expect(t[2]).toMatch(/^fig2a +reproduced \(ci: smoke only\) /);
  });
});

describe("report order", () => {
  it("puts the paper's claims first in paper order (each pipeline check after its claim), then checks, estimator claims and controls", async () => {
    const { report } = await import("./records.js");
    const ids = ["control-fig6-minimal", "fig7", "estimator-null", "fig2a", "fig3-pipeline", "fig3", "check-measurement", "fig2xt", "fig5c", "control-fig2a-label-swap", "fig2c"];
    const { record } = await import("./records.js");
    const r = report(ids.map((id) => record(id, "reproduced")));
    expect(r.claims.map((c) => c.id)).toEqual(["fig2a", "fig2c", "fig2xt", "fig3", "fig3-pipeline", "fig5c", "fig7", "check-measurement", "estimator-null", "control-fig2a-label-swap", "control-fig6-minimal"]);
    expect(r.summary.map((s) => s.id)).toEqual(r.claims.map((c) => c.id));
  });

  it("reads what a record is from the registry, not from the shape of its id: a look-alike id no entry writes goes last, as a claim, on the checkerboard scope", async () => {
    const { report, record } = await import("./records.js");
    const { rowKind } = await import("../../src/report/summary.js");
    const { scopeOf } = await import("../../src/report/provenance.js");
    const { registeredRecord } = await import("../../src/claims/registry.js");
    // Registered: a control group's record, an estimator claim, a CIFAR pipeline check.
    expect(registeredRecord("control-fig2b-untrained")?.entry.id).toBe("control-shuffled-untrained");
    expect(registeredRecord("fig4lr-pipeline")).toMatchObject({ pipelineCheck: true, entry: { id: "fig4lr", family: "cifar" } });
    expect(rowKind(record("control-fig2b-untrained", "contradicted"))).toBe("control");
    expect(rowKind(record("estimator-null", "reproduced"))).toBe("estimator");
    expect(rowKind(record("fig4lr-pipeline", "reproduced"))).toBe("pipeline");
    expect([scopeOf("fig4lr-pipeline"), scopeOf("fig5b"), scopeOf("estimator-tight"), scopeOf("control-fig6-minimal")]).toEqual(["cifar", "cifar", "estimator", "checkerboard"]);
    // Look-alikes: ids shaped like a control, an estimator claim and a pipeline check that no entry writes.
    for (const id of ["control-fig9-made-up", "estimator-made-up", "fig2a-pipeline"]) {
      expect(registeredRecord(id), id).toBeNull();
      expect(rowKind(record(id, "reproduced")), id).toBe("claim");
      expect(scopeOf(id), id).toBe("checkerboard");
    }
    const r = report(["control-fig9-made-up", "control-fig6-minimal", "estimator-made-up", "fig2a"].map((id) => record(id, "reproduced")));
    expect(r.claims.map((c) => c.id)).toEqual(["fig2a", "control-fig6-minimal", "control-fig9-made-up", "estimator-made-up"]);
  });
});

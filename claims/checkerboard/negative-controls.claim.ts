/**
 * Negative controls of the checkerboard claims: each must be REJECTED by the claim's rule, or the
 * claim could not fail. A control passes when the claim's status is not "pass".
 * - fig2a on Small FC trained on shuffled labels (CB-2), both as measured (the learned-seed rule
 *   rejects it) and with every seed forced to count as learned (the information rules must reject);
 * - fig2a and fig2b on the untrained networks (the epoch-0 probes of the fig2 runs);
 * - fig7 on planted results in which pretraining helps generalisation (a real data set where it
 *   helps would need its own training protocol; the planted results exercise the same rule).
 */
import { describe, expect, test } from "vitest";
import type { ClaimRecord } from "../../src/claim-interfaces.js";
import { evaluateFig2a, evaluateFig2bc, FIG2B } from "../../src/claims/checkerboard.js";
import { asIfLearned, asUntrained } from "../../src/claims/controls.js";
import { evaluateFig7 } from "../../src/claims/pretraining.js";
import { claimSummary } from "../../src/claims/spec.js";
import { planted } from "../../test/claims/planted.js";
import { cbRun } from "./shared.js";

function control(record: ClaimRecord, id: string, statement: string): ClaimRecord {
  return { ...record, id, statement: `negative control (must be rejected): ${statement}` };
}

describe("negative controls (each claim must reject its control)", () => {
  test("fig2a rejects Small FC trained on shuffled labels", async ({ task }) => {
    const { results, ctx } = await cbRun("CB-2", { trainLabels: "shuffled", decode: "final-all" });
    const measured = evaluateFig2a(results, ctx);
    const forced = evaluateFig2a(asIfLearned(results), ctx);
    task.meta.claim = control(forced, "control-fig2a-shuffled", "fig2a on CB-2 trained on shuffled labels, every seed counted as learned");
    expect(measured.status, claimSummary(measured)).not.toBe("pass");
    expect(forced.status, claimSummary(forced)).toBe("fail");
  });

  test("fig2a and fig2b reject the untrained networks", async ({ task }) => {
    const cb2 = await cbRun("CB-2");
    const cb10 = await cbRun("CB-10");
    const a = evaluateFig2a(asUntrained(cb2.results, true), cb2.ctx);
    const b = evaluateFig2bc(FIG2B, asUntrained(cb10.results, true), cb10.ctx);
    task.meta.claim = control(b, "control-fig2b-untrained", "fig2b on the untrained CB-10 networks (epoch-0 probes), every seed counted as learned");
    expect(evaluateFig2a(asUntrained(cb2.results), cb2.ctx).status).not.toBe("pass");
    expect(a.status, claimSummary(a)).toBe("fail");
    expect(b.status, claimSummary(b)).toBe("fail");
  });

  test("fig7 rejects planted results where pretraining helps generalisation", ({ task }) => {
    const ps = [0, 5, 10, 20, 40];
    const byP = ps.map((p) => ({
      p,
      results: planted("CB-10", [1, 2, 3].map((seed) => ({ seed, acc: 0.95 + p * 0.001 + seed * 0.0001, colour: [2, 1, 0.5, 0.05 + p * 0.02], direction: [2, 3, 3.2, 3.3] }))),
    }));
    const r = evaluateFig7([{ run: "CB-10", asserted: true, byP }], { scale: "ci", backend: "planted" });
    task.meta.claim = control(r, "control-fig7-helpful-pretraining", "fig7 on planted CB-10 results where accuracy rises with P");
    expect(r.status, claimSummary(r)).toBe("fail");
  });
});

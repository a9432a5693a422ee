/**
 * fig7 (Fig 7a-c, appendix B.2). Claim: longer pretraining on colour gives less minimal
 * representations and worse generalisation.
 * Statistics: Spearman correlation of P with final validation accuracy over all runs, and of P
 * with last-layer final colour information over learned runs.
 * Seeds: 8 per P (paper), 3 (ci). P in {0, 5, 10, 20, 40} on CB-10 and CB-20 (asserted) and CB-2
 * (reported only); the ci cut is in src/experiments/pretrain-protocol.ts and in the record.
 * Pass, per asserted run: rho(P, accuracy) < 0 with one-sided p < 0.05; rho(P, colour) > 0.
 */
import { test } from "vitest";
import { evaluateFig7, type Fig7Arm } from "../../src/claims/pretraining.js";
import { assertClaim } from "../../src/claims/spec.js";
import { fig7Plan } from "../../src/experiments/cb-plan.js";
import { fig7Protocol } from "../../src/experiments/pretrain-protocol.js";
import { currentScale } from "../../src/experiments/scale.js";
import { cbRun } from "./shared.js";

test("fig7: longer colour pretraining leaves more colour and lowers validation accuracy", async ({ task }) => {
  const scale = currentScale();
  const protocol = fig7Protocol(scale);
  const arms: Fig7Arm[] = [];
  let ctx;
  for (const arm of fig7Plan(scale)) {
    const byP = [];
    // P = 0 reuses the fig2 run (all probes); P > 0 decodes only what fig7 needs (cb-plan.ts).
    for (const { p, opts } of arm.byP) {
      const r = await cbRun(arm.run, opts);
      byP.push({ p, results: r.results });
      ctx = r.ctx;
    }
    arms.push({ run: arm.run, asserted: arm.asserted, byP });
  }
  const record = { ...evaluateFig7(arms, ctx!), ...(protocol.note ? { scaleNote: protocol.note } : {}) };
  assertClaim({ task }, record);
});

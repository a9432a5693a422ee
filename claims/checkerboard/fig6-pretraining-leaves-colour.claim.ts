/**
 * fig6 (Fig 6a-c, appendix B.1). Claim: pretraining on the colour label for 20 epochs leaves a
 * non-minimal last layer.
 * Statistic: last-layer final colour information (clipped at 0), learned seeds of each arm.
 * Seeds: 8 (paper), 3 (ci) per arm; P=0 arms are the fig2 runs (cached).
 * Pass, for CB-2 and CB-10: P=20 > P=0 by a one-sided Welch test with p < 0.05, and the P=20 mean
 * exceeds 10% of log2 n.
 */
import { test } from "vitest";
import { evaluateFig6 } from "../../src/claims/pretraining.js";
import { assertClaim } from "../../src/claims/spec.js";
import { fig6Plan } from "../../src/experiments/cb-plan.js";
import { cbRun } from "./shared.js";

test("fig6: 20 epochs of colour pretraining leave colour information in the last layer", async ({ task }) => {
  const arms = [];
  let ctx;
  for (const arm of fig6Plan()) {
    const base = await cbRun(arm.run, arm.base);
    const pretrained = await cbRun(arm.run, arm.pretrained);
    arms.push({ run: arm.run, base: base.results, pretrained: pretrained.results });
    ctx = base.ctx;
  }
  const record = evaluateFig6(arms, ctx!);
  assertClaim({ task }, record);
});

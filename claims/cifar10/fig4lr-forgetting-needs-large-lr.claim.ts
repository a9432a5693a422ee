/**
 * fig4lr (Fig 4d-f, Fig 8 left). Claim: forgetting needs a large initial learning rate: 0.075 and
 * 0.05 forget, 0.01 and 0.001 rise without falling.
 * Seeds: 3 per arm (paper); the lr 0.1 arm is fig3's run. Pass: lr 0.075 and 0.05: peak - final
 * >= 0.3 bit (every seed); lr 0.01 and 0.001: peak - final < 0.15 bit and final fine - final
 * coarse >= 0.3 bit; accuracy(lr 0.001) < accuracy(lr 0.1).
 * Paper scale needs a GPU backend and CIFAR-10; ci scale runs a pipeline check (not a reproduction).
 */
import { test } from "vitest";
import { evaluateFig4lr, evaluatePipelineCheck } from "../../src/claims/cifar.js";
import { assertClaim } from "../../src/claims/spec.js";
import { lrArms, PIPELINE_CIFAR10 } from "../../src/experiments/cifar-protocol.js";
import { cifarContext, runArm, runArms, skipClaim } from "../cifar-shared.js";

const claim = { id: "fig4lr", paper: "Fig 4d-f, Fig 8 left", statement: "Forgetting needs a large initial learning rate: 0.075 and 0.05 forget, 0.01 and 0.001 rise without falling" };

test("fig4lr: only large initial learning rates forget fine-label information", async (context) => {
  const ctx = await cifarContext(["cifar10"]);
  if (ctx.skipReason) return skipClaim(context, claim, ctx);
  let record;
  if (ctx.scale === "ci") {
    record = evaluatePipelineCheck("fig4lr", "Fig 4d-f", await runArm(PIPELINE_CIFAR10()), 0.5, ctx);
  } else {
    record = evaluateFig4lr(await runArms(lrArms()), ctx);
  }
  assertClaim(context, record);
});

/**
 * fig5a (Fig 5a). Claim: All-CNN on CIFAR-10 parity: fine information rises then falls
 * substantially, not fully to minimal.
 * Seeds: 3 (paper). Pass: peak - final fine >= 0.3 bit in every seed, peak strictly inside.
 * Paper scale needs a GPU backend and CIFAR-10; ci scale runs a pipeline check (not a reproduction).
 */
import { test } from "vitest";
import { evaluateFig5a, evaluatePipelineCheck } from "../../src/claims/cifar.js";
import { assertClaim } from "../../src/claims/spec.js";
import { ALLCNN_ARM, PIPELINE_CIFAR10 } from "../../src/experiments/cifar-protocol.js";
import { cifarContext, runArm, skipClaim } from "../cifar-shared.js";

const claim = { id: "fig5a", paper: "Fig 5a", statement: "All-CNN, CIFAR-10: fine information rises then falls substantially, not fully to minimal" };

test("fig5a: All-CNN on CIFAR-10 parity gains then loses fine-label information", async (context) => {
  const ctx = await cifarContext(["cifar10"]);
  if (ctx.skipReason) return skipClaim(context, claim, ctx);
  const record = ctx.scale === "ci" ? evaluatePipelineCheck("fig5a", "Fig 5a", await runArm(PIPELINE_CIFAR10()), 0.5, ctx) : evaluateFig5a(await runArm(ALLCNN_ARM()), ctx);
  assertClaim(context, record);
});

/**
 * fig5c (Fig 5c). Claim: pretraining on the 100 fine labels for 20 epochs, then training on the
 * 20 superclasses, improves coarse accuracy (paper: 85.6% vs 83.5%).
 * Seeds: 3 per arm (paper), paired by seed; the coarse-only arm is fig5b's run. Pass: mean paired
 * difference of final coarse validation accuracy > 0.
 * Paper scale needs a GPU backend and CIFAR-100; ci scale runs a pipeline check (not a reproduction).
 */
import { test } from "vitest";
import { evaluateFig5c, evaluatePipelineCheck } from "../../src/claims/cifar.js";
import { assertClaim } from "../../src/claims/spec.js";
import { CIFAR100_BASE, CIFAR100_FINE_PRETRAINED, PIPELINE_CIFAR100_PRETRAINED } from "../../src/experiments/cifar-protocol.js";
import { cifarContext, runArm, skipClaim } from "../cifar-shared.js";

const claim = { id: "fig5c", paper: "Fig 5c", statement: "Pretraining on the 100 fine labels for 20 epochs, then coarse, improves coarse accuracy" };

test("fig5c: fine-label pretraining improves CIFAR-100 superclass accuracy", async (context) => {
  const ctx = await cifarContext(["cifar100"]);
  if (ctx.skipReason) return skipClaim(context, claim, ctx);
  const record =
    ctx.scale === "ci"
      ? evaluatePipelineCheck("fig5c", "Fig 5c", await runArm(PIPELINE_CIFAR100_PRETRAINED()), 1 / 20, ctx)
      : evaluateFig5c(await runArm(CIFAR100_FINE_PRETRAINED()), await runArm(CIFAR100_BASE()), ctx);
  assertClaim(context, record);
});

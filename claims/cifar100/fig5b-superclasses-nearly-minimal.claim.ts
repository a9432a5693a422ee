/**
 * fig5b (Fig 5b). Claim: ResNet-18 trained on the 20 CIFAR-100 superclasses reaches ~3.5 bit of
 * coarse information and ends nearly minimal, with no marked rise and fall.
 * Seeds: 3 (paper). Pass: final coarse >= 3.0 bit; final fine - final coarse <= 0.5 bit.
 * Paper scale needs a GPU backend and CIFAR-100; ci scale runs a pipeline check (not a reproduction).
 */
import { test } from "vitest";
import { evaluateFig5b, evaluatePipelineCheck } from "../../src/claims/cifar.js";
import { assertClaim } from "../../src/claims/spec.js";
import { CIFAR100_BASE, PIPELINE_CIFAR100 } from "../../src/experiments/cifar-protocol.js";
import { cifarContext, runArm, skipClaim } from "../cifar-shared.js";

const claim = { id: "fig5b", paper: "Fig 5b", statement: "ResNet-18, CIFAR-100 superclasses: coarse information ~3.5 bit; nearly minimal; no marked rise-fall" };

test("fig5b: ResNet-18 on CIFAR-100 superclasses ends nearly minimal", async (context) => {
  const ctx = await cifarContext(["cifar100"]);
  if (ctx.skipReason) return skipClaim(context, claim, ctx);
  const record = ctx.scale === "ci" ? evaluatePipelineCheck("fig5b", "Fig 5b", await runArm(PIPELINE_CIFAR100()), 1 / 20, ctx) : evaluateFig5b(await runArm(CIFAR100_BASE()), ctx);
  assertClaim(context, record);
});

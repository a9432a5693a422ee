/**
 * fig4bs (Fig 4a-c, Fig 8 right). Claim: forgetting of fine information happens only at small
 * batch size: 64 and 128 forget, 512 and 1024 do not, and accuracy falls with batch size.
 * Seeds: 3 per arm (paper); the bs 128 arm is fig3's run. Pass: bs 64 as fig3; bs 512 and 1024:
 * final fine - final coarse >= 0.3 bit; accuracy(bs 1024) < accuracy(bs 128).
 * Paper scale needs a GPU backend and CIFAR-10; ci scale runs a pipeline check (not a reproduction).
 */
import { test } from "vitest";
import { evaluateFig4bs, evaluatePipelineCheck } from "../../src/claims/cifar.js";
import { assertClaim } from "../../src/claims/spec.js";
import { batchArms, PIPELINE_CIFAR10 } from "../../src/experiments/cifar-protocol.js";
import { cifarContext, runArm, runArms, skipClaim } from "../cifar-shared.js";

const claim = { id: "fig4bs", paper: "Fig 4a-c, Fig 8 right", statement: "Compression only at small batch: 64 and 128 forget, 512 and 1024 do not; accuracy falls with batch size" };

test("fig4bs: only small batches forget fine-label information", async (context) => {
  const ctx = await cifarContext(["cifar10"]);
  if (ctx.skipReason) return skipClaim(context, claim, ctx);
  let record;
  if (ctx.scale === "ci") {
    record = evaluatePipelineCheck("fig4bs", "Fig 4a-c", await runArm(PIPELINE_CIFAR10()), 0.5, ctx);
  } else {
    record = evaluateFig4bs(await runArms(batchArms()), ctx);
  }
  assertClaim(context, record);
});

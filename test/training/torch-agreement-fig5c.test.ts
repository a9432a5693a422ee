/**
 * Agreement with PyTorch on identical weights (issue 21), case resnet18-fig5c-switch: the fig5c
 * head switch: trainCifar on the fig5c arm resumed after epoch 19 (initial weights, crafted
 * momentum buffers for the trunk and the fine head), epoch 20 on the fine head, epoch 21 on the
 * coarse head: the learning rate continues (lr0 * 0.97^20 at 21), the trunk keeps its momentum,
 * the coarse head's buffer starts fresh at 21, the fine head stops moving. Runtime 27 s on the
 * 2-core machine with its load average at 6.
 * Machinery, tolerances and the kink rule: torch-agreement.ts.
 */
import { describe, it } from "vitest";
import { netCase } from "../../scripts/torch-reference/cases.js";
import { checkNetCase, setupAgreement } from "./torch-agreement.js";

setupAgreement();

describe("resnet18-fig5c-switch against PyTorch on identical weights (wasm backend)", () => {
  const c = netCase("resnet18-fig5c-switch");
  it(c.what, async () => {
    await checkNetCase(c);
  });
});

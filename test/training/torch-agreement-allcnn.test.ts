/**
 * Agreement with PyTorch on identical weights (issue 21), case allcnn-cifar10: All-CNN, the fig5a
 * arm (lr 0.05, weight decay 0.001): as the ResNet-18 file, at batch 4. Runtime 31 s on the 2-core
 * machine with its load average at 6.
 * Machinery, tolerances and the kink rule: torch-agreement.ts.
 */
import { describe, it } from "vitest";
import { netCase } from "../../scripts/torch-reference/cases.js";
import { checkNetCase, setupAgreement } from "./torch-agreement.js";

setupAgreement();

describe("allcnn-cifar10 against PyTorch on identical weights (wasm backend)", () => {
  const c = netCase("allcnn-cifar10");
  it(c.what, async () => {
    await checkNetCase(c);
  });
});

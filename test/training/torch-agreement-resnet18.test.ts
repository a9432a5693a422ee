/**
 * Agreement with PyTorch on identical weights (issue 21), case resnet18-cifar10: ResNet-18 (pre-
 * activation, CIFAR variant), the fig3 arm: the initial network's logits and features in training
 * and evaluation mode; trainCifar for 5 epochs of one step at batch 2 (epochs 1-5 of the 0.97
 * schedule): learning rate, label and loss per epoch, every weight change, momentum buffer and
 * batch-norm running statistic after epochs 1 and 5, probe features. Runtime 52 s on the 2-core
 * machine with its load average at 6 (each step ~3-4 s: the filter gradient is JavaScript on
 * wasm).
 * Machinery, tolerances and the kink rule: torch-agreement.ts.
 */
import { describe, it } from "vitest";
import { netCase } from "../../scripts/torch-reference/cases.js";
import { checkNetCase, setupAgreement } from "./torch-agreement.js";

setupAgreement();

describe("resnet18-cifar10 against PyTorch on identical weights (wasm backend)", () => {
  const c = netCase("resnet18-cifar10");
  it(c.what, async () => {
    await checkNetCase(c);
  });
});

/**
 * The CIFAR claims as the paper report lists them when nothing measured them at paper scale.
 * Mirrors the `claim` objects of claims/cifar10 and claims/cifar-100 (the claim files call
 * vitest's `test` when imported, so they cannot be imported here); test/report/cifar-claims.test.ts
 * checks each entry against its claim file.
 */
import type { ClaimRecord } from "../claim-interfaces.js";

export const CIFAR_CLAIMS: readonly Pick<ClaimRecord, "id" | "paper" | "statement">[] = [
  { id: "fig3", paper: "Fig 3", statement: "ResNet-18, CIFAR-10 parity, lr 0.1, bs 128: fine information rises, then falls to near minimal" },
  { id: "fig4bs", paper: "Fig 4a-c, Fig 8 right", statement: "Compression only at small batch: 64 and 128 forget, 512 and 1024 do not; accuracy falls with batch size" },
  { id: "fig4lr", paper: "Fig 4d-f, Fig 8 left", statement: "Forgetting needs a large initial learning rate: 0.075 and 0.05 forget, 0.01 and 0.001 rise without falling" },
  { id: "fig5a", paper: "Fig 5a", statement: "All-CNN, CIFAR-10: fine information rises then falls substantially, not fully to minimal" },
  { id: "fig5b", paper: "Fig 5b", statement: "ResNet-18, CIFAR-100 superclasses: coarse information ~3.5 bit; nearly minimal; no marked rise-fall" },
  { id: "fig5c", paper: "Fig 5c", statement: "Pretraining on the 100 fine labels for 20 epochs, then coarse, improves coarse accuracy" },
];

/** Skip reason of a CIFAR claim in a report regenerated from committed data. */
export const CIFAR_NOT_MEASURED = "no committed paper-scale measurements; needs a GPU (README: GPU backends, CIFAR cost; the nightly job measures it)";

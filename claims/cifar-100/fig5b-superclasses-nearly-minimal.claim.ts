/**
 * fig5b (Fig 5b). Claim: ResNet-18 trained on the 20 CIFAR-100 superclasses reaches ~3.5 bit of
 * coarse information and ends nearly minimal, with no marked rise and fall.
 * Seeds: 3 (paper). Pass: final coarse >= 3.0 bit; final fine - final coarse <= 0.5 bit.
 * Paper scale needs a GPU backend and CIFAR-100; every scale also runs a pipeline check (small convnet on the CPU; not a reproduction).
 */
import { evaluateFig5b } from "../../src/claims/cifar.js";
import { CIFAR100_BASE, PIPELINE_CIFAR100 } from "../../src/experiments/cifar-protocol.js";
import { cifarClaim, runArm } from "../cifar-shared.js";

cifarClaim({
  claim: { id: "fig5b", paper: "Fig 5b", statement: "ResNet-18, CIFAR-100 superclasses: coarse information ~3.5 bit; nearly minimal; no marked rise-fall" },
  title: "fig5b: ResNet-18 on CIFAR-100 superclasses ends nearly minimal",
  datasets: ["cifar100"],
  paper: async (ctx) => evaluateFig5b(await runArm(CIFAR100_BASE()), ctx),
  pipeline: { arm: PIPELINE_CIFAR100, chance: 1 / 20 },
});

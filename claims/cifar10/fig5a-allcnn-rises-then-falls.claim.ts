/**
 * fig5a (Fig 5a). Claim: All-CNN on CIFAR-10 parity: fine information rises then falls
 * substantially, not fully to minimal.
 * Seeds: 3 (paper). Pass: the mean over seeds of peak - final fine >= 0.3 bit, judged on its 95%
 * CI (no every-seed or peak-inside part: PROTOCOL.md section 2 keeps those for fig3 and bs 64).
 * Paper scale needs a GPU backend and CIFAR-10; every scale also runs a pipeline check (small convnet on the CPU; not a reproduction).
 */
import { evaluateFig5a } from "../../src/claims/cifar.js";
import { ALLCNN_ARM, PIPELINE_CIFAR10 } from "../../src/experiments/cifar-protocol.js";
import { cifarClaim, runArm } from "../cifar-shared.js";

cifarClaim({
  claim: { id: "fig5a", paper: "Fig 5a", statement: "All-CNN, CIFAR-10: fine information rises then falls substantially, not fully to minimal" },
  title: "fig5a: All-CNN on CIFAR-10 parity gains then loses fine-label information",
  datasets: ["cifar10"],
  paper: async (ctx) => evaluateFig5a(await runArm(ALLCNN_ARM()), ctx),
  pipeline: { arm: PIPELINE_CIFAR10, chance: 0.5 },
});

/**
 * fig5a (Fig 5a). Claim: All-CNN on CIFAR-10 parity: fine information rises then falls
 * substantially, not fully to minimal.
 * Seeds: 3 (paper). Pass: the mean over seeds of peak - final fine >= 0.3 bit, judged on its 95%
 * CI (no every-seed or peak-inside part: PROTOCOL.md section 2 keeps those for fig3 and bs 64).
 * Paper scale needs a GPU backend and CIFAR-10; every scale also runs a pipeline check (small convnet on the CPU; not a reproduction).
 */
import { cifarClaimTest } from "../cifar-shared.js";

cifarClaimTest("fig5a");

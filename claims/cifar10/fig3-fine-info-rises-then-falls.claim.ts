/**
 * fig3 (Fig 3). Claim: a ResNet-18 trained on CIFAR-10 parity labels (lr 0.1, batch 128) first
 * gains, then forgets, information about the ten fine labels, ending near minimal.
 * Statistics: fine/coarse usable information of the 512-d features per probe epoch (clipped at 0).
 * Seeds: 3 (paper). Pass (PROTOCOL.md section 2 as registered 2026-12-02): the mean over seeds of
 * peak - final fine >= 0.3 bit on its 95% CI, and in every seed, with each seed's peak strictly
 * inside the run; final fine - final coarse <= 0.25 bit; final coarse >= 0.9 bit; final val
 * accuracy >= 0.94 (each a bound on the mean over seeds, judged on its 95% CI).
 * Paper scale needs a GPU backend and CIFAR-10; every scale also runs a pipeline check (small convnet on the CPU; not a reproduction).
 */
import { cifarClaimTest } from "../cifar-shared.js";

cifarClaimTest("fig3");

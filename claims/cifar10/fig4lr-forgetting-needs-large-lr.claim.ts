/**
 * fig4lr (Fig 4d-f, Fig 8 left). Claim: forgetting needs a large initial learning rate: 0.075 and
 * 0.05 forget, 0.01 and 0.001 rise without falling.
 * Seeds: 3 per arm (paper); the lr 0.1 arm is fig3's run. Pass (bounds on the mean over seeds,
 * judged on the 95% CI; no every-seed part): lr 0.075 and 0.05: peak - final >= 0.3 bit; lr 0.01
 * and 0.001: peak - final < 0.15 bit and final fine - final coarse >= 0.3 bit; accuracy(lr 0.001)
 * < accuracy(lr 0.1): one-sided Welch p < 0.05.
 * Paper scale needs a GPU backend and CIFAR-10; every scale also runs a pipeline check (small convnet on the CPU; not a reproduction).
 */
import { cifarClaimTest } from "../cifar-shared.js";

cifarClaimTest("fig4lr");

/**
 * fig4bs (Fig 4a-c, Fig 8 right). Claim: forgetting of fine information happens only at small
 * batch size: 64 and 128 forget, 512 and 1024 do not, and accuracy falls with batch size.
 * Seeds: 3 per arm (paper); the bs 128 arm is fig3's run. Pass: bs 64 as fig3 (every seed, peak
 * inside, mean drop on its CI, near minimal, coarse, accuracy); bs 512 and 1024: final fine - final
 * coarse >= 0.3 bit (mean, 95% CI); accuracy(bs 1024) < accuracy(bs 128): one-sided Welch p < 0.05.
 * Paper scale needs a GPU backend and CIFAR-10; every scale also runs a pipeline check (small convnet on the CPU; not a reproduction).
 */
import { cifarClaimTest } from "../cifar-shared.js";

cifarClaimTest("fig4bs");

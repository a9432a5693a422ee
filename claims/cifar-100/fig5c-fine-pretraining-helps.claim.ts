/**
 * fig5c (Fig 5c). Claim: pretraining on the 100 fine labels for 20 epochs, then training on the
 * 20 superclasses, improves coarse accuracy (paper: 85.6% vs 83.5%).
 * Seeds: 3 per arm (paper), paired by seed; the coarse-only arm is fig5b's run. Pass: final coarse
 * validation accuracy, fine-pretrained (20 + 160 epochs) > coarse only (160): one-sided paired t
 * p < 0.05. The record also shows the pretrained run after 140 coarse epochs (160 in all) against
 * the baseline: reported, not judged (PROTOCOL.md section 2, registered 2026-12-02).
 * Paper scale needs a GPU backend and CIFAR-100; every scale also runs a pipeline check (small convnet on the CPU; not a reproduction).
 */
import { cifarClaimTest } from "../cifar-shared.js";

cifarClaimTest("fig5c");

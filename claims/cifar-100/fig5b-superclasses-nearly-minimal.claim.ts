/**
 * fig5b (Fig 5b). Claim: ResNet-18 trained on the 20 CIFAR-100 superclasses reaches ~3.5 bit of
 * coarse information and ends nearly minimal, with no marked rise and fall.
 * Seeds: 3 (paper). Pass: final coarse >= 3.0 bit; final fine - final coarse <= 0.5 bit.
 * Paper scale needs a GPU backend and CIFAR-100; every scale also runs a pipeline check (small convnet on the CPU; not a reproduction).
 */
import { cifarClaimTest } from "../cifar-shared.js";

cifarClaimTest("fig5b");

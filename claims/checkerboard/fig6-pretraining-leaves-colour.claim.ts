/**
 * fig6 (Fig 6a-c, appendix B.1). Claim: pretraining on the colour label for 20 epochs leaves a
 * non-minimal last layer.
 * Statistic: last-layer final colour information (clipped at 0), learned seeds of each arm.
 * Seeds: 8 (paper), 3 (ci) per arm; P=0 arms are the fig2 runs (cached).
 * Pass, for CB-2 and CB-10: P=20 > P=0 by a one-sided Welch test with p < 0.05, and the P=20 mean
 * exceeds 10% of log2 n.
 */
import { cbClaimTest } from "./shared.js";

cbClaimTest("fig6");

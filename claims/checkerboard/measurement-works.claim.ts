/**
 * Positive check (issue 14; not a paper claim): the measurement works where the paper is not in
 * doubt. On CB-10's learned seeds: final layer-1 colour >= 90% of log2 10; final last-layer
 * direction >= 90% of log2 10; the last-layer direction decoder's test accuracy within 0.02 of the
 * network's own validation accuracy (src/claims/checkerboard.ts evaluateMeasurementCheck).
 * Seeds: 8 (paper), 3 (ci). Must be reproduced at every scale.
 */
import { cbClaimTest } from "./shared.js";

cbClaimTest("check-measurement");

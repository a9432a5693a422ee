/**
 * estimator monotonicity (issue 3; paper App. A.1: I_u is a usable-information measure, so more
 * signal must not give less). Claim: I_u does not decrease as the SNR grows.
 * Statistic: for a ladder of 4 SNRs on one channel (binary antipodal, or one-hot Gaussian with
 * k = 2..5), each rung SNR x 1.3..2 of the one below, the same noise draws and labels on every
 * rung (paired) and the same decoder seed: drop_i = I_u(rung i) - I_u(rung i+1), bits.
 * Tolerance (named): MONO_SE_MULT * sqrt(SE_i^2 + SE_{i+1}^2), at least MONO_FLOOR_BITS.
 * N = 5000 (1250 / 3750); every family as registered at every scale (CB 100 epochs at lr 0.05 and
 * 0.5, CIFAR 50, linear 50); ci runs fewer ladders (SETTINGS), never weaker decoders.
 * Measured 2026-12-02 with every family at full strength: holds at both scales (largest drop minus
 * tolerance -0.022 bit, CB at lr 0.5 included); no known failure is declared.
 * Seeds: fast-check seed MONO_SEED. Pass: drop_i <= tolerance for every adjacent pair.
 * Defined in src/claims/estimator/monotonicity.ts (the seeds and constants named here).
 */
import { estimatorClaimTest } from "./shared.js";

estimatorClaimTest("monotonicity");

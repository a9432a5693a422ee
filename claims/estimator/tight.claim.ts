/**
 * estimator tight (PROTOCOL.md section 3; paper App. A.1). Claim: with a decoder family that
 * contains the Bayes posterior and enough data, I_u approaches I.
 * Statistic: I - I_u (bits) of the linear-softmax decoder on Gaussian channels whose posterior is
 * linear-softmax: binary antipodal (posterior sigmoid(2 mu z / sigma^2)) and one-hot Gaussian
 * (softmax(a z / sigma^2)), k in 2..8, width k..k+3, SNR a / sigma in 0.3..4, sigma in 0.5..2.
 * N = 20000 rows at every scale (the claim's N is the point): 5000 decoder-train, 15000 test.
 * Seeds: fast-check seed TIGHT_SEED. Pass: I - I_u <= 0.05 bit on every case.
 * Defined in src/claims/estimator/tight.ts (the seeds and constants named here).
 */
import { estimatorClaimTest } from "./shared.js";

estimatorClaimTest("tight");

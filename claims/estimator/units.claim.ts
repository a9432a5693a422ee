/**
 * estimator units (issue 3; PROTOCOL.md section 0: I_u = H(Y) - L_CE / ln 2 bits). Claim: the
 * estimator reports bits = nats / ln 2 and uses the right H(Y) for non-uniform labels.
 * Statistics, per random label distribution (k in 2..6, probabilities down to ~0.01) on an
 * independence channel (width 1..4), linear decoder, N = 4000 (1000 / 3000), no H(Y) given:
 * (a) |bits - (hYBits - testCeNats / ln 2)| (identity of the units);
 * (b) |hYBits - H_plug-in(train + test labels)|, H computed here independently with mathjs
 *     (-sum p log(p, 2)) and checked against -sum p ln p / ln 2;
 * (c) |I_u| on independent data: a wrong H(Y) (e.g. log2 k for skewed labels) shows as a bias of
 *     log2 k - H(Y), 0.1 to 1.9 bit here.
 * Seeds: fast-check seed UNITS_SEED. Pass: (a), (b) <= 1e-9 bit; (c) <= UNITS_NULL_SLACK_BITS.
 * Defined in src/claims/estimator/units.ts (the seeds and constants named here).
 */
import { estimatorClaimTest } from "./shared.js";

estimatorClaimTest("units");

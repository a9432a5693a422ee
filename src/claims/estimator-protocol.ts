/**
 * The registered numbers of the estimator's own claims (PROTOCOL.md section 3): one place for the
 * estimator claims (src/claims/estimator) and for test/protocol.test.ts, which checks them against
 * the protocol. Constants only.
 */

/** lower-bound: I_u <= I + this many standard errors on every case. */
export const LOWER_BOUND_SE_MULT = 3;
/** tight: I - I_u at most this, bits, at TIGHT_N rows. */
export const TIGHT_MAX_GAP_BITS = 0.05;
export const TIGHT_N = 20000;
/** null: |I_u| at most this, bits, at NULL_N rows. */
export const NULL_MAX_ABS_BITS = 0.02;
export const NULL_N = 5000;
/** invariance: |I_u(AZ + b) - I_u(Z)| at most this, bits. */
export const INVARIANCE_MAX_DIFF_BITS = 0.05;
/** invariance: per-unit scales drawn over this range (amended 2026-12-02). */
export const UNIT_SCALE_RANGE: readonly [number, number] = [1e-3, 1e3];
/** invariance: largest condition number of a drawn rotation (amended 2026-12-02). */
export const MAX_CONDITION = 1e4;

/**
 * Label entropy for the usable-information estimate I_u(Z;Y) = H(Y) - L_CE / ln 2
 * (Kleinman et al. 2021, section 3 and appendix A.1). Units are in the names.
 */

/** Nats to bits: x / ln 2. */
export function natsToBits(nats: number): number {
  return nats / Math.LN2;
}

/**
 * Entropy of a distribution, bits: H(p) = -sum_i p_i log2 p_i (0 log 0 = 0). `probs` is used as
 * given (the analytic channels pass exact probabilities; nothing is normalised).
 */
export function distributionEntropyBits(probs: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i];
    if (p > 0) h -= p * Math.log2(p);
  }
  return h;
}

/**
 * Plug-in (maximum-likelihood) entropy of integer labels in {0..k-1}, bits:
 * H = -sum_c p_c log2 p_c with p_c the empirical frequency. 0 for an empty array.
 * Throws on a label outside {0..k-1}.
 */
export function plugInEntropyBits(labels: ArrayLike<number>, k: number): number {
  if (!Number.isInteger(k) || k < 1) throw new Error(`plugInEntropyBits: k must be a positive integer, got ${k}`);
  const counts = new Float64Array(k);
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (!Number.isInteger(y) || y < 0 || y >= k) {
      throw new Error(`plugInEntropyBits: label ${y} at index ${i} is outside {0..${k - 1}}`);
    }
    counts[y]++;
  }
  const n = labels.length;
  if (n === 0) return 0;
  return distributionEntropyBits(counts.map((c) => c / n));
}

/** Discrete entropies in bits (0 log 0 = 0). */

/** H(p) = -sum p_i log2 p_i, bits. */
export function entropyBits(probs: readonly number[]): number {
  let h = 0;
  for (const p of probs) if (p > 0) h -= p * Math.log2(p);
  return h;
}

/** Binary entropy H_b(p) = -p log2 p - (1-p) log2(1-p), bits. */
export function binaryEntropyBits(p: number): number {
  return entropyBits([p, 1 - p]);
}

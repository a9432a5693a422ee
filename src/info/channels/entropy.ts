/** Binary entropy for the analytic channels; H(p) itself is distributionEntropyBits (src/info/core/entropy.ts). */
import { distributionEntropyBits } from "../core/entropy.js";

/** Binary entropy H_b(p) = -p log2 p - (1-p) log2(1-p), bits. */
export function binaryEntropyBits(p: number): number {
  return distributionEntropyBits([p, 1 - p]);
}

/**
 * Independence channel: Y ~ labelProbs on {0..k-1} and Z ~ N(0, I_dim) drawn independently of Y.
 *   I(Z;Y) = 0 bits.
 */
import type { LabelledData } from "../../interfaces.js";
import { createRng, deriveSeed } from "../../runtime/rng.js";
import type { Channel } from "./channel.js";
import { distributionEntropyBits } from "../core/entropy.js";
import { drawLabels, probsTag, resolveLabelProbs } from "./labels.js";
import { checkIntegerAtLeast, checkRows } from "./validate.js";

export interface IndependenceOptions {
  /** Width of Z, >= 1. */
  dim: number;
  /** Number of equiprobable classes (>= 2); give this or `labelProbs`, not both. */
  k?: number;
  /** P(Y = y); give this or `k`, not both. */
  labelProbs?: readonly number[];
}

export function independence(options: IndependenceOptions): Channel {
  const where = "independence";
  const { dim } = options;
  checkIntegerAtLeast(where, "dim", dim, 1);
  const { probs, uniform } = resolveLabelProbs(where, options.k, options.labelProbs);
  const k = probs.length;
  return {
    id: `independence(${uniform ? `k=${k}` : `p=${probsTag(probs)}`},dim=${dim})`,
    dim,
    numClasses: k,
    miErrorBits: 0,
    sample(n: number, seed: number): LabelledData {
      checkRows(where, n);
      const labels = drawLabels(n, probs, createRng(deriveSeed(seed, "labels")));
      const noiseRng = createRng(deriveSeed(seed, "noise"));
      const z = new Float32Array(n * dim);
      for (let i = 0; i < z.length; i++) z[i] = noiseRng.normal();
      return { z, dim, labels, numClasses: k };
    },
    miBits: () => 0,
    hYBits: () => distributionEntropyBits(probs),
    labelProbs: () => [...probs],
  };
}

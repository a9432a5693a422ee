/**
 * Erasure channel: Y ~ labelProbs on {0..k-1}; with probability e (independent of Y) Z is erased,
 * i.e. drawn from a region whose law does not depend on Y; otherwise Z reveals Y.
 *   I(Z;Y) = (1 - e) H(Y)  bits
 * (Z determines the erasure flag E, so I = I(Z,E;Y) = (1-e) H(Y|E=0) + e * 0 and E is independent of Y.)
 *
 * Encodings of Z:
 * - `one-hot` (dim k + 1): revealed -> e_Y with flag coordinate 0; erased -> zeros with flag 1.
 * - `interval` (dim 1, continuous): revealed -> U(Y, Y + 1); erased -> U(-1, 0).
 */
import type { LabelledData } from "../../interfaces.js";
import { createRng, deriveSeed } from "../../runtime/rng.js";
import type { Channel } from "./channel.js";
import { distributionEntropyBits } from "../core/entropy.js";
import { drawLabels, probsTag, resolveLabelProbs } from "./labels.js";
import { checkLabelProbs, checkProbability, checkRows } from "./validate.js";

const CLOSED_FORM_ERROR_BITS = 1e-12;

export type ErasureEncoding = "one-hot" | "interval";

export interface ErasureOptions {
  /** Erasure probability e in [0, 1]. */
  erasureProb: number;
  /** Number of equiprobable classes (>= 2); give this or `labelProbs`, not both. */
  k?: number;
  /** P(Y = y), y = 0..k-1 (k >= 2, non-negative, sums to 1); give this or `k`, not both. */
  labelProbs?: readonly number[];
  /** How Z is written; default `one-hot`. */
  encoding?: ErasureEncoding;
}

export interface ErasureChannel extends Channel {
  readonly erasureProb: number;
  readonly encoding: ErasureEncoding;
}

/** I(Z;Y) in bits: (1 - e) H(labelProbs). */
export function erasureMiBits(erasureProb: number, labelProbs: readonly number[]): number {
  checkProbability("erasureMiBits", "erasureProb", erasureProb);
  checkLabelProbs("erasureMiBits", labelProbs);
  return (1 - erasureProb) * distributionEntropyBits(labelProbs);
}

export function erasure(options: ErasureOptions): ErasureChannel {
  const where = "erasure";
  const { erasureProb } = options;
  checkProbability(where, "erasureProb", erasureProb);
  const encoding = options.encoding ?? "one-hot";
  if (encoding !== "one-hot" && encoding !== "interval") {
    throw new Error(`${where}: encoding must be "one-hot" or "interval", got ${JSON.stringify(encoding)}`);
  }
  const { probs, uniform } = resolveLabelProbs(where, options.k, options.labelProbs);
  const k = probs.length;
  const dim = encoding === "one-hot" ? k + 1 : 1;
  const labelsTag = uniform ? `k=${k}` : `p=${probsTag(probs)}`;
  return {
    id: `erasure(${labelsTag},e=${erasureProb},enc=${encoding})`,
    dim,
    numClasses: k,
    miErrorBits: CLOSED_FORM_ERROR_BITS,
    erasureProb,
    encoding,
    sample(n: number, seed: number): LabelledData {
      checkRows(where, n);
      const labels = drawLabels(n, probs, createRng(deriveSeed(seed, "labels")));
      const erasureRng = createRng(deriveSeed(seed, "erasure"));
      const noiseRng = createRng(deriveSeed(seed, "noise"));
      const z = new Float32Array(n * dim);
      for (let r = 0; r < n; r++) {
        const erased = erasureRng.next() < erasureProb;
        const y = labels[r];
        if (encoding === "one-hot") {
          z[r * dim + (erased ? k : y)] = 1;
        } else {
          z[r] = erased ? noiseRng.uniform(-1, 0) : y + noiseRng.next();
        }
      }
      return { z, dim, labels, numClasses: k };
    },
    miBits: () => (1 - erasureProb) * distributionEntropyBits(probs),
    hYBits: () => distributionEntropyBits(probs),
    labelProbs: () => [...probs],
  };
}

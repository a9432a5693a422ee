/** Label distributions and label draws shared by the channels. */
import type { LabelledData } from "../../interfaces.js";
import { createRng, deriveSeed, type Rng } from "../../runtime/rng.js";
import { checkIntegerAtLeast, checkLabelProbs, checkRows } from "./validate.js";

/** Uniform distribution on k classes. */
export function uniformProbs(k: number): number[] {
  return Array.from({ length: k }, () => 1 / k);
}

/** n i.i.d. labels from `probs` (inverse CDF on one uniform per row). */
export function drawLabels(n: number, probs: readonly number[], rng: Rng): Int32Array {
  const k = probs.length;
  const cdf = new Float64Array(k);
  let acc = 0;
  for (let i = 0; i < k; i++) {
    acc += probs[i];
    cdf[i] = acc;
  }
  const labels = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    // Scaled by the total, so a sum off 1 by rounding never runs past the last class; a class
    // of probability 0 is never drawn (u >= cdf[y - 1] = cdf[y] steps over it).
    const u = rng.next() * acc;
    let y = 0;
    while (y < k - 1 && u >= cdf[y]) y++;
    labels[r] = y;
  }
  return labels;
}

/**
 * The sampler of a channel with uniform labels on k classes: checks n, draws each row's label from
 * the "labels" stream of `seed` and lets `fillRow` write that row of Z (`dim` wide, zeroed, from
 * `z[offset]` on) with the "noise" stream.
 */
export function sampleUniformLabelRows(
  where: string,
  n: number,
  seed: number,
  k: number,
  dim: number,
  fillRow: (z: Float32Array, offset: number, y: number, noiseRng: Rng) => void,
): LabelledData {
  checkRows(where, n);
  const labelRng = createRng(deriveSeed(seed, "labels"));
  const noiseRng = createRng(deriveSeed(seed, "noise"));
  const labels = new Int32Array(n);
  const z = new Float32Array(n * dim);
  for (let r = 0; r < n; r++) {
    const y = labelRng.int(k);
    labels[r] = y;
    fillRow(z, r * dim, y, noiseRng);
  }
  return { z, dim, labels, numClasses: k };
}

/** Short decimal form of a distribution for ids: `[0.5,0.25,0.25]`. */
export function probsTag(probs: readonly number[]): string {
  return `[${probs.map((p) => String(p)).join(",")}]`;
}

/** Resolves the `k` / `labelProbs` pair shared by erasure and independence. */
export function resolveLabelProbs(where: string, k: number | undefined, labelProbs: readonly number[] | undefined): {
  probs: number[];
  uniform: boolean;
} {
  if ((k === undefined) === (labelProbs === undefined)) {
    throw new Error(`${where}: give exactly one of k and labelProbs, got k=${String(k)}, labelProbs=${JSON.stringify(labelProbs)}`);
  }
  if (k !== undefined) {
    checkIntegerAtLeast(where, "k", k, 2);
    return { probs: uniformProbs(k), uniform: true };
  }
  checkLabelProbs(where, labelProbs as readonly number[]);
  return { probs: [...(labelProbs as readonly number[])], uniform: false };
}

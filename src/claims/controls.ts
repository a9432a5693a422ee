/**
 * Negative controls: inputs a claim must reject (PROTOCOL.md standards: a claim spec must be able
 * to fail). These transforms build the controls from real runs.
 */
import type { CbSeedResult } from "../experiments/cb-runner.js";

/**
 * The untrained network: each seed's epoch-0 probe (initialisation) presented as its final epoch,
 * with the epoch-0 validation accuracy. `asIfLearned` marks every seed as learned, so the
 * information rules themselves are exercised rather than the learned-seed rule.
 */
export function asUntrained(results: readonly CbSeedResult[], asIfLearned = false): CbSeedResult[] {
  return results.map((r) => {
    if (!r.config.probeEpochs.includes(0)) throw new Error(`asUntrained: seed ${r.seed} of ${r.config.run} has no epoch-0 probe`);
    const acc = r.valAccuracy[0];
    return {
      ...r,
      config: { ...r.config, probeEpochs: [0] },
      valAccuracy: [acc],
      trainLoss: [null],
      phase: ["init"],
      finalValAccuracy: acc,
      learned: asIfLearned || acc >= 0.9,
      info: r.info.filter((p) => p.epoch === 0),
    };
  });
}

/** Every seed marked as learned (to exercise the information rules of a control). */
export function asIfLearned(results: readonly CbSeedResult[]): CbSeedResult[] {
  return results.map((r) => ({ ...r, learned: true }));
}

/**
 * The colour and direction labels swapped in every usable-information point: what a suite that
 * fed the colour labels to the direction decoders (and back) would measure. Every rule that
 * separates colour from direction must reject it.
 */
export function withLabelsSwapped(results: readonly CbSeedResult[]): CbSeedResult[] {
  return results.map((r) => ({ ...r, info: r.info.map((p) => ({ ...p, label: p.label === "colour" ? ("direction" as const) : ("colour" as const) })) }));
}

/** A planted representation: every colour point of the results set to `bits` (e.g. 0: a minimal last layer). */
export function withColourBits(results: readonly CbSeedResult[], bits: number): CbSeedResult[] {
  return results.map((r) => ({ ...r, info: r.info.map((p) => (p.label === "colour" ? { ...p, bits, decoderFailure: false } : p)) }));
}

/** The seeds split into two halves (first half, second half) of one arm: a comparison with no effect. */
export function splitHalves<T>(xs: readonly T[]): [T[], T[]] {
  const h = Math.ceil(xs.length / 2);
  return [xs.slice(0, h), xs.slice(h)];
}

/**
 * Negative controls: inputs a claim must reject (CLAIMS.md standards: a claim spec must be able
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

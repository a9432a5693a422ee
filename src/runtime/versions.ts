/**
 * Versions by meaning. Every stored result (a cached or committed checkerboard seed-run, a CIFAR
 * seed-run, an estimator baseline) records the versions of the code that produced it:
 *
 * - estimator: what a usable-information number is: the decoder families and their training, the
 *   batch plan, the numerics of every implementation, what a decoder sees of Z;
 * - checkerboard: the checkerboard protocol: data, networks, training, probes, which points are
 *   decoded and how they are seeded, the seeds of a scale;
 * - cifar: the CIFAR protocol: data, augmentation, models, training, probes, decoders' rows.
 *
 * A change that alters any number a result holds, or what a field means, bumps the version it
 * touches (with a dated line below); a change that keeps every number bit for bit (a refactor, a
 * moved function, a comment) keeps them. The byte hash of a runner's import graph
 * (src/experiments/cache.ts codeVersion) stays the local cache key: any edit recomputes cached
 * results. Committed data carry both; `npm run restamp` recomputes a sample with the current code
 * and, only when every number is bitwise identical, moves the committed data to the current code
 * hash under the same versions (scripts/restamp.ts), so a refactor lands without invalidating them.
 *
 * History:
 * - estimator 1: decoders on raw activations (2026-11-26); 2: batch-norm decoders drop the final
 *   partial batch (2026-12-01); 3: decoder inputs whitened, raw and standardised readings by task
 *   (2026-12-02).
 * - checkerboard 1: 8 seeds, one decoder per point (2026-11-26); 2: a second decoder seed on every
 *   rule point (2026-12-01); 3: 16 paper seeds, rule points also read raw and standardised
 *   (2026-12-02).
 * - cifar 1: the pipeline as of 2026-12-01; 2: mean-colour crop padding and the registered
 *   details of 2026-12-02 (PyTorch conventions checked against a reference).
 */
export const MEANING_VERSIONS = {
  estimator: 3,
  checkerboard: 3,
  cifar: 2,
} as const;

export type MeaningScope = keyof typeof MEANING_VERSIONS;

/** The versions a kind of result depends on: checkerboard and CIFAR results hold estimates too. */
export function versionsOf(scope: MeaningScope): Partial<Record<MeaningScope, number>> {
  if (scope === "estimator") return { estimator: MEANING_VERSIONS.estimator };
  return { [scope]: MEANING_VERSIONS[scope], estimator: MEANING_VERSIONS.estimator };
}

/** "checkerboard 3, estimator 3" (for messages and report pages). */
export function versionsText(v: Partial<Record<MeaningScope, number>>): string {
  return Object.entries(v)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");
}

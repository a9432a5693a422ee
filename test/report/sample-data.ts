/**
 * Planted checkerboard seed-runs in the exact protocol of a scale (no training): the committed
 * report sample (scripts/report-sample.ts, fixtures/report-sample) and the run-plan test use them.
 * Colour information falls with depth and over training, direction rises; CB-2 seed 1 and one
 * pretrained CB-10 seed do not learn; pretraining leaves colour in the last layer; shuffled labels
 * leave no direction; 40 scatter rows. Deterministic per (run, options, seed).
 */
import type { Scale } from "../../src/interfaces.js";
import { cbRunConfig, type CbRunId, type CbRunOptions } from "../../src/experiments/cb-config.js";
import { hasReplicate, type CbInfoPoint, type CbLabel, type CbSeedResult } from "../../src/experiments/cb-runner.js";
import { runDataName } from "../../src/experiments/seed-data.js";
import { FC_HIDDEN } from "../../src/models/mlp.js";
import { createRng, deriveSeed } from "../../src/runtime/rng.js";

const SCATTER_ROWS = 40;

/** A planted seed-run of `run` with options at `scale`: its config is exactly the protocol's (readSeedData accepts it). */
export function plantSeed(run: CbRunId, opts: CbRunOptions, seed: number, scale: Scale = "ci"): CbSeedResult {
  const cfg = cbRunConfig(run, scale, opts);
  const rng = createRng(deriveSeed(seed, "report-sample", runDataName(cfg)));
  const widths = [...FC_HIDDEN[cfg.net]];
  const L = widths.length;
  const hY = Math.log2(cfg.n);
  const total = cfg.pretrainEpochs + cfg.epochs;
  const shuffled = cfg.trainLabels === "shuffled";
  const notLearned = shuffled || (run === "CB-2" && seed === 1) || (run === "CB-10" && cfg.pretrainEpochs === 20 && seed === 3);
  const finalAcc = notLearned ? 0.5 + 0.1 * rng.next() : Math.min(1, 0.999 - 0.002 * cfg.pretrainEpochs * rng.next());
  // Last-layer colour at the final epoch: small without pretraining, larger with it.
  const lastColour = cfg.pretrainEpochs > 0 ? hY * (0.12 + 0.006 * cfg.pretrainEpochs) * (0.8 + 0.4 * rng.next()) : hY * 0.02 * (0.5 + rng.next());
  const colourFinal = (l: number) => (l === L ? lastColour : hY * Math.max(0.05, 1 - (l - 1) / (L - 1)) * (0.9 + 0.1 * rng.next()));
  const directionFinal = (l: number) => (shuffled ? 0.01 * rng.next() : hY * (0.55 + 0.44 * (l / L)) * (0.97 + 0.03 * rng.next()));
  const finals = { colour: widths.map((_, i) => colourFinal(i + 1)), direction: widths.map((_, i) => directionFinal(i + 1)) };
  const info: CbInfoPoint[] = [];
  for (const epoch of cfg.probeEpochs) {
    const f = 1 - Math.exp(-epoch / 4);
    for (let layer = 1; layer <= L; layer++) {
      if (cfg.decode === "last-layer-colour" && layer !== L) continue;
      for (const label of (cfg.decode === "last-layer-colour" ? ["colour"] : ["colour", "direction"]) as CbLabel[]) {
        const start = label === "colour" ? hY * 0.9 : hY * 0.05;
        const end = finals[label][layer - 1];
        const replicates = hasReplicate(cfg, label, layer, L, epoch) ? [1, 2] : [1];
        for (const replicate of replicates) {
          const bits = start + (end - start) * f + 0.01 * (rng.next() - 0.5) * replicate;
          const ce = Math.max(0, (hY - bits) * Math.LN2);
          info.push({
            label,
            layer,
            epoch,
            replicate,
            bits,
            hYBits: hY,
            testCeNats: ce,
            testCeSeNats: 0.01,
            testCeSeBits: 0.01 / Math.LN2,
            testAccuracy: Math.min(1, 1 / cfg.n + (1 - 1 / cfg.n) * (bits / hY)),
            decoderFailure: bits < -0.05,
            diagnostics: { steps: 1950, finalTrainLossNats: ce, maxGradNorm: 4 + rng.next(), medianGradNorm: 1, unstableSteps: 0, maxBnScale: 8, nonFiniteSteps: 0 },
          });
        }
      }
    }
  }
  const scatter = cfg.decode === "all" && run === "CB-2"
    ? [0, 10, 20, total].filter((e, i, a) => cfg.probeEpochs.includes(e) && a.indexOf(e) === i).map((epoch) => {
        const colour = Array.from({ length: SCATTER_ROWS }, () => rng.int(cfg.n));
        const direction = Array.from({ length: SCATTER_ROWS }, () => rng.int(cfg.n));
        const z = direction.flatMap((d) => Array.from({ length: widths[L - 1] }, (_, j) => (epoch === 0 ? 0.1 : 1) * (d * 2 - 1) * (j + 1) + 0.3 * rng.normal()));
        return { epoch, layer: L, width: widths[L - 1], z, colour, direction };
      })
    : [];
  const valAccuracy = Array.from({ length: total + 1 }, (_, e) => 1 / cfg.n + (finalAcc - 1 / cfg.n) * (1 - Math.exp(-e / 3)));
  valAccuracy[total] = finalAcc;
  return {
    key: "planted-sample",
    codeVersion: "planted-sample",
    config: cfg,
    seed,
    backend: "planted",
    decoderImplementation: "fast",
    layerNames: widths.map((_, i) => `dense${i + 1}`),
    widths,
    valAccuracy,
    trainLoss: [null, ...Array.from({ length: total }, (_, e) => 0.7 * Math.exp(-e / 10))],
    phase: ["init", ...Array.from({ length: total }, (_, e) => (e < cfg.pretrainEpochs ? ("colour" as const) : ("direction" as const)))],
    finalValAccuracy: finalAcc,
    learned: finalAcc >= 0.9,
    info,
    scatter,
    wallSeconds: { train: Number((5 + 10 * rng.next()).toFixed(1)), decode: Number((60 + 30 * rng.next()).toFixed(1)) },
    peakRssMiB: 300,
    measuredAt: `2026-12-0${1 + (seed % 3)}T0${seed}:00:00.000Z`,
  };
}


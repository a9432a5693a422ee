/** Planted checkerboard seed results for claim-evaluation tests. */
import { cbRunConfig, type CbRunId } from "../../src/experiments/cb-config.js";
import type { CbInfoPoint, CbSeedResult } from "../../src/experiments/cb-runner.js";
import type { DecoderDiagnostics } from "../../src/interfaces.js";

/** Diagnostics of a decoder whose training went normally (planted results). */
export function healthyDiagnostics(over: Partial<DecoderDiagnostics> = {}): DecoderDiagnostics {
  return { steps: 3900, finalTrainLossNats: 0.1, maxGradNorm: 5, medianGradNorm: 1, unstableSteps: 0, maxBnScale: 10, nonFiniteSteps: 0, ...over };
}

export interface Planted {
  seed: number;
  /** Final validation accuracy (learned when >= 0.9). */
  acc?: number;
  /** Bits per layer (layer 1 first) at the final epoch (and every epoch unless a curve is given). */
  colour: number[];
  direction: number[];
  /** Optional last-layer colour bits per probe epoch (defaults to the final value everywhere). */
  colourCurve?: number[];
  /** Added to every second-decoder (replicate 2) point: plants a decoder-seed sensitivity. */
  replicateShift?: number;
  /** Diagnostics of a point (default healthy): plants unstable / non-finite decoders. */
  diagnostics?: (label: string, layer: number, epoch: number) => Partial<DecoderDiagnostics>;
  /** Overrides the bits of a point (label, layer, epoch): plants collapses and failures. */
  bits?: (label: string, layer: number, epoch: number, planted: number) => number;
  /**
   * Plants the 2026-12-02 layout: every point whitened (the seed-run's registered reading) and
   * each rule point also raw and standardised, at its whitened bits plus these shifts (colour
   * points; direction points read the same under every reading). Without
   * it the seed-run is of the earlier layout (every point raw, no reading recorded).
   */
  readings?: { raw: number; standardised: number };
}

/** The fixed probe grid of planted results (independent of the ci protocol). */
export const PLANTED_EPOCHS = [0, 1, 3, 10, 20, 30];

export function planted(run: CbRunId, seeds: Planted[]): CbSeedResult[] {
  const cfg = { ...cbRunConfig(run, "paper"), probeEpochs: PLANTED_EPOCHS };
  const epochs = cfg.probeEpochs;
  const final = epochs[epochs.length - 1];
  return seeds.map((p) => {
    const layers = p.colour.length;
    const info: CbInfoPoint[] = [];
    for (const [j, epoch] of epochs.entries()) {
      for (let layer = 1; layer <= layers; layer++) {
        const colour = layer === layers && p.colourCurve ? p.colourCurve[j] : p.colour[layer - 1];
        const direction = p.direction[layer - 1];
        for (const [label, value] of [["colour", colour], ["direction", direction]] as const) {
          const bits = p.bits ? p.bits(label, layer, epoch, value) : value;
          const rulePoint = epoch === final || (label === "colour" && layer === layers);
          const replicates = rulePoint ? [1, 2] : [1];
          const variants: { replicate: number; input?: "whitened" | "raw" | "standardised"; shift: number }[] = replicates.map((replicate) => ({ replicate, shift: replicate === 2 ? (p.replicateShift ?? 0) : 0, ...(p.readings ? { input: "whitened" as const } : {}) }));
          if (p.readings && rulePoint) {
            const colourOnly = (x: number) => (label === "colour" ? x : 0);
            variants.push({ replicate: 1, input: "raw", shift: colourOnly(p.readings.raw) }, { replicate: 1, input: "standardised", shift: colourOnly(p.readings.standardised) });
          }
          for (const { replicate, input, shift } of variants) {
            const b = bits + shift;
            info.push({
              label,
              layer,
              epoch,
              replicate,
              ...(input ? { input } : {}),
              bits: b,
              hYBits: Math.log2(cfg.n),
              testCeNats: 0,
              testCeSeNats: 0,
              testCeSeBits: 0,
              testAccuracy: 1,
              decoderFailure: b < -0.05,
              diagnostics: healthyDiagnostics(p.diagnostics?.(label, layer, epoch)),
            });
          }
        }
      }
    }
    const acc = p.acc ?? 1;
    return {
      key: "planted",
      codeVersion: "planted",
      config: cfg,
      seed: p.seed,
      ...(p.readings ? { reading: "whitened" as const } : {}),
      backend: "planted",
      decoderImplementation: "fast",
      layerNames: p.colour.map((_, i) => `layer${i + 1}`),
      widths: p.colour.map(() => 10),
      valAccuracy: [0.5, acc],
      trainLoss: [null, 0.1],
      phase: ["init", "direction"],
      finalValAccuracy: acc,
      learned: acc >= 0.9,
      info,
      scatter: [],
      wallSeconds: { train: 1, decode: 2 },
      peakRssMiB: 100,
      measuredAt: "2026-12-01T00:00:00.000Z",
    };
  });
}

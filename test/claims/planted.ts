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
  /** Bits per layer (layer 1 first) at the final epoch. */
  colour: number[];
  direction: number[];
  /** Optional last-layer colour bits per probe epoch (defaults to the final value everywhere). */
  colourCurve?: number[];
}

export function planted(run: CbRunId, seeds: Planted[]): CbSeedResult[] {
  // The paper config with a fixed probe grid, so planted curves do not depend on the ci protocol.
  const cfg = { ...cbRunConfig(run, "paper"), probeEpochs: [0, 1, 3, 10, 20, 30] };
  const epochs = cfg.probeEpochs;
  return seeds.map((p) => {
    const layers = p.colour.length;
    const info: CbInfoPoint[] = [];
    for (const [j, epoch] of epochs.entries()) {
      for (let layer = 1; layer <= layers; layer++) {
        const colour = layer === layers && p.colourCurve ? p.colourCurve[j] : p.colour[layer - 1];
        const direction = p.direction[layer - 1];
        for (const [label, bits] of [["colour", colour], ["direction", direction]] as const) {
          info.push({ label, layer, epoch, replicate: 1, bits, hYBits: Math.log2(cfg.n), testCeNats: 0, testCeSeNats: 0, testAccuracy: 1, decoderFailure: bits < -0.05, diagnostics: healthyDiagnostics() });
        }
      }
    }
    const acc = p.acc ?? 1;
    return {
      key: "planted",
      codeVersion: "planted",
      config: cfg,
      seed: p.seed,
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

/**
 * What every checkerboard training engine shares (PROTOCOL.md section 1): the result shape, the
 * data of one seed (generated once, 90/10 train/validation split, fresh probe rows, the shuffled
 * labels of the negative control) and the non-finite-loss error. Engines: train-cb.ts (tfjs) and
 * train-cb-wasm.ts (the WebAssembly kernel); `trainCheckerboard` picks one by `cfg.trainer`.
 */
import type { CbRunConfig } from "./cb-run-config.js";
import { generateCheckerboard, type CheckerboardData } from "../data/checkerboard.js";
import { FC_HIDDEN } from "../models/mlp.js";
import { createRng, deriveSeed, permutation } from "../runtime/rng.js";

/** Activations of every hidden layer on the fixed probe rows at one epoch. */
export interface ProbeSnapshot {
  epoch: number;
  /** One row-major [probeRows, width] array per hidden layer, input side first. */
  layers: Float32Array[];
}

export interface CbTrainResult {
  layerNames: string[];
  widths: number[];
  /** Validation accuracy on the direction label after each epoch; index 0 = initialisation. */
  valAccuracy: number[];
  /** Mean training loss (nats) of each epoch 1..total; index 0 is null (no training yet). */
  trainLoss: (number | null)[];
  /** Label the network was trained on in each epoch 1..total ('init' at index 0). */
  phase: ("init" | "colour" | "direction")[];
  probes: ProbeSnapshot[];
  /** The fresh probe rows' labels. */
  probeColour: Int32Array;
  probeDirection: Int32Array;
}

export interface CbTrainHooks {
  /** After each epoch (epoch counted from 1). */
  onEpoch?: (info: { epoch: number; total: number; trainLoss: number; valAccuracy: number }) => void;
}

/** Thrown when the loss is not finite; names seed and epoch. */
export class NonFiniteLossError extends Error {
  constructor(
    readonly seed: number,
    readonly epoch: number,
    readonly loss: number,
  ) {
    super(`training loss became ${loss} at seed ${seed}, epoch ${epoch}: the run is stopped (learning rate too large, or bad input)`);
    this.name = "NonFiniteLossError";
  }
}

/** Labels with the first `n` (training) rows permuted among themselves. */
function shuffledLabels(labels: Int32Array, n: number, seed: number): Int32Array {
  const p = permutation(n, createRng(seed));
  const out = Int32Array.from(labels);
  for (let i = 0; i < n; i++) out[i] = labels[p[i]];
  return out;
}

/** One seed's data and schedule. Seeds of the parts are derived by name: data, probe-data, label-shuffle. */
export interface CbSeedSetup {
  data: CheckerboardData;
  probeData: CheckerboardData;
  probeRows: number;
  /** Rows 0..nTrain-1 of `data` train, rows nTrain..samples-1 validate (the generator's rows are i.i.d.). */
  nTrain: number;
  nVal: number;
  /** Training labels (shuffled among the training rows for the negative control; validation rows keep the truth). */
  trainColour: Int32Array;
  trainDirection: Int32Array;
  total: number;
  probeSet: Set<number>;
  widths: number[];
}

export function setupSeed(cfg: CbRunConfig, seed: number): CbSeedSetup {
  const data = generateCheckerboard({ n: cfg.n, samples: cfg.samples, seed: deriveSeed(seed, "data") });
  const probeRows = cfg.decoderTrainRows + cfg.decoderTestRows;
  const probeData = generateCheckerboard({ n: cfg.n, samples: probeRows, seed: deriveSeed(seed, "probe-data") });
  const nVal = Math.round(cfg.samples * cfg.valFraction);
  const nTrain = cfg.samples - nVal;
  const shuffled = cfg.trainLabels === "shuffled";
  return {
    data,
    probeData,
    probeRows,
    nTrain,
    nVal,
    trainColour: shuffled ? shuffledLabels(data.colour, nTrain, deriveSeed(seed, "label-shuffle", "colour")) : data.colour,
    trainDirection: shuffled ? shuffledLabels(data.direction, nTrain, deriveSeed(seed, "label-shuffle", "direction")) : data.direction,
    total: cfg.pretrainEpochs + cfg.epochs,
    probeSet: new Set(cfg.probeEpochs),
    widths: [...FC_HIDDEN[cfg.net]],
  };
}

/**
 * Contracts of measurement: the estimator's and the experiments' types (representations, decoder
 * configs and tasks, usable information), types only, no imports from the rest of the package.
 * Units are in the names: `...Bits`, `...Nats`. What is judged of a measurement (claim records,
 * verdicts, report figures) is another contract, src/claim-interfaces.ts: the floors that measure
 * never see a verdict, and the floors that judge only read these types.
 */

/** `paper` is the exact PROTOCOL.md protocol; `ci` a reduced one for a 2-core machine without GPU. */
export type Scale = "paper" | "ci";

/** Rows of a representation with integer labels: z is row-major [rows, dim]. */
export interface LabelledData {
  z: Float32Array;
  dim: number;
  labels: Int32Array;
  /** Number of label values k; labels lie in {0..k-1}. */
  numClasses: number;
}

/** Optimiser of a decoder. */
export type DecoderOptimizer =
  | { kind: "sgd"; lr: number }
  | { kind: "adam"; lr: number; weightDecay: number };

/**
 * A decoder family: an MLP q(y|z) with batch-norm, LeakyReLU and dropout (an empty `hidden` list
 * is the linear-softmax decoder). Each hidden block is Linear -> BatchNorm -> LeakyReLU -> Dropout
 * (our order; the paper does not state it).
 */
export interface DecoderConfig {
  /** Name used in reports and cache keys (`cb`, `cifar`, `linear`). */
  family: string;
  /** Widths of the hidden layers, e.g. [128, 64, 32]. */
  hidden: number[];
  /** Negative slope of LeakyReLU. */
  leakySlope: number;
  /** Drop probability (PyTorch's p), in [0, 1). */
  dropout: number;
  /** Batch-norm after each hidden linear layer. */
  batchNorm: boolean;
  /** Running-average weight of the new batch statistic (PyTorch convention, 0.1). */
  bnMomentum: number;
  /** Added to the variance in batch-norm (PyTorch default 1e-5). */
  bnEpsilon: number;
  epochs: number;
  batchSize: number;
  optimizer: DecoderOptimizer;
  /**
   * Keep a final batch smaller than batchSize even with batch-norm: the plan before the
   * 2026-12-01 amendment of PROTOCOL.md, which exploded decoders. Only for the before/after
   * comparison of that fix; absent (false) in every claim's protocol.
   */
  keepPartialBatch?: boolean;
}

/**
 * What a decoder is trained on (PROTOCOL.md section 0, amended 2026-12-02; src/info/core/whiten.ts):
 * Z whitened with a map fitted on the decoder-train rows (the registered reading), Z standardised
 * per unit, or Z as given (the reading registered until then). The last two are sensitivity
 * readings.
 */
export type DecoderInput = "whitened" | "standardised" | "raw";

/** One decoder to train: representation split into decoder-train and decoder-test rows. */
export interface DecoderTask {
  /** Caller's identifier, echoed in the result. */
  id: string;
  train: LabelledData;
  test: LabelledData;
  /**
   * H(Y) in bits. When absent, the plug-in entropy of the train and test labels together.
   * Pass it when the label distribution is known (log2 k for k equiprobable classes).
   */
  hYBits?: number;
  /** Seed of this decoder's initialisation, shuffling and dropout streams (>= 1). */
  seed: number;
  /** What the decoder sees of Z (default "whitened", the registered reading). */
  input?: DecoderInput;
}

/** Decoder-failure flag: a raw value below this is counted as a failed decoder (PROTOCOL.md section 0). */
export const DECODER_FAILURE_BITS = -0.05;

/**
 * How one decoder's training went (every implementation reports the same fields). A "step" is
 * one mini-batch update; its gradient norm is the global L2 norm of the gradient of the batch's
 * mean loss over every trainable parameter.
 */
export interface DecoderDiagnostics {
  /** Optimiser steps attempted (epochs x batches per epoch). */
  steps: number;
  /** Mean training loss of the last epoch over its finite steps, nats (null: none was finite). */
  finalTrainLossNats: number | null;
  /** Largest gradient norm of a finite step. */
  maxGradNorm: number;
  /** Median gradient norm over the finite steps (null: none). */
  medianGradNorm: number | null;
  /** Steps whose gradient norm exceeds UNSTABLE_GRAD_FACTOR (100) x the median: the *unstable* flag. */
  unstableSteps: number;
  /** Largest batch-norm scale 1/sqrt(batch variance + eps) of any unit in any step (0 without batch-norm). */
  maxBnScale: number;
  /** Steps whose loss or gradient norm was not finite; they changed nothing (see decoder-reference.ts). */
  nonFiniteSteps: number;
}

/** Usable information of one decoder task. Raw: never clipped. */
export interface UsableInfo {
  id: string;
  /** H(Y) - testCeNats / ln 2; may be negative. */
  bits: number;
  hYBits: number;
  /** Mean test cross-entropy, nats. */
  testCeNats: number;
  /** Standard error of the mean test cross-entropy, nats (sd of per-row losses / sqrt(rows)). */
  testCeSeNats: number;
  /** The same standard error in bits, testCeSeNats / ln 2: the SE of `bits` given H(Y). */
  testCeSeBits: number;
  /** Fraction of test rows whose argmax equals the label. */
  testAccuracy: number;
  /** bits < DECODER_FAILURE_BITS. */
  decoderFailure: boolean;
  diagnostics: DecoderDiagnostics;
  /**
   * What the decoder saw of Z (DecoderTask.input). Always set by estimateUsableInfo; absent only in
   * results stored before the 2026-12-02 amendment, which read raw Z (readingOf in src/info).
   */
  input?: DecoderInput;
  /**
   * Directions of Z the decoder saw: the rank of whitened Z, the non-constant units when
   * standardised, dim when raw. 0: Z has no spread on the train rows, and `bits` is 0 by
   * definition (no decoder was trained). Absent as `input` is.
   */
  inputRank?: number;
}

/** Progress callback: what is being done, how far, and an estimate of the remaining seconds. */
export type ProgressFn = (event: { stage: string; done: number; total: number; etaSeconds: number | null }) => void;

/**
 * Contracts of the suite: types only, no imports from the rest of the package.
 * Units are in the names: `...Bits`, `...Nats`.
 */

/** `paper` is the exact CLAIMS.md protocol; `ci` a reduced one for a 2-core machine without GPU. */
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
}

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
}

/** Decoder-failure flag: a raw value below this is counted as a failed decoder (CLAIMS.md section 0). */
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
  /** Fraction of test rows whose argmax equals the label. */
  testAccuracy: number;
  /** bits < DECODER_FAILURE_BITS. */
  decoderFailure: boolean;
  diagnostics: DecoderDiagnostics;
}

/** Progress callback: what is being done, how far, and an estimate of the remaining seconds. */
export type ProgressFn = (event: { stage: string; done: number; total: number; etaSeconds: number | null }) => void;

/** Outcome of one claim. `task-not-learned`: fewer than half the seeds learned the task. */
export type ClaimStatus = "pass" | "fail" | "task-not-learned" | "skipped";

/** One checked rule of a claim, with the measured statistic and the threshold it was held to. */
export interface ClaimCheck {
  name: string;
  pass: boolean;
  statistic: number;
  /** 95% CI of the statistic where it has one (null: one seed, or no closed form). */
  ci: [number, number] | null;
  threshold: number;
  /** Readable sentence: measured statistic, CI, threshold. */
  message: string;
}

/** A table of numbers for the report. */
export interface ReportTable {
  title: string;
  columns: string[];
  rows: (string | number | null)[][];
}

/** A scatter plot for the report: points with a group index (coloured by group). */
export interface ScatterFigure {
  kind?: "scatter";
  /** File-name stem, unique within the claim. */
  name: string;
  title: string;
  xLabel: string;
  yLabel: string;
  groupNames: string[];
  points: { x: number; y: number; group: number }[];
}

/** Curves for the report (e.g. usable information against epoch, one series per layer). */
export interface LineFigure {
  kind: "lines";
  /** File-name stem, unique within the claim. */
  name: string;
  title: string;
  xLabel: string;
  yLabel: string;
  /** Each point may carry an interval (lo, hi), drawn as an error bar (95% CI where stated). */
  series: { name: string; points: { x: number; y: number; lo?: number; hi?: number }[] }[];
  /** Horizontal reference lines, e.g. a claim's threshold. */
  refLines?: { y: number; label: string }[];
}

export type ReportFigure = ScatterFigure | LineFigure;

/** What a claim spec records in task.meta.claim; the reporter reads nothing else. */
export interface ClaimRecord {
  id: string;
  paper: string;
  statement: string;
  scale: Scale;
  backend: string;
  status: ClaimStatus;
  /** Why the claim was skipped or could not be judged. */
  reason?: string;
  /** Set when the claim is declared a known failure at this scale: the declared reason. */
  knownFailure?: string;
  /** How this scale's protocol departs from CLAIMS.md (ci scale), shown beside the verdict. */
  scaleNote?: string;
  checks: ClaimCheck[];
  seeds: { total: number; learned: number | null };
  /** Usable-information points behind the statistics, how many were clipped at 0, how many flagged as decoder failures. */
  clipping: { points: number; clipped: number; decoderFailures: number };
  tables: ReportTable[];
  /** Figures rendered to SVG by the report writer. */
  figures?: ReportFigure[];
  /** Wall time of each seed-run behind the claim, seconds. */
  runs: { run: string; seed: number; trainSeconds: number; decodeSeconds: number; peakRssMiB: number }[];
  /** Set by the reporter from the vitest result. */
  testOutcome?: "pass" | "fail" | "skipped";
  /** Set by the reporter: when the claim was evaluated (ISO 8601). */
  evaluatedAt?: string;
  testName?: string;
}

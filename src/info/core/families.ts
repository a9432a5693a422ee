/**
 * Decoder families q(y|z) of the usable-information estimate (PROTOCOL.md section 0; paper
 * appendix A.1 / B). Each returns a fresh, validated `DecoderConfig`.
 */
import type { DecoderConfig, DecoderOptimizer } from "../../interfaces.js";
import { showValue } from "../../runtime/format.js";

/**
 * The paper's CB decoder learning rates (PROTOCOL.md section 0): 0.05 for the Small FC (CB-2)
 * runs, 0.5 for the Medium FC (CB-10/20/25) runs.
 */
export const CB_DECODER_LR = { smallFc: 0.05, mediumFc: 0.5 } as const;

/**
 * CB decoder (paper, checkerboard runs): MLP 128-64-32, LeakyReLU(0.2), batch-norm (PyTorch
 * defaults momentum 0.1, eps 1e-5), dropout p = 0.7, 100 epochs, batch 32, plain SGD.
 * `lr` has no default on purpose: the paper's two rates differ tenfold and the wrong one misreads
 * a layer (at 20 epochs an lr-0.5 decoder read 1.23 of 3.32 bits from a CB-10 last layer the
 * network itself reads at 99.9%); name it, or call cbDecoderSmallFc() / cbDecoderMediumFc().
 * @param lr 0.05 for Small FC runs, 0.5 for Medium FC runs (CB_DECODER_LR).
 */
export function cbDecoder(lr: number): DecoderConfig {
  if (lr === undefined) throw new Error("cbDecoder(lr): the learning rate is required (no default): 0.05 for Small FC runs, 0.5 for Medium FC runs; or call cbDecoderSmallFc() / cbDecoderMediumFc()");
  return validateDecoderConfig({
    family: "cb",
    hidden: [128, 64, 32],
    leakySlope: 0.2,
    dropout: 0.7,
    batchNorm: true,
    bnMomentum: 0.1,
    bnEpsilon: 1e-5,
    epochs: 100,
    batchSize: 32,
    optimizer: { kind: "sgd", lr },
  });
}

/** The paper's decoder of the Small FC (CB-2) runs: cbDecoder(0.05). */
export function cbDecoderSmallFc(): DecoderConfig {
  return cbDecoder(CB_DECODER_LR.smallFc);
}

/** The paper's decoder of the Medium FC (CB-10/20/25) runs: cbDecoder(0.5). */
export function cbDecoderMediumFc(): DecoderConfig {
  return cbDecoder(CB_DECODER_LR.mediumFc);
}

/**
 * CIFAR decoder (paper, CIFAR runs): MLP 200-100, LeakyReLU(0.2), batch-norm, dropout p = 0.7,
 * Adam lr 0.01 with PyTorch-style weight decay 0.001 (wd * w added to the gradient), 50 epochs,
 * batch 128 (ours).
 */
export function cifarDecoder(): DecoderConfig {
  return validateDecoderConfig({
    family: "cifar",
    hidden: [200, 100],
    leakySlope: 0.2,
    dropout: 0.7,
    batchNorm: true,
    bnMomentum: 0.1,
    bnEpsilon: 1e-5,
    epochs: 50,
    batchSize: 128,
    optimizer: { kind: "adam", lr: 0.01, weightDecay: 0.001 },
  });
}

export interface LinearDecoderOptions {
  /** Default Adam lr 0.01, no weight decay (ours: converges on the analytic channels in ~30 epochs). */
  optimizer?: DecoderOptimizer;
  /** Default 50 (ours). */
  epochs?: number;
  /** Default 128 (ours). */
  batchSize?: number;
}

/**
 * Linear-softmax decoder q(y|z) = softmax(z W + b): no hidden layer, no batch-norm, no dropout.
 * Contains the Bayes posterior of the Gaussian channels with shared covariance, so I_u -> I
 * (PROTOCOL.md section 3, "tight"). Defaults (ours): Adam lr 0.01, wd 0, 50 epochs, batch 128.
 */
export function linearDecoder(opts: LinearDecoderOptions = {}): DecoderConfig {
  return validateDecoderConfig({
    family: "linear",
    hidden: [],
    leakySlope: 0,
    dropout: 0,
    batchNorm: false,
    bnMomentum: 0.1,
    bnEpsilon: 1e-5,
    epochs: opts.epochs ?? 50,
    batchSize: opts.batchSize ?? 128,
    optimizer: opts.optimizer ?? { kind: "adam", lr: 0.01, weightDecay: 0 },
  });
}

/** Where a decoder config sits, for messages: `{ what: "checkerboard config", field: "decoder." }`. */
export interface DecoderConfigContext {
  /** What is invalid (default "DecoderConfig"). */
  what: string;
  /** Prefix of every field name (default ""). */
  field: string;
}

/** Checks every field of a decoder config; throws naming the field and value. Returns cfg. */
export function validateDecoderConfig(cfg: DecoderConfig, context: DecoderConfigContext = { what: "DecoderConfig", field: "" }): DecoderConfig {
  function fail(field: string, value: unknown, want: string): never {
    throw new Error(`invalid ${context.what}: ${context.field}${field} = ${showValue(value)}; expected ${want}`);
  }
  if (!cfg || typeof cfg !== "object") throw new Error(`invalid ${context.what}: ${context.field.replace(/\.$/, "") || "decoder config"} = ${showValue(cfg)}; expected a decoder config object`);
  if (typeof cfg.family !== "string" || cfg.family.length === 0) fail("family", cfg.family, "a non-empty string");
  if (!Array.isArray(cfg.hidden)) fail("hidden", cfg.hidden, "an array of positive integers");
  cfg.hidden.forEach((h, i) => {
    if (!Number.isInteger(h) || h < 1) fail(`hidden[${i}]`, h, "a positive integer");
  });
  if (!Number.isFinite(cfg.leakySlope) || cfg.leakySlope < 0 || cfg.leakySlope > 1) {
    fail("leakySlope", cfg.leakySlope, "a number in [0, 1]");
  }
  if (!Number.isFinite(cfg.dropout) || cfg.dropout < 0 || cfg.dropout >= 1) fail("dropout", cfg.dropout, "a drop probability in [0, 1)");
  if (typeof cfg.batchNorm !== "boolean") fail("batchNorm", cfg.batchNorm, "a boolean");
  if (!Number.isFinite(cfg.bnMomentum) || cfg.bnMomentum < 0 || cfg.bnMomentum > 1) fail("bnMomentum", cfg.bnMomentum, "a number in [0, 1]");
  if (!Number.isFinite(cfg.bnEpsilon) || cfg.bnEpsilon <= 0) fail("bnEpsilon", cfg.bnEpsilon, "a positive number");
  if (!Number.isInteger(cfg.epochs) || cfg.epochs < 1) fail("epochs", cfg.epochs, "a positive integer");
  const minBatch = cfg.batchNorm ? 2 : 1;
  if (!Number.isInteger(cfg.batchSize) || cfg.batchSize < minBatch) {
    fail("batchSize", cfg.batchSize, `an integer >= ${minBatch}${cfg.batchNorm ? " (batch-norm needs 2 rows)" : ""}`);
  }
  if (cfg.keepPartialBatch !== undefined && typeof cfg.keepPartialBatch !== "boolean") fail("keepPartialBatch", cfg.keepPartialBatch, "a boolean or absent");
  const opt = cfg.optimizer;
  if (!opt || (opt.kind !== "sgd" && opt.kind !== "adam")) fail("optimizer.kind", (opt as { kind?: unknown } | undefined)?.kind, '"sgd" or "adam"');
  if (!Number.isFinite(opt.lr) || opt.lr <= 0) fail("optimizer.lr", opt.lr, "a positive finite number");
  if (opt.kind === "adam" && (!Number.isFinite(opt.weightDecay) || opt.weightDecay < 0)) {
    fail("optimizer.weightDecay", opt.weightDecay, "a finite number >= 0");
  }
  return cfg;
}

/** Adam constants (PyTorch defaults), shared by the reference and the bank. */
export const ADAM_BETA1 = 0.9;
export const ADAM_BETA2 = 0.999;
export const ADAM_EPS = 1e-8;

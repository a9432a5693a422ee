/**
 * The checkerboard run config: the type the CB trainers consume, and its parsing. Training owns
 * it (imports only go down: training sits below experiments); src/experiments/cb-config.ts builds
 * the PROTOCOL.md configs and re-exports these names for its callers.
 *
 * Parse once (issue 20): `parseCbConfig` checks the whole run, decoder included, once, and returns
 * a frozen ParsedCbConfig. The runners and trainers take only that type and never check it again;
 * their public entries (runCheckerboard, runCheckerboardSeed, trainCheckerboard*) only confirm,
 * in O(1), that the object they were given is one parseCbConfig returned, so a spread copy or a
 * hand-written object (unchecked) is refused with the fix. Data that crosses a boundary (a cache
 * file, a worker message) is parsed again there: it is new input.
 */
import type { DecoderConfig, Scale } from "../interfaces.js";
import { validateDecoderConfig } from "../info/core/families.js";
import { FC_HIDDEN, type FcNetName } from "../models/mlp.js";
import { showValue } from "../runtime/format.js";
import { parseOnce } from "../runtime/parse-once.js";

export type CbRunId = "CB-2" | "CB-10" | "CB-20" | "CB-25";

/** Checkerboard training engines (src/training/train-cb.ts). */
export type CbTrainer = "wasm" | "tfjs";

/**
 * `all`: every hidden layer x {colour, direction} at every probe epoch (fig2);
 * `final-all`: the same at the final epoch only (negative controls);
 * `last-layer-colour`: only the last hidden layer's colour at the final epoch (fig6, fig7).
 */
export type CbDecodeMode = "all" | "final-all" | "last-layer-colour";

export interface CbRunConfig {
  kind: "checkerboard";
  /** Row of the PROTOCOL.md table this config derives from. */
  run: CbRunId;
  scale: Scale;
  /** Colours = directions = classes. */
  n: number;
  net: FcNetName;
  /** Data-set size before the 90/10 train/validation split. */
  samples: number;
  /** Fraction held out for validation (0.1). */
  valFraction: number;
  batchSize: number;
  /** Constant SGD learning rate. */
  lr: number;
  /** Epochs on the direction label (after pretraining). */
  epochs: number;
  /** P: epochs on the colour label before the direction epochs (0 = no pretraining). */
  pretrainEpochs: number;
  /** Epochs (0 = initialisation, counted over pretraining + training) at which every layer is probed. */
  probeEpochs: number[];
  /** Fresh probe rows: the first `decoderTrainRows` train the decoder, the rest test it. */
  decoderTrainRows: number;
  decoderTestRows: number;
  decoder: DecoderConfig;
  /**
   * Which points get a decoder: `all` = every hidden layer x {colour, direction} at every probe
   * epoch (fig2); `last-layer-colour` = the last hidden layer's colour information only (fig6,
   * fig7 need nothing else, and decoders dominate the cost).
   */
  decode: CbDecodeMode;
  /**
   * `true`: train on the task's labels. `shuffled`: a negative control; the training labels are
   * randomly permuted across rows once per seed (validation and probes keep the true labels).
   */
  trainLabels: "true" | "shuffled";
  /**
   * Training engine (same computation, src/training/train-cb.ts): `wasm` (default), the
   * WebAssembly SIMD kernel with a sparse first layer; `tfjs`, the plain tfjs loop it is tested against.
   */
  trainer: CbTrainer;
}

function fail(field: string, value: unknown, why: string): never {
  throw new Error(`invalid checkerboard config: ${field} = ${showValue(value)} (${why})`);
}

const isPosInt = (v: unknown): boolean => typeof v === "number" && Number.isInteger(v) && v > 0;
const isNonNegInt = (v: unknown): boolean => typeof v === "number" && Number.isInteger(v) && v >= 0;

declare const parsedBrand: unique symbol;

/** A CbRunConfig that parseCbConfig checked and froze (decoder and probe list included). */
export type ParsedCbConfig = Readonly<CbRunConfig> & { readonly [parsedBrand]: true };

const CB_PARSER = parseOnce<CbRunConfig, ParsedCbConfig>("checkerboard config", "build it with cbRunConfig(...) or pass it through parseCbConfig(...)", (raw) => validateCbConfig(raw));

/**
 * Check a config once (throws on the first invalid field, naming it, its value and the rule) and
 * return a frozen copy that every runner and trainer accepts as is. A config that is already
 * parsed is returned unchanged.
 */
export const parseCbConfig = (raw: CbRunConfig): ParsedCbConfig => CB_PARSER.parse(raw);

/** Whether `cfg` is a config parseCbConfig returned. */
export const isParsedCbConfig = (cfg: CbRunConfig): cfg is ParsedCbConfig => CB_PARSER.isParsed(cfg);

/**
 * The entry check of a runner or trainer: `cfg` must be a config parseCbConfig returned. Not a
 * second validation (that happened once, in parseCbConfig), only the proof that it happened.
 */
export const requireParsedCbConfig: (cfg: CbRunConfig, where: string) => asserts cfg is ParsedCbConfig = (cfg, where) => CB_PARSER.require(cfg, where);

/** Throws on the first invalid field, naming it and its value; the decoder is checked in full (parseCbConfig's check). */
export function validateCbConfig(cfg: CbRunConfig): void {
  if (cfg.kind !== "checkerboard") fail("kind", cfg.kind, "must be 'checkerboard'");
  if (cfg.scale !== "paper" && cfg.scale !== "ci") fail("scale", cfg.scale, "must be 'paper' or 'ci'");
  if (!Number.isInteger(cfg.n) || cfg.n < 2) fail("n", cfg.n, "must be an integer >= 2");
  if (!(cfg.net in FC_HIDDEN)) fail("net", cfg.net, `unknown network; choose one of ${Object.keys(FC_HIDDEN).join(", ")}`);
  if (!isPosInt(cfg.samples)) fail("samples", cfg.samples, "must be a positive integer");
  if (!(cfg.valFraction > 0 && cfg.valFraction < 1)) fail("valFraction", cfg.valFraction, "must lie in (0, 1)");
  if (!isPosInt(cfg.batchSize)) fail("batchSize", cfg.batchSize, "must be a positive integer");
  if (!(Number.isFinite(cfg.lr) && cfg.lr > 0)) fail("lr", cfg.lr, "must be a finite number > 0");
  if (!isPosInt(cfg.epochs)) fail("epochs", cfg.epochs, "must be a positive integer");
  if (!isNonNegInt(cfg.pretrainEpochs)) fail("pretrainEpochs", cfg.pretrainEpochs, "must be an integer >= 0");
  const total = cfg.epochs + cfg.pretrainEpochs;
  if (!Array.isArray(cfg.probeEpochs) || cfg.probeEpochs.length === 0) fail("probeEpochs", cfg.probeEpochs, "must be a non-empty list");
  for (const e of cfg.probeEpochs) {
    if (!isNonNegInt(e)) fail("probeEpochs", e, "each probe epoch must be an integer >= 0");
    if (e > total) fail("probeEpochs", e, `probe epoch past the end of the run (${total} epochs)`);
  }
  if (!isPosInt(cfg.decoderTrainRows)) fail("decoderTrainRows", cfg.decoderTrainRows, "must be a positive integer");
  if (!isPosInt(cfg.decoderTestRows)) fail("decoderTestRows", cfg.decoderTestRows, "must be a positive integer");
  const trainRows = cfg.samples - Math.round(cfg.samples * cfg.valFraction);
  if (cfg.batchSize > trainRows) fail("batchSize", cfg.batchSize, `larger than the ${trainRows} training rows`);
  if (!["all", "final-all", "last-layer-colour"].includes(cfg.decode)) fail("decode", cfg.decode, "must be 'all', 'final-all' or 'last-layer-colour'");
  if (cfg.trainLabels !== "true" && cfg.trainLabels !== "shuffled") fail("trainLabels", cfg.trainLabels, "must be 'true' or 'shuffled'");
  if (cfg.trainer !== "wasm" && cfg.trainer !== "tfjs") fail("trainer", cfg.trainer, "must be 'wasm' or 'tfjs'");
  const d = cfg.decoder;
  if (!d || typeof d !== "object") fail("decoder", d, "missing decoder config");
  validateDecoderConfig(d, { what: "checkerboard config", field: "decoder." });
  // estimateUsableInfo needs a full batch of train rows under batch-norm; checked here, before training.
  if (d.batchNorm && d.batchSize > cfg.decoderTrainRows) fail("decoder.batchSize", d.batchSize, `larger than the ${cfg.decoderTrainRows} decoder-train rows (batch-norm decoders drop a partial batch)`);
}

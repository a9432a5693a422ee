/**
 * Configuration of one CIFAR training run (PROTOCOL.md section 2): a plain, serialisable object,
 * parsed once (parseCifarConfig: checked with errors that name the field and quote the value,
 * then frozen; cifarTrainConfig returns parsed configs) and accepted as is by the trainer, which
 * only confirms that it was parsed. The seed is not part of it.
 *
 * Epoch numbering: epochs are counted from 1; "epoch 0" is the initialisation (probes and
 * validation accuracy are recorded there too). Epochs 1..pretrainFineEpochs train on the fine
 * labels, the next `epochs` on the coarse labels (CIFAR-10: parity; CIFAR-100: 20 superclasses).
 * Training epoch e uses lr0 * lrDecay^(e-1) (PyTorch's ExponentialLR stepped after each epoch:
 * the first epoch runs at lr0), one schedule over the whole run, not restarted at the switch.
 */
import type { CifarName } from "../data/cifar.js";
import type { ConvNetArch } from "../models/small-convnet.js";
import { showValue } from "../runtime/format.js";
import { parseOnce } from "../runtime/parse-once.js";

export type CifarLabelKind = "fine" | "coarse";

export interface CifarTrainConfig {
  model: ConvNetArch;
  dataset: CifarName;
  /** Epochs on the coarse label (after any pretraining). Paper scale: 160 (ours). */
  epochs: number;
  /** Epochs on the fine labels before switching to coarse (fig5c: 20); 0 = none. */
  pretrainFineEpochs: number;
  /** Mini-batch size (paper: 128). The last batch of an epoch may be smaller (PyTorch drop_last=False). */
  batchSize: number;
  /** Learning rate of the first epoch (ResNet-18: 0.1; All-CNN: 0.05). */
  lr0: number;
  /** Per-epoch multiplicative decay (paper: 0.97). */
  lrDecay: number;
  /** SGD momentum (paper: 0.9). */
  momentum: number;
  /** PyTorch-style weight decay, added as wd*w to the gradient (ResNet-18: 5e-4; All-CNN: 1e-3). */
  weightDecay: number;
  /** Pad-4 random crop + horizontal flip on the training batches (paper: true). */
  augment: boolean;
  /** Epochs (0..total) after which the probe images' features are recorded. */
  probeEpochs: number[];
  /** Batch size for validation and probe forward passes (memory only; no effect on results). */
  evalBatchSize: number;
  /** Small convnet only: channels of its three conv layers (default [16, 32, 64]). */
  smallConvnetWidths?: [number, number, number];
}

/** 0, 1, 2, 3, 5, then every 5 up to `total` (PROTOCOL.md section 2, ours). */
export function defaultProbeEpochs(total: number): number[] {
  const out = [0, 1, 2, 3, 5].filter((e) => e <= total);
  for (let e = 10; e <= total; e += 5) out.push(e);
  if (!out.includes(total)) out.push(total);
  return out;
}

declare const parsedBrand: unique symbol;

/** A CifarTrainConfig that parseCifarConfig checked and froze. */
export type ParsedCifarConfig = Readonly<CifarTrainConfig> & { readonly [parsedBrand]: true };

const CIFAR_PARSER = parseOnce<CifarTrainConfig, ParsedCifarConfig>("CIFAR config", "build it with cifarTrainConfig(...) or pass it through parseCifarConfig(...)", (raw) => validateCifarConfig(raw));

/** Check a config once (throws naming the first invalid field and its value) and return a frozen copy; a parsed config is returned unchanged. */
export const parseCifarConfig = (raw: CifarTrainConfig): ParsedCifarConfig => CIFAR_PARSER.parse(raw);

/** The trainer's entry check: `cfg` must be one parseCifarConfig returned (the proof of the one check, not a second one). */
export const requireParsedCifarConfig: (cfg: CifarTrainConfig, where: string) => asserts cfg is ParsedCifarConfig = (cfg, where) => CIFAR_PARSER.require(cfg, where);

/** Paper-scale defaults of PROTOCOL.md section 2 for a model and data set, with overrides. */
export function cifarTrainConfig(model: ConvNetArch, dataset: CifarName, patch: Partial<CifarTrainConfig> = {}): ParsedCifarConfig {
  const allcnn = model === "allcnn";
  const epochs = patch.epochs ?? 160;
  const pretrainFineEpochs = patch.pretrainFineEpochs ?? 0;
  const cfg: CifarTrainConfig = {
    model,
    dataset,
    epochs,
    pretrainFineEpochs,
    batchSize: 128,
    lr0: allcnn ? 0.05 : 0.1,
    lrDecay: 0.97,
    momentum: 0.9,
    weightDecay: allcnn ? 1e-3 : 5e-4,
    augment: true,
    probeEpochs: defaultProbeEpochs(epochs + pretrainFineEpochs),
    evalBatchSize: 500,
    ...patch,
  };
  return parseCifarConfig(cfg);
}

export function totalEpochs(cfg: CifarTrainConfig): number {
  return cfg.pretrainFineEpochs + cfg.epochs;
}

/** The label trained on in epoch e (1-based). */
export function labelOfEpoch(cfg: CifarTrainConfig, epoch: number): CifarLabelKind {
  return epoch <= cfg.pretrainFineEpochs ? "fine" : "coarse";
}

/** Learning rate of training epoch e (1-based): lr0 * lrDecay^(e-1). */
export function lrOfEpoch(cfg: CifarTrainConfig, epoch: number): number {
  return cfg.lr0 * Math.pow(cfg.lrDecay, epoch - 1);
}

const MODELS: readonly ConvNetArch[] = ["resnet18", "allcnn", "small-convnet"];
const KNOWN_FIELDS = new Set([
  "model", "dataset", "epochs", "pretrainFineEpochs", "batchSize", "lr0", "lrDecay", "momentum",
  "weightDecay", "augment", "probeEpochs", "evalBatchSize", "smallConvnetWidths",
]);

function bad(field: string, value: unknown, want: string): Error {
  return new Error(`CIFAR config: ${field} must be ${want}, got ${showValue(value)}`);
}

/** Throws on the first invalid field, naming it and its value. */
export function validateCifarConfig(cfg: CifarTrainConfig): void {
  if (cfg === null || typeof cfg !== "object") throw new Error(`CIFAR config must be an object, got ${showValue(cfg)}`);
  for (const k of Object.keys(cfg)) if (!KNOWN_FIELDS.has(k)) throw new Error(`CIFAR config: unknown field ${JSON.stringify(k)} (a typo?)`);
  if (!MODELS.includes(cfg.model)) throw bad("model", cfg.model, `one of ${MODELS.join(", ")}`);
  if (cfg.dataset !== "cifar10" && cfg.dataset !== "cifar100") throw bad("dataset", cfg.dataset, `"cifar10" or "cifar100"`);
  const int = (f: keyof CifarTrainConfig, min: number) => {
    const v = cfg[f];
    if (typeof v !== "number" || !Number.isInteger(v) || v < min) throw bad(f, v, `an integer >= ${min}`);
  };
  int("epochs", 0);
  int("pretrainFineEpochs", 0);
  if (totalEpochs(cfg) < 1) throw new Error(`CIFAR config: epochs + pretrainFineEpochs must be >= 1, got ${cfg.epochs} + ${cfg.pretrainFineEpochs}`);
  int("batchSize", 1);
  int("evalBatchSize", 1);
  const real = (f: keyof CifarTrainConfig, ok: (v: number) => boolean, want: string) => {
    const v = cfg[f];
    if (typeof v !== "number" || !Number.isFinite(v) || !ok(v)) throw bad(f, v, want);
  };
  real("lr0", (v) => v > 0, "a finite number > 0");
  real("lrDecay", (v) => v > 0 && v <= 1, "in (0, 1]");
  real("momentum", (v) => v >= 0 && v < 1, "in [0, 1)");
  real("weightDecay", (v) => v >= 0, "a finite number >= 0");
  if (typeof cfg.augment !== "boolean") throw bad("augment", cfg.augment, "true or false");
  const total = totalEpochs(cfg);
  if (!Array.isArray(cfg.probeEpochs)) throw bad("probeEpochs", cfg.probeEpochs, "an array of epochs");
  let prev = -1;
  for (const e of cfg.probeEpochs) {
    if (!Number.isInteger(e) || e < 0 || e > total) throw bad("probeEpochs", cfg.probeEpochs, `integers in 0..${total} (total epochs)`);
    if (e <= prev) throw bad("probeEpochs", cfg.probeEpochs, "strictly increasing");
    prev = e;
  }
  if (cfg.smallConvnetWidths !== undefined) {
    if (cfg.model !== "small-convnet") throw bad("smallConvnetWidths", cfg.smallConvnetWidths, `absent for model ${cfg.model}`);
    const w = cfg.smallConvnetWidths;
    if (!Array.isArray(w) || w.length !== 3 || w.some((c) => !Number.isInteger(c) || c < 1)) throw bad("smallConvnetWidths", w, "three positive integers");
  }
}

/**
 * The cases of the PyTorch agreement check (issue 21), shared by the exporter (export.ts, which
 * writes what reference.py loads) and the unit tests (test/training/torch-agreement*.test.ts,
 * which run the project's code on the same cases and compare with the committed fixture).
 *
 * Each network case is a paper arm of src/experiments/cifar-protocol.ts (its lr0, decay,
 * momentum, weight decay, model and pretraining epochs unchanged), cut down to a tiny batch of
 * planted noise images (plantedRows), without augmentation (augmentation and data order are
 * checked elsewhere), one optimisation step per epoch (the batch is the whole training set), so
 * that N steps walk N epochs of the 0.97 schedule:
 *
 *   resnet18-cifar10       fig3's arm "lr0.1 bs128", 5 epochs at batch 2; state after epochs 1, 5
 *   allcnn-cifar10         fig5a's arm "All-CNN lr0.05", 5 epochs at batch 4; epochs 1, 5
 *   resnet18-fig5c-switch  fig5c's arm "CIFAR-100 fine20 then coarse", resumed from a checkpoint
 *                          after epoch 19 (initial weights, crafted momentum buffers for the
 *                          trunk and the fine head), then epoch 20 (the last fine epoch) and
 *                          epoch 21 (the first coarse one); state after epochs 20 and 21
 *
 * and the decoder case is the CIFAR decoder (src/info/core/families.ts cifarDecoder(): 200-100,
 * batch-norm, LeakyReLU 0.2, dropout 0.7, Adam lr 0.01, weight decay 0.001) cut to 3 epochs of
 * 4 steps (batch 8, 32 train rows of width 24, 10 classes), whose initial weights, batch order
 * and dropout masks the exporter draws from the decoder's own random streams and hands to
 * PyTorch (masks shared, not disabled).
 */
import { join } from "node:path";
import { gatherNhwc } from "../../src/data/augment.js";
import { CIFAR_IMAGE_BYTES, CIFAR_TRAIN_STATS, cifar100Superclass, cifar10Parity, cifarSpec, type CifarName, type CifarSplit } from "../../src/data/cifar.js";
import { ALLCNN_ARM, CIFAR10_BASE, CIFAR100_FINE_PRETRAINED } from "../../src/experiments/cifar-protocol.js";
import type { CifarArm } from "../../src/experiments/cifar-runner.js";
import { batchSizesPerEpoch, fillDropoutMasks, initLinearParams, layerDims } from "../../src/info/decoders/decoder-reference.js";
import { cifarDecoder, validateDecoderConfig } from "../../src/info/core/families.js";
import type { DecoderConfig, DecoderTask } from "../../src/interfaces.js";
import type { ConvNet } from "../../src/models/small-convnet.js";
import type { CheckpointBlob } from "../../src/training/cifar-checkpoint.js";
import { parseCifarConfig, type CifarTrainConfig } from "../../src/training/cifar-config.js";
import { cifarDataFingerprint, type CifarTrainData } from "../../src/training/cifar-data.js";
import { headsFor } from "../../src/training/cifar-trainer.js";
import { REPO_ROOT } from "../../src/runtime/files.js";
import { createRng, deriveSeed, permutation } from "../../src/runtime/rng.js";

/** The committed fixture reference.py writes. */
export const TORCH_REFERENCE_FIXTURE = join(REPO_ROOT, "fixtures", "torch-reference", "reference.json");
export const TORCH_REFERENCE_FORMAT = "usable-info-torch-reference";
export const TORCH_REFERENCE_VERSION = 1;

/** Tensors with at most this many values are recorded in full; larger ones as a summary (norm, sum, sample). */
export const FULL_MAX = 256;
/** Values in the sample of a summarised tensor: indices floor((2j + 1) n / (2 S)), j = 0..S-1. */
export const SAMPLE_SIZE = 64;

export type NetCaseId = "resnet18-cifar10" | "allcnn-cifar10" | "resnet18-fig5c-switch";

export interface NetCase {
  id: NetCaseId;
  what: string;
  /** The paper arm the case is cut from. */
  arm: string;
  cfg: CifarTrainConfig;
  seed: number;
  data: CifarTrainData;
  /** Epochs done when the run starts: 0 for a fresh run, else it resumes from resumeCheckpoint(). */
  resumeAt: number;
  /** Epochs after which weights, momentum buffers and batch-norm statistics are recorded. */
  snapshotEpochs: number[];
  /** Record the initial network's logits and features on the training batch in training and evaluation mode. */
  forward: boolean;
}

/**
 * Planted images: uniform random bytes from deriveSeed(seed, "torch-reference-images", part), with
 * fine labels 0, 1, 2, ... (CIFAR-10: both parities in every batch) or 3, 57, 91, ... (CIFAR-100:
 * distinct superclasses). Not the committed synthetic fixtures: their flat colour tints give
 * batch-norm channels whose spread is tiny next to their mean, where float32 rounding is
 * amplified enough that PyTorch's own float32 and float64 runs of the same ResNet-18/All-CNN
 * steps part by 1e-3 after one step and 1e-2 after three (measured); on noise images they stay
 * within 1e-5 over all five steps.
 */
function plantedRows(dataset: CifarName, rows: number, seed: number): CifarTrainData {
  const spec = cifarSpec(dataset);
  const part = (name: "train" | "probe"): CifarSplit => {
    const rng = createRng(deriveSeed(seed, "torch-reference-images", name));
    const images = new Uint8Array(rows * CIFAR_IMAGE_BYTES);
    for (let i = 0; i < images.length; i++) images[i] = rng.int(256);
    const fine = Int32Array.from({ length: rows }, (_, i) => (dataset === "cifar10" ? i % 10 : (3 + 54 * i) % 100));
    const coarse = dataset === "cifar10" ? cifar10Parity(fine) : cifar100Superclass(fine);
    return { dataset, split: name === "train" ? "train" : "test", files: [], rows, images, fine, coarse, numFine: spec.numFine, numCoarse: spec.numCoarse };
  };
  const probe = part("probe");
  return { train: part("train"), val: probe, probe };
}

/** The arm's training config on `rows` images: one step per epoch, no augmentation. */
function cutDown(arm: CifarArm, rows: number, patch: Partial<CifarTrainConfig>): CifarTrainConfig {
  return parseCifarConfig({ ...arm.train, batchSize: rows, evalBatchSize: rows, augment: false, ...patch });
}

/** Images of the ResNet-18 cases (2: each step costs ~3 s on wasm, the filter gradient in JavaScript). */
export const RESNET_ROWS = 2;
/** Images of the All-CNN case. */
export const ALLCNN_ROWS = 4;

/**
 * Seed of each case (its initial weights through createCifarModel and its planted images): the
 * first seed >= 1 whose first optimisation step is kink-free in the float64 reference (every ReLU
 * input at least KINK_MARGIN from 0; `npm run torch-reference -- --find-seeds`) and whose first
 * step the project then reproduces within the float32 tolerances. resnet18-cifar10 skips seed 4:
 * its closest input, 1.6e-6 from 0 in stage1.block2, lands on the other side in the project's
 * float32 (the gradients below it part from PyTorch's by up to 8e-3), so the first step would be
 * kink-exposed after all; 7 is the next kink-free seed.
 */
export const CASE_SEEDS: Readonly<Record<NetCaseId, number>> = { "resnet18-cifar10": 7, "allcnn-cifar10": 1, "resnet18-fig5c-switch": 2 };

/**
 * A ReLU input closer to 0 than this (float64 reference) counts as a kink: float32 may put it on
 * the other side, and the gradient then flows where the reference blocks it (or the reverse).
 * Float32 rounding of ReLU inputs is ~1e-7..1e-6 in the first stages and up to ~1e-5 in the last
 * (PyTorch float32 against float64, measured); inputs at 6e-8 and 1.6e-6 were seen to flip, and
 * moved every gradient below them by up to 8% and 0.8%. The margin is not a guarantee (values up
 * to ~1e-5 could flip): the seeds are also checked by the test itself.
 */
export const KINK_MARGIN = 1e-6;

export function netCases(seeds: Partial<Record<NetCaseId, number>> = {}): NetCase[] {
  const seed = (id: NetCaseId) => seeds[id] ?? CASE_SEEDS[id];
  const base = CIFAR10_BASE();
  const allcnn = ALLCNN_ARM();
  const fig5c = CIFAR100_FINE_PRETRAINED();
  const switchEpoch = fig5c.train.pretrainFineEpochs;
  if (!(switchEpoch >= 1)) throw new Error(`fig5c arm ${fig5c.arm} has no fine-label pretraining (pretrainFineEpochs ${switchEpoch})`);
  return [
    {
      id: "resnet18-cifar10",
      what: "ResNet-18 (pre-activation), fig3 arm, 5 SGD steps = epochs 1-5 of the schedule",
      arm: base.arm,
      cfg: cutDown(base, RESNET_ROWS, { epochs: 5, probeEpochs: [0, 1, 5] }),
      seed: seed("resnet18-cifar10"),
      data: plantedRows("cifar10", RESNET_ROWS, seed("resnet18-cifar10")),
      resumeAt: 0,
      snapshotEpochs: [1, 5],
      forward: true,
    },
    {
      id: "allcnn-cifar10",
      what: "All-CNN, fig5a arm, 5 SGD steps = epochs 1-5 of the schedule",
      arm: allcnn.arm,
      cfg: cutDown(allcnn, ALLCNN_ROWS, { epochs: 5, probeEpochs: [0, 1, 5] }),
      seed: seed("allcnn-cifar10"),
      data: plantedRows("cifar10", ALLCNN_ROWS, seed("allcnn-cifar10")),
      resumeAt: 0,
      snapshotEpochs: [1, 5],
      forward: true,
    },
    {
      id: "resnet18-fig5c-switch",
      what: `ResNet-18, fig5c arm: resumed after epoch ${switchEpoch - 1}, epoch ${switchEpoch} on the fine head, epoch ${switchEpoch + 1} on the fresh coarse head`,
      arm: fig5c.arm,
      cfg: cutDown(fig5c, RESNET_ROWS, { epochs: 1, probeEpochs: [switchEpoch + 1] }),
      seed: seed("resnet18-fig5c-switch"),
      data: plantedRows("cifar100", RESNET_ROWS, seed("resnet18-fig5c-switch")),
      resumeAt: switchEpoch - 1,
      snapshotEpochs: [switchEpoch, switchEpoch + 1],
      forward: false,
    },
  ];
}

/** One network case by id. */
export function netCase(id: NetCaseId, seeds: Partial<Record<NetCaseId, number>> = {}): NetCase {
  const c = netCases(seeds).find((x) => x.id === id);
  if (!c) throw new Error(`no network case ${JSON.stringify(id)}; cases are ${netCases().map((x) => x.id).join(", ")}`);
  return c;
}

/** Scale of the crafted momentum buffers of the resumed case (uniform on +-scale; a gradient-sized number). */
export const CRAFTED_MOMENTUM_SCALE = 0.01;

/**
 * The checkpoint a resumed case starts from, in the trainer's format (cifar-trainer.ts,
 * CheckpointMeta): the network's initial weights and batch-norm statistics, and momentum
 * buffers drawn from deriveSeed(seed, "torch-reference-momentum", name) for every variable
 * trained before the resume (trunk and the head of label `labelOfEpoch(resumeAt)`).
 */
export function resumeCheckpoint(c: NetCase, net: ConvNet): { meta: unknown; blobs: CheckpointBlob[] } {
  if (c.resumeAt < 1) throw new Error(`case ${c.id} does not resume (resumeAt ${c.resumeAt})`);
  const label = c.resumeAt <= c.cfg.pretrainFineEpochs ? "fine" : "coarse";
  const blobs: CheckpointBlob[] = [];
  for (const { name, variable } of net.trainable) blobs.push({ name: `param/${name}`, shape: [...variable.shape], values: Float32Array.from(variable.dataSync() as Float32Array) });
  for (const { name, variable } of net.state) blobs.push({ name: `state/${name}`, shape: [...variable.shape], values: Float32Array.from(variable.dataSync() as Float32Array) });
  for (const { name, variable } of net.trainableFor(label)) {
    const rng = createRng(deriveSeed(c.seed, "torch-reference-momentum", name));
    const values = new Float32Array(variable.size);
    for (let i = 0; i < values.length; i++) values[i] = rng.uniform(-CRAFTED_MOMENTUM_SCALE, CRAFTED_MOMENTUM_SCALE);
    blobs.push({ name: `momentum/${name}`, shape: [...variable.shape], values });
  }
  const meta = {
    kind: "cifar-train",
    config: c.cfg,
    seed: c.seed,
    dataFingerprint: cifarDataFingerprint(c.data),
    epochsDone: c.resumeAt,
    optimizerIterations: c.resumeAt,
    curves: [],
    probeEpochs: [],
    backend: null,
  };
  return { meta, blobs };
}

/** What reference.py needs to know about a network case besides its tensors. */
export function netCaseMeta(c: NetCase): Record<string, unknown> {
  const { cfg } = c;
  return {
    kind: "net",
    id: c.id,
    what: c.what,
    arm: c.arm,
    model: cfg.model,
    dataset: cfg.dataset,
    heads: headsFor(cfg, c.data.train.numFine, c.data.train.numCoarse),
    lr0: cfg.lr0,
    lrDecay: cfg.lrDecay,
    momentum: cfg.momentum,
    weightDecay: cfg.weightDecay,
    pretrainFineEpochs: cfg.pretrainFineEpochs,
    epochs: cfg.epochs,
    resumeAt: c.resumeAt,
    snapshotEpochs: c.snapshotEpochs,
    probeEpochs: cfg.probeEpochs,
    forward: c.forward,
    stats: CIFAR_TRAIN_STATS[cfg.dataset],
    trainFine: Array.from(c.data.train.fine),
    trainCoarse: Array.from(c.data.train.coarse),
  };
}

/** The training and probe images as NHWC bytes (stored as float32 values 0..255). */
export function netCaseImages(c: NetCase): CheckpointBlob[] {
  const nhwc = (s: CifarTrainData["train"]) => Float32Array.from(gatherNhwc(s.images, Array.from({ length: s.rows }, (_, i) => i)));
  return [
    { name: "input/train", shape: [c.data.train.rows, 32, 32, 3], values: nhwc(c.data.train) },
    { name: "input/probe", shape: [c.data.probe.rows, 32, 32, 3], values: nhwc(c.data.probe) },
  ];
}

// ---------------------------------------------------------------------------------------------
// The decoder case.

export interface DecoderCase {
  id: "cifar-decoder";
  what: string;
  cfg: DecoderConfig;
  task: DecoderTask;
}

export const DECODER_DIM = 24;
export const DECODER_CLASSES = 10;

export function decoderCase(): DecoderCase {
  const cfg = validateDecoderConfig({ ...cifarDecoder(), epochs: 3, batchSize: 8 });
  const rows = (n: number, seed: number) => {
    const rng = createRng(seed);
    const z = new Float32Array(n * DECODER_DIM);
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      labels[i] = i % DECODER_CLASSES;
      for (let j = 0; j < DECODER_DIM; j++) z[i * DECODER_DIM + j] = rng.normal() + (j % DECODER_CLASSES === labels[i] ? 1.5 : 0);
    }
    return { z, dim: DECODER_DIM, labels, numClasses: DECODER_CLASSES };
  };
  return {
    id: "cifar-decoder",
    what: "CIFAR decoder (cifarDecoder(): 200-100, BN, LeakyReLU 0.2, dropout 0.7 with shared masks, Adam lr 0.01 wd 0.001), 3 epochs x 4 steps of batch 8",
    cfg,
    task: { id: "cifar-decoder", train: rows(32, 101), test: rows(16, 102), seed: 7 },
  };
}

/**
 * The decoder's initial weights, batch order and dropout masks, drawn from its own streams in
 * the order of the reference decoder's contract (decoder-reference.ts): what PyTorch is handed.
 */
export function decoderCaseBlobs(c: DecoderCase): { meta: Record<string, unknown>; blobs: CheckpointBlob[] } {
  const { cfg, task } = c;
  const dims = layerDims(task.train.dim, cfg.hidden, task.train.numClasses);
  const init = initLinearParams(task.seed, dims);
  const nTrain = task.train.labels.length;
  const sizes = batchSizesPerEpoch(nTrain, cfg.batchSize, cfg.batchNorm);
  const blobs: CheckpointBlob[] = [];
  dims.forEach(([fanIn, fanOut], l) => {
    blobs.push({ name: `param/l${l}.w`, shape: [fanIn, fanOut], values: Float32Array.from(init.w[l]) });
    blobs.push({ name: `param/l${l}.b`, shape: [fanOut], values: Float32Array.from(init.b[l]) });
  });
  blobs.push({ name: "input/train_z", shape: [nTrain, task.train.dim], values: Float32Array.from(task.train.z) });
  blobs.push({ name: "input/train_y", shape: [nTrain], values: Float32Array.from(task.train.labels) });
  blobs.push({ name: "input/test_z", shape: [task.test.labels.length, task.test.dim], values: Float32Array.from(task.test.z) });
  blobs.push({ name: "input/test_y", shape: [task.test.labels.length], values: Float32Array.from(task.test.labels) });
  const shuffle = createRng(deriveSeed(task.seed, "shuffle"));
  const dropout = createRng(deriveSeed(task.seed, "dropout"));
  let step = 0;
  for (let e = 0; e < cfg.epochs; e++) {
    blobs.push({ name: `perm/${e}`, shape: [nTrain], values: Float32Array.from(permutation(nTrain, shuffle)) });
    for (const n of sizes) {
      const masks = cfg.hidden.map((h) => new Float64Array(n * h));
      fillDropoutMasks(dropout, n, cfg.hidden, cfg.dropout, masks);
      // 0/1 keep flags; PyTorch applies its own 1/(1-p).
      masks.forEach((m, l) => blobs.push({ name: `mask/${step}/${l}`, shape: [n, cfg.hidden[l]], values: Float32Array.from(m, (v) => (v > 0 ? 1 : 0)) }));
      step++;
    }
  }
  const opt = cfg.optimizer;
  if (opt.kind !== "adam") throw new Error(`decoder case ${c.id}: expected an Adam decoder, got ${opt.kind}`);
  const meta = {
    kind: "decoder",
    id: c.id,
    what: c.what,
    dims,
    hidden: cfg.hidden,
    leakySlope: cfg.leakySlope,
    dropout: cfg.dropout,
    bnMomentum: cfg.bnMomentum,
    bnEpsilon: cfg.bnEpsilon,
    epochs: cfg.epochs,
    batchSizes: sizes,
    lr: opt.lr,
    weightDecay: opt.weightDecay,
  };
  return { meta, blobs };
}

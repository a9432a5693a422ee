/**
 * Training of one CIFAR network for one seed (PROTOCOL.md section 2): SGD with momentum and
 * PyTorch-style weight decay (sgd-momentum.ts), lr0 * lrDecay^(e-1) in epoch e set through
 * setLearningRate, softmax cross-entropy (batch mean), seeded shuffling and pad-crop-flip
 * augmentation, optional fine-label pretraining then coarse labels (fig5c; one head per label set,
 * see models/small-convnet.ts), validation accuracy after every epoch, features of a fixed probe
 * image set at the probe epochs, a NaN/Inf guard, and a checkpoint after every epoch.
 *
 * Randomness, all derived by name from the run seed, so that a resumed run needs no RNG state:
 *   init weights      deriveSeed(seed, "init") (then per tensor by its name)
 *   epoch e shuffle   deriveSeed(seed, "shuffle", e)
 *   epoch e augment   deriveSeed(seed, "augment", e)
 *
 * Checkpoint (cifar-checkpoint.ts format), rewritten atomically after every epoch: meta = config,
 * seed, data fingerprint, epochs done, optimizer step count, curves so far; blobs
 * `param/<name>` (trainable weights), `state/<name>` (BN running statistics), `momentum/<name>`
 * (optimizer buffers), `probe/<epoch>` (probe features recorded so far). A run given a
 * checkpoint path resumes from the file there when it exists and matches config, seed and data;
 * on a deterministic backend (cpu) the resumed run ends bit-identical to an uninterrupted one.
 */
import { canonicalJson } from "../runtime/files.js";
import { cifarBatchFloats, epochAugmentRng, epochOrder, gatherLabels } from "../data/cifar-batch.js";
import { CIFAR_SIDE, CIFAR_TRAIN_STATS, type ChannelStats, type CifarSplit } from "../data/cifar.js";
import { createAllCnn } from "../models/allcnn.js";
import { createResNet18 } from "../models/resnet18.js";
import { createSmallConvNet, type ConvNet, type HeadSpec, type NamedVariable } from "../models/small-convnet.js";
import { activeBackend, tf } from "../runtime/backend.js";
import { deriveSeed } from "../runtime/rng.js";
import { labelOfEpoch, lrOfEpoch, requireParsedCifarConfig, totalEpochs, type CifarLabelKind, type CifarTrainConfig } from "./cifar-config.js";
import { readCheckpoint, writeCheckpoint, type CheckpointBlob } from "./cifar-checkpoint.js";
import { cifarDataFingerprint, labelsOf, validateCifarData, type CifarTrainData } from "./cifar-data.js";
import { SgdMomentum } from "./sgd-momentum.js";
import { NonFiniteLossError } from "./train-cb.js";

export { NonFiniteLossError };

/** One row of the training curves. Epoch 0 is the initialisation. */
export interface CifarEpochRecord {
  epoch: number;
  /** Label trained on in this epoch (epoch 0: the label of epoch 1); valAccuracy is on it. */
  label: CifarLabelKind;
  /** Learning rate of the epoch (null at epoch 0). */
  lr: number | null;
  /** Mean softmax cross-entropy (nats) over the epoch's training rows, training mode (null at 0). */
  trainLoss: number | null;
  /** Accuracy on the (augmented) training batches as they were trained on (null at 0). */
  trainAccuracy: number | null;
  /** Accuracy on the validation rows after the epoch, evaluation mode. */
  valAccuracy: number;
}

export interface ProbeFeatures {
  epoch: number;
  /** Row-major [probeRows, featureDim]. */
  features: Float32Array;
}

export interface CifarTrainResult {
  config: CifarTrainConfig;
  seed: number;
  arch: string;
  probedLayer: string;
  featureDim: number;
  curves: CifarEpochRecord[];
  probes: ProbeFeatures[];
  /** Labels of the probe images. */
  probeFine: Int32Array;
  probeCoarse: Int32Array;
  /** Epochs already done in the checkpoint this call resumed from; null for a fresh start. */
  resumedFrom: number | null;
  /** Wall seconds of each epoch trained by this call (not deterministic; not checkpointed). */
  epochSeconds: { epoch: number; seconds: number }[];
}

export interface CifarProgress {
  epoch: number;
  totalEpochs: number;
  /** Step within the epoch, 1-based. */
  step: number;
  stepsPerEpoch: number;
  /** This step's batch loss (nats). */
  loss: number;
  label: CifarLabelKind;
  /** Estimated seconds to the end of the run, from this call's mean time per step so far. */
  etaSeconds: number;
}

export interface CifarTrainOptions {
  /**
   * Checkpoint file, rewritten after every epoch. If it exists when the run starts, the run
   * resumes from it (it must match config, seed and data, or the run stops with the reason).
   */
  checkpointPath?: string;
  /** After every optimisation step. */
  onProgress?: (p: CifarProgress) => void;
  /** After every epoch, once its checkpoint is written. Throwing here stops the run. */
  onEpoch?: (r: CifarEpochRecord) => void;
  /** Normalisation statistics (default CIFAR_TRAIN_STATS[config.dataset]). */
  stats?: ChannelStats;
}

/** The heads a config needs: fine + coarse when it pretrains on fine labels, else coarse only. */
export function headsFor(cfg: CifarTrainConfig, numFine: number, numCoarse: number): HeadSpec[] {
  const coarse = { name: "coarse", classes: numCoarse };
  return cfg.pretrainFineEpochs > 0 ? [{ name: "fine", classes: numFine }, coarse] : [coarse];
}

/** The configured network, initialised from deriveSeed(seed, "init"). */
export function createCifarModel(cfg: CifarTrainConfig, seed: number, heads: readonly HeadSpec[]): ConvNet {
  const init = deriveSeed(seed, "init");
  switch (cfg.model) {
    case "resnet18":
      return createResNet18({ heads, seed: init });
    case "allcnn":
      return createAllCnn({ heads, seed: init });
    case "small-convnet":
      return createSmallConvNet({ heads, seed: init, widths: cfg.smallConvnetWidths });
  }
}

interface CheckpointMeta {
  kind: "cifar-train";
  config: CifarTrainConfig;
  seed: number;
  dataFingerprint: string;
  epochsDone: number;
  optimizerIterations: number;
  curves: CifarEpochRecord[];
  probeEpochs: number[];
  /** Informational: the backend that wrote it. */
  backend: string | null;
}

/** All rows of `split` in order, in batches, evaluation mode: accuracy on `labels` (if given) and/or the features. */
async function evaluate(
  net: ConvNet,
  split: CifarSplit,
  stats: ChannelStats,
  batchSize: number,
  head: string,
  labels: Int32Array | null,
  wantFeatures: boolean,
): Promise<{ accuracy: number; features: Float32Array | null }> {
  const n = split.rows;
  const features = wantFeatures ? new Float32Array(n * net.featureDim) : null;
  let correct = 0;
  for (let from = 0; from < n; from += batchSize) {
    const to = Math.min(n, from + batchSize);
    const idx = Int32Array.from({ length: to - from }, (_, i) => from + i);
    const x = cifarBatchFloats(split.images, idx, { stats });
    const [pred, feats] = tf.tidy(() => {
      const out = net.forward(tf.tensor4d(x, [to - from, CIFAR_SIDE, CIFAR_SIDE, 3]), { training: false, head });
      return [tf.argMax(out.logits, 1), out.features];
    });
    try {
      if (labels) {
        const p = (await pred.data()) as Int32Array;
        for (let i = 0; i < p.length; i++) if (p[i] === labels[from + i]) correct++;
      }
      if (features) features.set((await feats.data()) as Float32Array, from * net.featureDim);
    } finally {
      pred.dispose();
      feats.dispose();
    }
  }
  return { accuracy: labels ? correct / n : NaN, features };
}

function configMismatch(a: CifarTrainConfig, b: CifarTrainConfig): string {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const diffs: string[] = [];
  for (const k of keys) {
    const va = canonicalJson((a as unknown as Record<string, unknown>)[k]);
    const vb = canonicalJson((b as unknown as Record<string, unknown>)[k]);
    if (va !== vb) diffs.push(`${k}: checkpoint ${va}, this run ${vb}`);
  }
  return diffs.join("; ");
}

/**
 * One optimisation step on a batch: softmax cross-entropy (batch mean) of head `head` in training
 * mode (batch-norm running statistics updated), gradients of `vars`, one optimizer update.
 * `x` is the normalised NHWC batch [rows, 32, 32, 3] as floats, `y` the labels in 0..classes-1.
 * Returns the batch loss (nats) and the number of rows the network got right (before the update).
 */
/**
 * The wasm backend's heap is a 32-bit WebAssembly memory (at most 4 GiB). A model whose training
 * step needs more (ResNet-18 at batch 128 does: measured here, the step dies with "memory access
 * out of bounds") fails with an opaque WebAssembly.RuntimeError; this names the cause and the
 * ways out. Any other error is returned unchanged.
 */
export function explainBackendMemoryError(err: unknown, backend: string, batch: number): unknown {
  const msg = err instanceof Error ? err.message : String(err);
  if (backend === "wasm" && /memory access out of bounds|out of memory|Cannot enlarge memory/i.test(msg)) {
    return new Error(
      `training step at batch ${batch} ran out of WebAssembly memory on the wasm backend (${msg}): its heap is at most 4 GiB. ` +
        `Use a GPU backend (CLAIMS_BACKEND=tensorflow-gpu or webgpu), the cpu backend (no 4 GiB limit, ~4x slower), or a smaller batch.`,
      { cause: err },
    );
  }
  return err;
}

export async function cifarTrainStep(
  net: ConvNet,
  optimizer: SgdMomentum,
  vars: readonly NamedVariable[],
  x: Float32Array,
  y: Int32Array,
  classes: number,
  head: string,
): Promise<{ loss: number; correct: number }> {
  const rows = y.length;
  let pred: tf.Tensor | null = null;
  let lossT: tf.Tensor;
  try {
    lossT = tf.tidy(() => {
      const xb = tf.tensor4d(x, [rows, CIFAR_SIDE, CIFAR_SIDE, 3]);
      const yb = tf.oneHot(tf.tensor1d(y, "int32"), classes);
      const { value, grads } = tf.variableGrads(() => {
        const { logits } = net.forward(xb, { training: true, head });
        pred = tf.keep(tf.argMax(logits, 1));
        return tf.losses.softmaxCrossEntropy(yb, logits) as tf.Scalar;
      }, vars.map((v) => v.variable));
      optimizer.applyGradients(vars, grads);
      return value;
    });
  } catch (err) {
    throw explainBackendMemoryError(err, activeBackend()?.name ?? tf.getBackend(), rows);
  }
  const predT = pred as unknown as tf.Tensor;
  try {
    const loss = (await lossT.data())[0];
    const p = (await predT.data()) as Int32Array;
    let correct = 0;
    for (let i = 0; i < rows; i++) if (p[i] === y[i]) correct++;
    return { loss, correct };
  } finally {
    lossT.dispose();
    predT.dispose();
  }
}

/**
 * Train one seed. Deterministic for a given (config, seed, data) on a deterministic backend;
 * resumable from its checkpoint (options.checkpointPath).
 */
export async function trainCifar(cfg: CifarTrainConfig, seed: number, data: CifarTrainData, options: CifarTrainOptions = {}): Promise<CifarTrainResult> {
  requireParsedCifarConfig(cfg, "trainCifar");
  if (!Number.isInteger(seed) || seed < 1 || seed > 0xffffffff) throw new Error(`trainCifar: seed must be an integer in [1, 2^32-1], got ${seed}`);
  validateCifarData(data, cfg.dataset, cfg.probeEpochs.length > 0);
  const stats = options.stats ?? CIFAR_TRAIN_STATS[cfg.dataset];
  const total = totalEpochs(cfg);
  const fingerprint = cifarDataFingerprint(data);
  const heads = headsFor(cfg, data.train.numFine, data.train.numCoarse);
  const net = createCifarModel(cfg, seed, heads);
  const optimizer = new SgdMomentum({ learningRate: cfg.lr0, momentum: cfg.momentum, weightDecay: cfg.weightDecay });
  const probeSet = new Set(cfg.probeEpochs);
  const curves: CifarEpochRecord[] = [];
  const probes: ProbeFeatures[] = [];
  const epochSeconds: { epoch: number; seconds: number }[] = [];
  let resumedFrom: number | null = null;

  try {
    // ---- resume or start
    const ckpt = options.checkpointPath ? readCheckpoint(options.checkpointPath) : null;
    if (ckpt) {
      const path = options.checkpointPath!;
      const meta = ckpt.meta as CheckpointMeta;
      if (meta?.kind !== "cifar-train" || !meta.config) throw new Error(`checkpoint ${path} is not a CIFAR training checkpoint`);
      const diff = configMismatch(meta.config, cfg);
      if (diff) throw new Error(`checkpoint ${path} was written for another config (${diff}); delete it or use another checkpointPath`);
      if (meta.seed !== seed) throw new Error(`checkpoint ${path} was written for seed ${meta.seed}, this run is seed ${seed}`);
      if (meta.dataFingerprint !== fingerprint) throw new Error(`checkpoint ${path} was written for other data (fingerprint ${meta.dataFingerprint}, this run ${fingerprint})`);
      const load = (prefix: string, vars: readonly { name: string; variable: tf.Variable }[]) => {
        for (const { name, variable } of vars) {
          const blob = ckpt.blobs.get(`${prefix}/${name}`);
          if (!blob) throw new Error(`checkpoint ${path} lacks ${prefix}/${name}`);
          if (!tf.util.arraysEqual(blob.shape, variable.shape)) throw new Error(`checkpoint ${path}: ${prefix}/${name} has shape [${blob.shape}], the network [${variable.shape}]`);
          tf.tidy(() => variable.assign(tf.tensor(blob.values, blob.shape, "float32")));
        }
      };
      load("param", net.trainable);
      load("state", net.state);
      optimizer.setState({
        iterations: meta.optimizerIterations,
        buffers: [...ckpt.blobs.values()].filter((b) => b.name.startsWith("momentum/")).map((b) => ({ name: b.name.slice("momentum/".length), shape: b.shape, values: b.values })),
      });
      curves.push(...meta.curves);
      for (const e of meta.probeEpochs) {
        const blob = ckpt.blobs.get(`probe/${e}`);
        if (!blob) throw new Error(`checkpoint ${path} lacks probe/${e}`);
        probes.push({ epoch: e, features: blob.values });
      }
      resumedFrom = meta.epochsDone;
    } else {
      const label = labelOfEpoch(cfg, 1);
      const ev = await evaluate(net, data.val, stats, cfg.evalBatchSize, label, labelsOf(data.val, label).labels, false);
      curves.push({ epoch: 0, label, lr: null, trainLoss: null, trainAccuracy: null, valAccuracy: ev.accuracy });
      if (probeSet.has(0)) probes.push({ epoch: 0, features: (await evaluate(net, data.probe, stats, cfg.evalBatchSize, label, null, true)).features! });
    }

    // ---- epochs
    const nTrain = data.train.rows;
    const stepsPerEpoch = Math.ceil(nTrain / cfg.batchSize);
    const startEpoch = (resumedFrom ?? 0) + 1;
    const runStart = performance.now();
    let stepsDone = 0;
    const stepsLeftAt = (epoch: number, step: number) => (total - epoch) * stepsPerEpoch + (stepsPerEpoch - step);
    for (let epoch = startEpoch; epoch <= total; epoch++) {
      const t0 = performance.now();
      const label = labelOfEpoch(cfg, epoch);
      const { labels, classes } = labelsOf(data.train, label);
      const vars = net.trainableFor(label);
      const lr = lrOfEpoch(cfg, epoch);
      optimizer.setLearningRate(lr);
      const order = epochOrder(seed, epoch, nTrain);
      const augmentRng = cfg.augment ? epochAugmentRng(seed, epoch) : undefined;
      let lossSum = 0;
      let correct = 0;
      for (let step = 1; step <= stepsPerEpoch; step++) {
        const idx = order.subarray((step - 1) * cfg.batchSize, Math.min(nTrain, step * cfg.batchSize));
        const rows = idx.length;
        const x = cifarBatchFloats(data.train.images, idx, { stats, augmentRng });
        const y = gatherLabels(labels, idx);
        const { loss, correct: ok } = await cifarTrainStep(net, optimizer, vars, x, y, classes, label);
        correct += ok;
        if (!Number.isFinite(loss)) throw new NonFiniteLossError(seed, epoch, loss);
        lossSum += loss * rows;
        stepsDone++;
        if (options.onProgress) {
          const perStep = (performance.now() - runStart) / 1000 / stepsDone;
          options.onProgress({ epoch, totalEpochs: total, step, stepsPerEpoch, loss, label, etaSeconds: perStep * stepsLeftAt(epoch, step) });
        }
      }
      const val = await evaluate(net, data.val, stats, cfg.evalBatchSize, label, labelsOf(data.val, label).labels, false);
      const record: CifarEpochRecord = { epoch, label, lr, trainLoss: lossSum / nTrain, trainAccuracy: correct / nTrain, valAccuracy: val.accuracy };
      curves.push(record);
      if (probeSet.has(epoch)) probes.push({ epoch, features: (await evaluate(net, data.probe, stats, cfg.evalBatchSize, label, null, true)).features! });
      if (options.checkpointPath) await saveCheckpoint(options.checkpointPath, { cfg, seed, fingerprint, epoch, net, optimizer, curves, probes });
      epochSeconds.push({ epoch, seconds: (performance.now() - t0) / 1000 });
      options.onEpoch?.(record);
    }
  } finally {
    optimizer.dispose();
    net.dispose();
  }

  return {
    config: cfg,
    seed,
    arch: net.arch,
    probedLayer: net.probedLayer,
    featureDim: net.featureDim,
    curves,
    probes,
    probeFine: Int32Array.from(data.probe.fine),
    probeCoarse: Int32Array.from(data.probe.coarse),
    resumedFrom,
    epochSeconds,
  };
}

async function saveCheckpoint(
  path: string,
  s: { cfg: CifarTrainConfig; seed: number; fingerprint: string; epoch: number; net: ConvNet; optimizer: SgdMomentum; curves: CifarEpochRecord[]; probes: ProbeFeatures[] },
): Promise<void> {
  const blobs: CheckpointBlob[] = [];
  const add = async (prefix: string, vars: readonly { name: string; variable: tf.Variable }[]) => {
    for (const { name, variable } of vars) {
      blobs.push({ name: `${prefix}/${name}`, shape: [...variable.shape], values: Float32Array.from((await variable.data()) as Float32Array) });
    }
  };
  await add("param", s.net.trainable);
  await add("state", s.net.state);
  const opt = await s.optimizer.getState();
  for (const b of opt.buffers) blobs.push({ name: `momentum/${b.name}`, shape: b.shape, values: b.values });
  for (const p of s.probes) blobs.push({ name: `probe/${p.epoch}`, shape: [p.features.length], values: p.features });
  const meta: CheckpointMeta = {
    kind: "cifar-train",
    config: s.cfg,
    seed: s.seed,
    dataFingerprint: s.fingerprint,
    epochsDone: s.epoch,
    optimizerIterations: opt.iterations,
    curves: s.curves,
    probeEpochs: s.probes.map((p) => p.epoch),
    backend: activeBackend()?.name ?? null,
  };
  writeCheckpoint(path, meta, blobs);
}

/**
 * Training of one checkerboard network for one seed (PROTOCOL.md section 1): plain SGD at a constant
 * learning rate, shuffled mini-batches (the last partial batch kept), softmax cross-entropy, 90/10
 * train/validation split of a data set generated once per seed, optional pretraining on the colour
 * label for the first P epochs (same output layer), probes of every hidden layer at the probe
 * epochs. Two engines compute the same thing from the same parameters and permutations:
 * - "wasm" (default): the WebAssembly SIMD kernel (train-cb-wasm.ts), sparse first layer;
 * - "tfjs": the plain tfjs loop below, the reference the kernel is tested against.
 */
import { requireParsedCbConfig, type CbRunConfig, type ParsedCbConfig } from "./cb-run-config.js";
import type { CheckerboardData } from "../data/checkerboard.js";
import { createMlp, type Mlp } from "../models/mlp.js";
import { tf } from "../runtime/backend.js";
import { createRng, deriveSeed, permutation } from "../runtime/rng.js";
import { NonFiniteLossError, setupSeed, type CbTrainHooks, type CbTrainResult, type ProbeSnapshot } from "./cb-setup.js";
import { trainCheckerboardWasm } from "./train-cb-wasm.js";
import { WorkerPool } from "../runtime/workers.js";

export { NonFiniteLossError, type CbTrainHooks, type CbTrainResult, type ProbeSnapshot } from "./cb-setup.js";

function rowsOf(data: CheckerboardData, idx: Int32Array, from: number, to: number): Float32Array {
  const d = data.inputDim;
  const out = new Float32Array((to - from) * d);
  for (let r = from; r < to; r++) out.set(data.x.subarray(idx[r] * d, idx[r] * d + d), (r - from) * d);
  return out;
}

function oneHot(labels: Int32Array, idx: Int32Array, from: number, to: number, k: number): Float32Array {
  const out = new Float32Array((to - from) * k);
  for (let r = from; r < to; r++) out[(r - from) * k + labels[idx[r]]] = 1;
  return out;
}

function accuracy(net: Mlp, x: tf.Tensor2D, labels: Int32Array): number {
  const pred = tf.tidy(() => tf.argMax(net.forward(x).logits, 1).dataSync() as Int32Array);
  let ok = 0;
  for (let i = 0; i < labels.length; i++) if (pred[i] === labels[i]) ok++;
  return ok / labels.length;
}

function probe(net: Mlp, x: tf.Tensor2D, epoch: number): ProbeSnapshot {
  const layers = tf.tidy(() => net.forward(x).hidden.map((h) => h.dataSync() as Float32Array));
  return { epoch, layers: layers.map((a) => Float32Array.from(a)) };
}

/** Train one seed with the engine `cfg.trainer` names. */
export function trainCheckerboard(cfg: CbRunConfig, seed: number, hooks: CbTrainHooks = {}): CbTrainResult {
  requireParsedCbConfig(cfg, "trainCheckerboard");
  return cfg.trainer === "tfjs" ? trainCheckerboardTfjs(cfg, seed, hooks) : trainCheckerboardWasm(cfg, seed, hooks);
}

const trainPools = new Map<number, WorkerPool<{ cfg: CbRunConfig; seed: number }, CbTrainResult, Parameters<NonNullable<CbTrainHooks["onEpoch"]>>[0]>>();

/**
 * Train one seed in a worker thread (pool of `workers` threads shared by every caller), so that
 * seeds train beside each other and beside decoders. The tfjs engine runs in this thread (its
 * backend lives here). Same result as trainCheckerboard.
 */
export async function trainCheckerboardInWorker(cfg: CbRunConfig, seed: number, hooks: CbTrainHooks = {}, workers = 2): Promise<CbTrainResult> {
  requireParsedCbConfig(cfg, "trainCheckerboardInWorker");
  if (cfg.trainer === "tfjs") return trainCheckerboardTfjs(cfg, seed, hooks);
  let pool = trainPools.get(workers);
  if (!pool) {
    const here = import.meta.url;
    pool = new WorkerPool(new URL(here.endsWith(".ts") ? "./train-cb-worker.ts" : "./train-cb-worker.js", here), workers);
    trainPools.set(workers, pool);
  }
  return pool.run({ cfg, seed }, { onProgress: hooks.onEpoch });
}

/** End the training worker threads (idle ones never keep the process alive; this is optional). */
export async function closeTrainWorkers(): Promise<void> {
  const ps = [...trainPools.values()];
  trainPools.clear();
  await Promise.all(ps.map((p) => p.close()));
}

/** The tfjs engine: one `optimizer.minimize` per mini-batch on the active backend. */
export function trainCheckerboardTfjs(cfg: ParsedCbConfig, seed: number, hooks: CbTrainHooks = {}): CbTrainResult {
  const { data, probeData, probeRows, nTrain, nVal, trainColour, trainDirection, total, probeSet } = setupSeed(cfg, seed);
  const trainIdx = Int32Array.from({ length: nTrain }, (_, i) => i);
  const valIdx = Int32Array.from({ length: nVal }, (_, i) => nTrain + i);
  const valLabels = Int32Array.from(valIdx, (i) => data.direction[i]);

  const net = createMlp(cfg.net, data.inputDim, cfg.n, deriveSeed(seed, "init"));
  const optimizer = tf.train.sgd(cfg.lr);
  const shuffleRng = createRng(deriveSeed(seed, "shuffle"));
  const xVal = tf.tensor2d(rowsOf(data, valIdx, 0, nVal), [nVal, data.inputDim]);
  const xProbe = tf.tensor2d(probeData.x, [probeRows, data.inputDim]);

  const result: CbTrainResult = {
    layerNames: net.layerNames,
    widths: net.widths,
    valAccuracy: [accuracy(net, xVal, valLabels)],
    trainLoss: [null],
    phase: ["init"],
    probes: [],
    probeColour: probeData.colour,
    probeDirection: probeData.direction,
  };
  try {
    if (probeSet.has(0)) result.probes.push(probe(net, xProbe, 0));
    for (let epoch = 1; epoch <= total; epoch++) {
      const pretraining = epoch <= cfg.pretrainEpochs;
      const labels = pretraining ? trainColour : trainDirection;
      const order = permutation(nTrain, shuffleRng);
      const perm = Int32Array.from(order, (i) => trainIdx[i]);
      let lossSum = 0;
      let seen = 0;
      for (let from = 0; from < nTrain; from += cfg.batchSize) {
        const to = Math.min(nTrain, from + cfg.batchSize);
        const rows = to - from;
        const loss = tf.tidy(() => {
          const xb = tf.tensor2d(rowsOf(data, perm, from, to), [rows, data.inputDim]);
          const yb = tf.tensor2d(oneHot(labels, perm, from, to, cfg.n), [rows, cfg.n]);
          const l = optimizer.minimize(
            () => tf.losses.softmaxCrossEntropy(yb, net.forward(xb).logits) as tf.Scalar,
            true,
            net.params,
          );
          return (l as tf.Scalar).dataSync()[0];
        });
        if (!Number.isFinite(loss)) throw new NonFiniteLossError(seed, epoch, loss);
        lossSum += loss * rows;
        seen += rows;
      }
      const trainLoss = lossSum / seen;
      const valAccuracy = accuracy(net, xVal, valLabels);
      result.trainLoss.push(trainLoss);
      result.valAccuracy.push(valAccuracy);
      result.phase.push(pretraining ? "colour" : "direction");
      if (probeSet.has(epoch)) result.probes.push(probe(net, xProbe, epoch));
      hooks.onEpoch?.({ epoch, total, trainLoss, valAccuracy });
    }
  } finally {
    xVal.dispose();
    xProbe.dispose();
    optimizer.dispose();
    net.dispose();
  }
  return result;
}

/**
 * Decoder bank: B decoders with the same input width, number of classes, train-row count and
 * config, trained together as one batched tfjs computation (weights stacked [B, in, out],
 * per-decoder batch-norm statistics, dropout masks and shuffling). Numerics and random streams
 * are those of decoder-reference.ts (see its header); the reference is float64, the bank float32.
 *
 * Matrix products go through `bmm` (mode "auto"): one batched matMul on GPU backends; on wasm/cpu
 * per-decoder 2-D matMuls for large products and the batched matMul for small ones, where
 * unstack/stack overhead dominates (measured, see BmmMode). Per-decoder results are bitwise
 * independent of which decoders share the bank on wasm (tested; not checked on GPU backends).
 */
import type { DecoderConfig, DecoderTask } from "../../interfaces.js";
import { activeBackend, initBackend, tf } from "../../runtime/backend.js";
import { createRng, deriveSeed, permutation, type Rng } from "../../runtime/rng.js";
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPS } from "../core/families.js";
import { batchSizesPerEpoch, diagnosticsFrom, fillDropoutMasks, initLinearParams, layerDims } from "./decoder-reference.js";
import type { DecoderBackend, DecoderEval } from "./interface.js";

/**
 * How batched matrix products are computed: one batched matMul, per-decoder 2-D matMuls
 * (unstack, matMul, stack), or "auto": batched on GPU backends; on wasm/cpu split when one
 * decoder's product has >= SPLIT_MIN_MACS multiply-adds, else batched. Measured on wasm
 * (2-core CPU, B = 28): unstack/stack cost ~0.1 ms per decoder, so for CB-decoder shapes
 * (32x128x64) batched is ~2x faster forward+backward, while for CIFAR shapes (128x512x200)
 * split is ~2.4x faster forward and ~1.15x forward+backward.
 */
export type BmmMode = "batched" | "split" | "auto";

/** Per-decoder multiply-adds from which "auto" splits on wasm/cpu. */
export const SPLIT_MIN_MACS = 1 << 20;

/** Whether the active backend is a GPU backend (tensorflow-gpu, webgpu, webgl). */
function onGpu(): boolean {
  const info = activeBackend();
  if (info) return info.gpu;
  const name = tf.getBackend();
  return name !== "wasm" && name !== "cpu" && name !== "tensorflow";
}

/** Batched product [B, n, k] x [B, k, m] -> [B, n, m]. */
export function bmm(a: tf.Tensor3D, b: tf.Tensor3D, mode: BmmMode = "auto"): tf.Tensor3D {
  let split: boolean = mode === "split";
  if (mode === "auto" && !onGpu()) split = a.shape[1] * a.shape[2] * b.shape[2] >= SPLIT_MIN_MACS;
  const [B, n, k] = a.shape;
  const m = b.shape[2];
  if (!split) {
    if (B > 1) return tf.matMul(a, b);
    // wasm runs a single [1, n, k] product through its 2-D kernel, whose rounding differs from
    // the batched kernel's; a duplicated pair keeps a lone decoder bitwise equal to the same
    // decoder inside a larger bank.
    return tf.slice(tf.matMul(tf.concat([a, a]), tf.concat([b, b])), [0, 0, 0], [1, n, m]) as tf.Tensor3D;
  }
  // tfjs's Unpack gradient fails for a single output: reshape instead.
  if (B === 1) return tf.reshape(tf.matMul(tf.reshape(a, [n, k]), tf.reshape(b, [k, m])), [1, n, m]);
  const as = tf.unstack(a) as tf.Tensor2D[];
  const bs = tf.unstack(b) as tf.Tensor2D[];
  return tf.stack(as.map((x, i) => tf.matMul(x, bs[i]))) as tf.Tensor3D;
}

export interface BankOptions {
  /** Called after each epoch with the number of completed epochs. */
  onEpoch?: (epochsDone: number) => void;
  /** Matrix-product mode (default "auto"; benchmarks and tests override it). */
  bmmMode?: BmmMode;
}

interface BankLayer {
  w: tf.Variable;
  b: tf.Variable;
  gamma: tf.Variable | null;
  beta: tf.Variable | null;
  runMean: tf.Variable | null;
  runVar: tf.Variable | null;
}

/** A variable from a fresh tensor; the tensor is freed (the variable keeps its data). */
function variableFrom(init: tf.Tensor, trainable = true): tf.Variable {
  const v = tf.variable(init, trainable);
  init.dispose();
  return v;
}

function stackParams(arrays: Float64Array[], shape: number[]): Float32Array {
  const size = arrays[0].length;
  const out = new Float32Array(arrays.length * size);
  arrays.forEach((a, i) => out.set(a, i * size));
  if (out.length !== shape.reduce((p, q) => p * q, 1)) throw new Error("stackParams: shape mismatch");
  return out;
}

/**
 * Train every task's decoder (all share train.dim, numClasses, train rows and cfg) and evaluate
 * each on its own test rows. Results in input order, with the reference's diagnostics: per
 * decoder and step the gradient norm; a decoder whose step is not finite skips that step's
 * update, running statistics and Adam count (a per-decoder mask). Per-step norms stay on the
 * device until the end of each epoch. The caller must have initialised a tfjs backend.
 */
export function trainDecoderBank(tasks: DecoderTask[], cfg: DecoderConfig, opts: BankOptions = {}): DecoderEval[] {
  if (tasks.length === 0) return [];
  const B = tasks.length;
  const { dim, numClasses: k } = tasks[0].train;
  const nTrain = tasks[0].train.labels.length;
  for (const t of tasks) {
    if (t.train.dim !== dim || t.train.numClasses !== k || t.train.labels.length !== nTrain) {
      throw new Error(`trainDecoderBank: task "${t.id}" does not share dim/numClasses/train rows with "${tasks[0].id}"`);
    }
  }
  const mode = opts.bmmMode ?? "auto";
  const dims = layerDims(dim, cfg.hidden, k);
  const nHidden = cfg.hidden.length;
  const L = dims.length;

  // Parameters, initialised from each decoder's own init stream.
  const inits = tasks.map((t) => initLinearParams(t.seed, dims));
  const layers: BankLayer[] = dims.map(([inD, outD], l): BankLayer => {
    const bn = l < nHidden && cfg.batchNorm;
    return {
      w: variableFrom(tf.tensor3d(stackParams(inits.map((p) => p.w[l]), [B, inD, outD]), [B, inD, outD])),
      b: variableFrom(tf.tensor3d(stackParams(inits.map((p) => p.b[l]), [B, 1, outD]), [B, 1, outD])),
      gamma: bn ? variableFrom(tf.ones([B, 1, outD])) : null,
      beta: bn ? variableFrom(tf.zeros([B, 1, outD])) : null,
      runMean: bn ? variableFrom(tf.zeros([B, 1, outD]), false) : null,
      runVar: bn ? variableFrom(tf.ones([B, 1, outD]), false) : null,
    };
  });
  const trainable: tf.Variable[] = [];
  for (const ly of layers) {
    trainable.push(ly.w, ly.b);
    if (ly.gamma && ly.beta) trainable.push(ly.gamma, ly.beta);
  }
  const opt = cfg.optimizer;
  const adamM = opt.kind === "adam" ? trainable.map((v) => variableFrom(tf.zerosLike(v), false)) : [];
  const adamV = opt.kind === "adam" ? trainable.map((v) => variableFrom(tf.zerosLike(v), false)) : [];
  const toDispose: tf.Tensor[] = [...trainable, ...adamM, ...adamV];
  for (const ly of layers) if (ly.runMean && ly.runVar) toDispose.push(ly.runMean, ly.runVar);

  try {
    const shuffleRngs: Rng[] = tasks.map((t) => createRng(deriveSeed(t.seed, "shuffle")));
    const dropRngs: Rng[] = tasks.map((t) => createRng(deriveSeed(t.seed, "dropout")));
    const sizes = batchSizesPerEpoch(nTrain, cfg.batchSize, cfg.batchNorm && !cfg.keepPartialBatch);
    const maxB = cfg.batchSize;
    const xBuf = new Float32Array(B * maxB * dim);
    const yBuf = new Float32Array(B * maxB * k);
    const maskBufs = cfg.hidden.map((h) => new Float32Array(B * maxB * h));
    const useDropout = cfg.dropout > 0;
    const slope = cfg.leakySlope;
    const eps = cfg.bnEpsilon;
    const mom = cfg.bnMomentum;
    // Per decoder: applied (finite) steps, largest batch-norm scale, per-step gradient norms.
    let applied: tf.Tensor1D = tf.zeros([B]);
    let maxScale: tf.Tensor1D = tf.zeros([B]);
    const gradNorms: Float64Array[] = tasks.map(() => new Float64Array(cfg.epochs * sizes.length));
    const lastLoss = new Float64Array(B).fill(NaN);
    let stepIndex = 0;

    for (let epoch = 0; epoch < cfg.epochs; epoch++) {
      const perms = shuffleRngs.map((r) => permutation(nTrain, r));
      const epochNorms: tf.Tensor1D[] = [];
      const epochLosses: tf.Tensor1D[] = [];
      let start = 0;
      for (const n of sizes) {
        // Mini-batch inputs, one-hot labels and dropout masks, built in JS and uploaded.
        yBuf.fill(0, 0, B * n * k);
        for (let d = 0; d < B; d++) {
          const { z, labels } = tasks[d].train;
          const perm = perms[d];
          for (let i = 0; i < n; i++) {
            const r = perm[start + i];
            const row = d * n + i;
            xBuf.set(z.subarray(r * dim, r * dim + dim), row * dim);
            yBuf[row * k + labels[r]] = 1;
          }
          if (useDropout) {
            fillDropoutMasks(dropRngs[d], n, cfg.hidden, cfg.dropout, maskBufs, d * n);
          }
        }
        start += n;
        const x = tf.tensor3d(xBuf.subarray(0, B * n * dim), [B, n, dim]);
        const y = tf.tensor3d(yBuf.subarray(0, B * n * k), [B, n, k]);
        const masks = useDropout
          ? cfg.hidden.map((h, l) => tf.tensor3d(maskBufs[l].subarray(0, B * n * h), [B, n, h]))
          : [];
        const batchStats: { mean: tf.Tensor; variance: tf.Tensor }[] = [];
        let perDecoderLoss: tf.Tensor1D | null = null;

        const { value: totalLoss, grads } = tf.variableGrads(() => {
          let a: tf.Tensor3D = x;
          for (let l = 0; l < L; l++) {
            const ly = layers[l];
            let h = tf.add(bmm(a, ly.w as tf.Tensor3D, mode), ly.b) as tf.Tensor3D;
            if (l === L - 1) {
              a = h;
              break;
            }
            if (ly.gamma && ly.beta) {
              const mean = tf.mean(h, 1, true);
              const centred = tf.sub(h, mean);
              const variance = tf.mean(tf.square(centred), 1, true);
              batchStats.push({ mean: tf.keep(mean), variance: tf.keep(variance) });
              h = tf.add(tf.mul(tf.mul(centred, tf.rsqrt(tf.add(variance, eps))), ly.gamma), ly.beta) as tf.Tensor3D;
            }
            a = tf.leakyRelu(h, slope);
            if (useDropout) a = tf.mul(a, masks[l]);
          }
          const logp = tf.logSoftmax(a);
          const loss = tf.neg(tf.mean(tf.sum(tf.mul(y, logp), 2), 1)) as tf.Tensor1D;
          perDecoderLoss = tf.keep(loss);
          return tf.sum(loss) as tf.Scalar;
        }, trainable);

        const [norm, newApplied, newMax] = tf.tidy(() => {
          // Per-decoder gradient norm over every trainable parameter; finite mask of the step.
          let sq: tf.Tensor = tf.zeros([B]);
          for (const v of trainable) {
            const g = grads[v.name];
            sq = tf.add(sq, tf.sum(tf.reshape(tf.square(g), [B, -1]), 1));
          }
          const norm = tf.sqrt(sq) as tf.Tensor1D;
          const ok = tf.logicalAnd(tf.isFinite(norm), tf.isFinite(perDecoderLoss!));
          const keepWhere = (next: tf.Tensor, cur: tf.Tensor): tf.Tensor => {
            const mask = tf.reshape(ok, [B, ...new Array(cur.rank - 1).fill(1)]);
            return tf.where(tf.broadcastTo(mask, cur.shape), next, cur);
          };
          // Running batch-norm statistics (PyTorch: unbiased variance in the running average).
          let s = 0;
          let stepMax: tf.Tensor = tf.zeros([B]);
          for (const ly of layers) {
            if (!ly.runMean || !ly.runVar) continue;
            const { mean, variance } = batchStats[s++];
            stepMax = tf.maximum(stepMax, tf.max(tf.reshape(tf.rsqrt(tf.add(variance, eps)), [B, -1]), 1));
            ly.runMean.assign(keepWhere(tf.add(tf.mul(ly.runMean, 1 - mom), tf.mul(mean, mom)), ly.runMean));
            ly.runVar.assign(keepWhere(tf.add(tf.mul(ly.runVar, 1 - mom), tf.mul(variance, (mom * n) / (n - 1))), ly.runVar));
          }
          const appliedNow = tf.add(applied, tf.cast(ok, "float32")) as tf.Tensor1D;
          if (opt.kind === "sgd") {
            for (const v of trainable) v.assign(keepWhere(tf.sub(v, tf.mul(grads[v.name], opt.lr)), v));
          } else {
            // Bias corrections per decoder from its own count of applied steps.
            const c1 = tf.sub(1, tf.pow(tf.scalar(ADAM_BETA1), appliedNow));
            const c2 = tf.sub(1, tf.pow(tf.scalar(ADAM_BETA2), appliedNow));
            trainable.forEach((v, i) => {
              let g = grads[v.name];
              if (opt.weightDecay > 0) g = tf.add(g, tf.mul(v, opt.weightDecay));
              const shape = [B, ...new Array(v.rank - 1).fill(1)];
              const m = tf.add(tf.mul(adamM[i], ADAM_BETA1), tf.mul(g, 1 - ADAM_BETA1));
              const vv = tf.add(tf.mul(adamV[i], ADAM_BETA2), tf.mul(tf.square(g), 1 - ADAM_BETA2));
              const upd = tf.div(tf.div(tf.mul(m, opt.lr), tf.reshape(c1, shape)), tf.add(tf.sqrt(tf.div(vv, tf.reshape(c2, shape))), ADAM_EPS));
              adamM[i].assign(keepWhere(m, adamM[i]));
              adamV[i].assign(keepWhere(vv, adamV[i]));
              v.assign(keepWhere(tf.sub(v, upd), v));
            });
          }
          return [tf.where(ok, norm, tf.fill([B], NaN)) as tf.Tensor1D, appliedNow, tf.maximum(maxScale, stepMax) as tf.Tensor1D];
        });
        applied.dispose();
        applied = newApplied;
        maxScale.dispose();
        maxScale = newMax;
        epochNorms.push(norm);
        epochLosses.push(perDecoderLoss!);
        tf.dispose([x, y, ...masks, totalLoss, ...Object.values(grads)]);
        for (const st of batchStats) tf.dispose([st.mean, st.variance]);
      }
      // One read-back per epoch: [steps, B] norms and losses.
      const normData = tf.tidy(() => tf.stack(epochNorms).dataSync());
      const lossData = tf.tidy(() => tf.stack(epochLosses).dataSync());
      tf.dispose([...epochNorms, ...epochLosses]);
      for (let d = 0; d < B; d++) {
        let sum = 0;
        let finite = 0;
        for (let st = 0; st < sizes.length; st++) {
          const g = normData[st * B + d];
          gradNorms[d][stepIndex + st] = g;
          if (Number.isFinite(g)) {
            sum += lossData[st * B + d];
            finite++;
          }
        }
        lastLoss[d] = finite > 0 ? sum / finite : NaN;
      }
      stepIndex += sizes.length;
      opts.onEpoch?.(epoch + 1);
    }

    const maxScaleData = maxScale.dataSync();
    tf.dispose([applied, maxScale]);
    const evals = evaluateBank(tasks, cfg, layers);
    return evals.map((ev, d) => ({ ...ev, diagnostics: diagnosticsFrom(gradNorms[d], Number.isFinite(lastLoss[d]) ? lastLoss[d] : null, maxScaleData[d]) }));
  } finally {
    tf.dispose(toDispose);
  }
}

/** Per-decoder evaluation on its own test rows: running BN statistics, no dropout. */
function evaluateBank(tasks: DecoderTask[], cfg: DecoderConfig, layers: BankLayer[]): Omit<DecoderEval, "diagnostics">[] {
  const nHidden = cfg.hidden.length;
  const unstack2 = (t: tf.Tensor): tf.Tensor2D[] => tf.unstack(t) as tf.Tensor2D[];
  const per = layers.map((ly) => {
    let scale: tf.Tensor2D[] | null = null;
    if (ly.gamma && ly.runVar) {
      const s = tf.tidy(() => tf.mul(ly.gamma!, tf.rsqrt(tf.add(ly.runVar!, cfg.bnEpsilon))));
      scale = unstack2(s);
      s.dispose();
    }
    return {
      w: unstack2(ly.w),
      b: unstack2(ly.b),
      scale,
      shift: ly.runMean ? unstack2(ly.runMean) : null,
      beta: ly.beta ? unstack2(ly.beta) : null,
    };
  });
  try {
    return tasks.map((task, d) => {
      const { z, dim, labels, numClasses: k } = task.test;
      const n = labels.length;
      const [ceT, argT] = tf.tidy((): tf.Tensor[] => {
        let a: tf.Tensor2D = tf.tensor2d(z, [n, dim]);
        for (let l = 0; l < layers.length; l++) {
          const p = per[l];
          let h = tf.add(tf.matMul(a, p.w[d]), p.b[d]) as tf.Tensor2D;
          if (l < nHidden) {
            if (p.scale && p.shift && p.beta) h = tf.add(tf.mul(tf.sub(h, p.shift[d]), p.scale[d]), p.beta[d]) as tf.Tensor2D;
            h = tf.leakyRelu(h, cfg.leakySlope);
          }
          a = h;
        }
        const logp = tf.logSoftmax(a);
        const onehot = tf.oneHot(tf.tensor1d(labels, "int32"), k);
        const ce = tf.neg(tf.sum(tf.mul(onehot, logp), 1));
        return [ce, tf.argMax(a, 1)];
      });
      const ceData = ceT.dataSync();
      const argData = argT.dataSync();
      tf.dispose([ceT, argT]);
      const ce = new Float64Array(n);
      let correct = 0;
      for (let i = 0; i < n; i++) {
        ce[i] = ceData[i];
        if (argData[i] === labels[i]) correct++;
      }
      return { ce, correct };
    });
  } finally {
    for (const p of per) tf.dispose([...p.w, ...p.b, ...(p.scale ?? []), ...(p.shift ?? []), ...(p.beta ?? [])]);
  }
}

/**
 * The bank as a backend ("bank"): tasks grouped by (dim, numClasses, train rows), groups split at
 * opts.maxBank, each group trained as one bank; progress after each epoch of each bank. Initialises
 * the preferred tfjs backend (or CLAIMS_BACKEND) unless the caller chose one.
 */
export const bankBackend: DecoderBackend = {
  name: "bank",
  async train(tasks, cfg, opts, onProgress) {
    if (!activeBackend()) await initBackend();
    const groups = new Map<string, number[]>();
    tasks.forEach((t, i) => {
      const key = `${t.train.dim}|${t.train.numClasses}|${t.train.labels.length}`;
      const g = groups.get(key);
      if (g) g.push(i);
      else groups.set(key, [i]);
    });
    const banks: number[][] = [];
    for (const g of groups.values()) for (let s = 0; s < g.length; s += opts.maxBank) banks.push(g.slice(s, s + opts.maxBank));
    const evals: DecoderEval[] = new Array(tasks.length);
    banks.forEach((bank, bi) => {
      const stage = `decoder ${cfg.family} bank ${bi + 1}/${banks.length} (${bank.length} decoders)`;
      const res = trainDecoderBank(
        bank.map((i) => tasks[i]),
        cfg,
        { bmmMode: opts.bmmMode, onEpoch: () => onProgress(bank.length, stage) },
      );
      bank.forEach((i, j) => (evals[i] = res[j]));
    });
    return evals;
  },
};

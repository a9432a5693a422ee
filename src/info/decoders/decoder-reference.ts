/**
 * Reference decoder: one MLP q(y|z) trained in plain TypeScript (Float64 math, explicit forward
 * and backward), no tfjs. It defines the numerics and the random-stream contract that the fast
 * batched path (decoder-bank.ts) must reproduce.
 *
 * Model (DecoderConfig): per hidden layer Linear -> BatchNorm -> LeakyReLU -> Dropout, then a
 * Linear output and softmax cross-entropy (nats, mean over the mini-batch).
 * - Batch-norm (PyTorch semantics): training normalises with the batch mean and the biased batch
 *   variance; running_mean <- (1-m) running_mean + m mean, running_var <- (1-m) running_var +
 *   m var * n/(n-1) (unbiased); evaluation uses the running statistics. gamma = 1, beta = 0.
 * - Dropout: inverted; a unit is kept with probability 1-p and scaled by 1/(1-p).
 * - SGD: w <- w - lr g. Adam (PyTorch, betas 0.9/0.999, eps 1e-8, weight decay wd * w added to
 *   the gradient of every parameter, biases and batch-norm affine included).
 *
 * Random-stream contract (shared with the bank), from DecoderTask.seed:
 * - init = createRng(deriveSeed(seed, "init")): for each linear layer in order (hidden layers,
 *   then output), weights row-major [in, out] then the bias, each uniform on +-1/sqrt(in)
 *   (PyTorch's default Linear init).
 * - shuffle = createRng(deriveSeed(seed, "shuffle")): at the start of every epoch one
 *   permutation(nTrain); batches are consecutive slices of it (`batchSizesPerEpoch`). With
 *   batch-norm, a final remainder smaller than the batch size is DROPPED (PyTorch's
 *   drop_last=True; PROTOCOL.md section 0, amended 2026-12-01): 1250 = 39 x 32 + 2, and a 2-row
 *   batch through batch-norm maps each unit to +-1 and, when its two values nearly coincide,
 *   scales by up to 1/sqrt(eps) ~ 316; at lr 0.5 that one step blew hidden-layer gradient norms
 *   up to ~25,000 (full batches <= ~7.5) and left decoders that read 2.07 of 3.32 bits from a
 *   layer the network reads at 99.96%. Without batch-norm the remainder is kept (PyTorch's
 *   default drop_last=False).
 * - dropout = createRng(deriveSeed(seed, "dropout")): per step, for each hidden layer in order,
 *   for each batch row in order, for each unit in order, one next(); keep when next() >= p.
 *   With p = 0 nothing is drawn.
 *
 * Step order and diagnostics (shared with the fast and bank paths): forward with batch
 * statistics, backward, then the global L2 norm of the gradient of the batch's mean loss over
 * every trainable parameter (weights, biases, batch-norm gamma and beta; Adam's weight decay not
 * included). A step whose loss or gradient norm is not finite changes nothing (parameters,
 * optimiser state, running statistics) and is counted in `nonFiniteSteps`; otherwise the running
 * statistics are updated and the optimiser steps (Adam's step counter counts applied steps only).
 * Per decoder the training reports `DecoderDiagnostics` (see interfaces.ts).
 */
import type { DecoderConfig, DecoderDiagnostics, DecoderTask, LabelledData } from "../../interfaces.js";
import { createRng, deriveSeed, permutation, type Rng } from "../../runtime/rng.js";
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPS } from "../core/families.js";
import type { DecoderBackend, DecoderEval } from "./interface.js";

/** [in, out] of every linear layer: hidden layers then the output layer. */
export function layerDims(dim: number, hidden: readonly number[], numClasses: number): [number, number][] {
  const widths = [dim, ...hidden, numClasses];
  const dims: [number, number][] = [];
  for (let l = 0; l + 1 < widths.length; l++) dims.push([widths[l], widths[l + 1]]);
  return dims;
}

/** Initial weights and biases (PyTorch default Linear init) from the "init" stream of `seed`. */
export function initLinearParams(
  seed: number,
  dims: readonly [number, number][],
): { w: Float64Array[]; b: Float64Array[] } {
  const rng = createRng(deriveSeed(seed, "init"));
  const w: Float64Array[] = [];
  const b: Float64Array[] = [];
  for (const [fanIn, fanOut] of dims) {
    const bound = 1 / Math.sqrt(fanIn);
    const wl = new Float64Array(fanIn * fanOut);
    for (let i = 0; i < wl.length; i++) wl[i] = rng.uniform(-bound, bound);
    const bl = new Float64Array(fanOut);
    for (let i = 0; i < fanOut; i++) bl[i] = rng.uniform(-bound, bound);
    w.push(wl);
    b.push(bl);
  }
  return { w, b };
}

/**
 * Batch sizes of one epoch (the contract above): full batches; the remainder smaller than
 * `batchSize` is dropped with batch-norm and kept without it. Throws when no batch is left
 * (batch-norm with fewer train rows than the batch size).
 */
export function batchSizesPerEpoch(nTrain: number, batchSize: number, batchNorm: boolean): number[] {
  if (!(Number.isInteger(nTrain) && nTrain >= 1)) throw new Error(`batchSizesPerEpoch: nTrain must be a positive integer, got ${nTrain}`);
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new Error(`batchSizesPerEpoch: batchSize must be a positive integer, got ${batchSize}`);
  const full = Math.floor(nTrain / batchSize);
  const rest = nTrain - full * batchSize;
  const sizes: number[] = new Array(full).fill(batchSize);
  if (rest > 0 && !batchNorm) sizes.push(rest);
  if (sizes.length === 0) {
    throw new Error(
      `batch-norm decoders drop a final batch smaller than the batch size (PROTOCOL.md section 0), so they need at least ` +
        `batchSize = ${batchSize} train rows; got ${nTrain}`,
    );
  }
  return sizes;
}

/** Options of one decoder's training beyond its config. */
export interface TrainOptions {
  /**
   * Keep a final batch smaller than the batch size even with batch-norm: the plan before the
   * 2026-12-01 amendment. Only for tests that demonstrate the failure it caused; claims never set it.
   */
  keepPartialBatch?: boolean;
}

/** Factor over a decoder's median step gradient norm above which a step counts as unstable. */
export const UNSTABLE_GRAD_FACTOR = 100;

/** Median of the finite values of xs (NaN when none). */
export function medianOf(xs: ArrayLike<number>): number {
  const v = Array.from(xs).filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/**
 * Diagnostics of one decoder from its per-step records: gradNorms[s] (NaN for a non-finite step),
 * the mean loss of the last epoch over its finite steps, and the largest batch-norm scale.
 */
export function diagnosticsFrom(gradNorms: ArrayLike<number>, lastEpochLoss: number | null, maxBnScale: number): DecoderDiagnostics {
  let maxGrad = 0;
  let nonFinite = 0;
  for (let i = 0; i < gradNorms.length; i++) {
    const g = gradNorms[i];
    if (!Number.isFinite(g)) nonFinite++;
    else if (g > maxGrad) maxGrad = g;
  }
  const median = medianOf(gradNorms);
  let unstable = 0;
  if (Number.isFinite(median)) for (let i = 0; i < gradNorms.length; i++) if (gradNorms[i] > UNSTABLE_GRAD_FACTOR * median) unstable++;
  return {
    steps: gradNorms.length,
    finalTrainLossNats: lastEpochLoss !== null && Number.isFinite(lastEpochLoss) ? lastEpochLoss : null,
    maxGradNorm: maxGrad,
    medianGradNorm: Number.isFinite(median) ? median : null,
    unstableSteps: unstable,
    maxBnScale,
    nonFiniteSteps: nonFinite,
  };
}

/**
 * Fill one step's dropout multipliers for every hidden layer (masks[l] has rows * hidden[l]
 * entries, row-major), consuming the dropout stream in the contract order.
 */
export function fillDropoutMasks(
  rng: Rng,
  rows: number,
  hidden: readonly number[],
  p: number,
  masks: (Float32Array | Float64Array)[],
  offset = 0,
): void {
  if (p === 0) return;
  const scale = 1 / (1 - p);
  for (let l = 0; l < hidden.length; l++) {
    const m = masks[l];
    const n = rows * hidden[l];
    const base = offset * hidden[l];
    for (let i = 0; i < n; i++) m[base + i] = rng.next() >= p ? scale : 0;
  }
}

interface Layer {
  inDim: number;
  outDim: number;
  w: Float64Array;
  b: Float64Array;
  gamma: Float64Array | null;
  beta: Float64Array | null;
  runMean: Float64Array | null;
  runVar: Float64Array | null;
}

/** A trained reference decoder. */
export class ReferenceDecoder {
  private readonly layers: Layer[];
  private readonly cfg: DecoderConfig;

  private constructor(layers: Layer[], cfg: DecoderConfig) {
    this.layers = layers;
    this.cfg = cfg;
  }

  /** Train on task.train with the contract streams (diagnostics in `diagnostics`). */
  static train(task: DecoderTask, cfg: DecoderConfig, opts: TrainOptions = {}): ReferenceDecoder {
    const { dim, numClasses } = task.train;
    const dims = layerDims(dim, cfg.hidden, numClasses);
    const { w, b } = initLinearParams(task.seed, dims);
    const nHidden = cfg.hidden.length;
    const layers: Layer[] = dims.map(([inDim, outDim], l) => {
      const bn = l < nHidden && cfg.batchNorm;
      return {
        inDim,
        outDim,
        w: w[l],
        b: b[l],
        gamma: bn ? new Float64Array(outDim).fill(1) : null,
        beta: bn ? new Float64Array(outDim) : null,
        runMean: bn ? new Float64Array(outDim) : null,
        runVar: bn ? new Float64Array(outDim).fill(1) : null,
      };
    });
    const dec = new ReferenceDecoder(layers, cfg);
    dec.fit(task, opts);
    return dec;
  }

  /** Diagnostics of the training run (set by `train`). */
  diagnostics!: DecoderDiagnostics;

  private fit(task: DecoderTask, opts: TrainOptions): void {
    const cfg = this.cfg;
    const { z, dim, labels, numClasses } = task.train;
    const nTrain = labels.length;
    const shuffleRng = createRng(deriveSeed(task.seed, "shuffle"));
    const dropRng = createRng(deriveSeed(task.seed, "dropout"));
    const sizes = batchSizesPerEpoch(nTrain, cfg.batchSize, cfg.batchNorm && !(opts.keepPartialBatch ?? cfg.keepPartialBatch));
    const maxB = cfg.batchSize;
    const L = this.layers.length;
    const nHidden = cfg.hidden.length;
    const slope = cfg.leakySlope;
    const eps = cfg.bnEpsilon;
    const mom = cfg.bnMomentum;

    // Work buffers, sized for the largest batch.
    const x = new Float64Array(maxB * dim);
    const y = new Int32Array(maxB);
    const inputs: Float64Array[] = []; // input of layer l
    const pre: Float64Array[] = []; // pre-activation after BN (y of BN) for hidden layers
    const xhat: Float64Array[] = [];
    const invStd: Float64Array[] = [];
    const batchMean: Float64Array[] = [];
    const batchVar: Float64Array[] = [];
    const masks: Float64Array[] = [];
    const grads = this.layers.map((ly) => ({
      w: new Float64Array(ly.w.length),
      b: new Float64Array(ly.b.length),
      gamma: ly.gamma ? new Float64Array(ly.outDim) : null,
      beta: ly.beta ? new Float64Array(ly.outDim) : null,
    }));
    for (let l = 0; l < L; l++) {
      const o = this.layers[l].outDim;
      inputs.push(l === 0 ? x : new Float64Array(maxB * this.layers[l].inDim));
      pre.push(new Float64Array(maxB * o));
      xhat.push(new Float64Array(maxB * o));
      invStd.push(new Float64Array(o));
      batchMean.push(new Float64Array(o));
      batchVar.push(new Float64Array(o));
      if (l < nHidden) masks.push(new Float64Array(maxB * o).fill(1));
    }
    const logits = new Float64Array(maxB * numClasses);
    let dOut = new Float64Array(maxB * Math.max(numClasses, ...cfg.hidden, dim));
    let dIn = new Float64Array(dOut.length);

    // Adam state.
    const adam = cfg.optimizer.kind === "adam" ? this.layers.map((ly) => ({
      mw: new Float64Array(ly.w.length), vw: new Float64Array(ly.w.length),
      mb: new Float64Array(ly.b.length), vb: new Float64Array(ly.b.length),
      mg: ly.gamma ? new Float64Array(ly.outDim) : null, vg: ly.gamma ? new Float64Array(ly.outDim) : null,
      mbe: ly.beta ? new Float64Array(ly.outDim) : null, vbe: ly.beta ? new Float64Array(ly.outDim) : null,
    })) : null;
    let t = 0;
    const gradNorms = new Float64Array(cfg.epochs * sizes.length);
    let stepIndex = 0;
    let maxBnScale = 0;
    let lastEpochLoss: number | null = null;

    for (let epoch = 0; epoch < cfg.epochs; epoch++) {
      const perm = permutation(nTrain, shuffleRng);
      let lossSum = 0;
      let finiteSteps = 0;
      let start = 0;
      for (const n of sizes) {
        // Gather the batch.
        for (let i = 0; i < n; i++) {
          const r = perm[start + i];
          y[i] = labels[r];
          for (let j = 0; j < dim; j++) x[i * dim + j] = z[r * dim + j];
        }
        start += n;
        fillDropoutMasks(dropRng, n, cfg.hidden, cfg.dropout, masks);

        // Forward (batch statistics; the running averages are updated after the step's check).
        for (let l = 0; l < L; l++) {
          const ly = this.layers[l];
          const a = inputs[l];
          const out = l < nHidden ? pre[l] : logits;
          matMulBias(a, ly.w, ly.b, out, n, ly.inDim, ly.outDim);
          if (l < nHidden) {
            const o = ly.outDim;
            if (ly.gamma && ly.beta) {
              const xh = xhat[l];
              const is = invStd[l];
              for (let j = 0; j < o; j++) {
                let mu = 0;
                for (let i = 0; i < n; i++) mu += out[i * o + j];
                mu /= n;
                let v = 0;
                for (let i = 0; i < n; i++) {
                  const d = out[i * o + j] - mu;
                  v += d * d;
                }
                v /= n;
                const s = 1 / Math.sqrt(v + eps);
                is[j] = s;
                if (s > maxBnScale) maxBnScale = s;
                batchMean[l][j] = mu;
                batchVar[l][j] = v;
                const g = ly.gamma[j];
                const be = ly.beta[j];
                for (let i = 0; i < n; i++) {
                  const h = (out[i * o + j] - mu) * s;
                  xh[i * o + j] = h;
                  out[i * o + j] = g * h + be;
                }
              }
            }
            const next = inputs[l + 1];
            const m = masks[l];
            for (let i = 0; i < n * o; i++) {
              const v = out[i];
              next[i] = (v > 0 ? v : slope * v) * m[i];
            }
          }
        }

        // Softmax cross-entropy and its gradient (mean over the batch).
        const k = numClasses;
        let batchLoss = 0;
        for (let i = 0; i < n; i++) {
          let mx = -Infinity;
          for (let c = 0; c < k; c++) mx = Math.max(mx, logits[i * k + c]);
          let se = 0;
          for (let c = 0; c < k; c++) se += Math.exp(logits[i * k + c] - mx);
          const lse = mx + Math.log(se);
          batchLoss += lse - logits[i * k + y[i]];
          for (let c = 0; c < k; c++) {
            dOut[i * k + c] = (Math.exp(logits[i * k + c] - lse) - (c === y[i] ? 1 : 0)) / n;
          }
        }
        const stepLoss = batchLoss / n;

        // Backward.
        for (let l = L - 1; l >= 0; l--) {
          const ly = this.layers[l];
          const gr = grads[l];
          const o = ly.outDim;
          const inD = ly.inDim;
          if (l < nHidden) {
            // dOut holds d(next input); through dropout and LeakyReLU to d(BN output).
            const m = masks[l];
            const p = pre[l];
            for (let i = 0; i < n * o; i++) dOut[i] = dOut[i] * m[i] * (p[i] > 0 ? 1 : slope);
            if (ly.gamma && gr.gamma && gr.beta) {
              const xh = xhat[l];
              const is = invStd[l];
              for (let j = 0; j < o; j++) {
                let sdy = 0;
                let sdyx = 0;
                for (let i = 0; i < n; i++) {
                  sdy += dOut[i * o + j];
                  sdyx += dOut[i * o + j] * xh[i * o + j];
                }
                gr.gamma[j] = sdyx;
                gr.beta[j] = sdy;
                const g = ly.gamma[j];
                const c = (g * is[j]) / n;
                for (let i = 0; i < n; i++) {
                  dOut[i * o + j] = c * (n * dOut[i * o + j] - sdy - xh[i * o + j] * sdyx);
                }
              }
            }
          }
          const a = inputs[l];
          gr.w.fill(0);
          gr.b.fill(0);
          for (let i = 0; i < n; i++) {
            for (let q = 0; q < inD; q++) {
              const av = a[i * inD + q];
              if (av === 0) continue;
              const row = q * o;
              for (let j = 0; j < o; j++) gr.w[row + j] += av * dOut[i * o + j];
            }
            for (let j = 0; j < o; j++) gr.b[j] += dOut[i * o + j];
          }
          if (l > 0) {
            for (let i = 0; i < n; i++) {
              for (let q = 0; q < inD; q++) {
                const row = q * o;
                let s = 0;
                for (let j = 0; j < o; j++) s += dOut[i * o + j] * ly.w[row + j];
                dIn[i * inD + q] = s;
              }
            }
            const tmp = dOut;
            dOut = dIn;
            dIn = tmp;
          }
        }

        // Gradient norm; a non-finite step changes nothing.
        let sq = 0;
        for (const gr of grads) {
          sq += sumSquares(gr.w) + sumSquares(gr.b);
          if (gr.gamma && gr.beta) sq += sumSquares(gr.gamma) + sumSquares(gr.beta);
        }
        const gradNorm = Math.sqrt(sq);
        const finite = Number.isFinite(stepLoss) && Number.isFinite(gradNorm);
        gradNorms[stepIndex++] = finite ? gradNorm : NaN;
        if (!finite) continue;
        lossSum += stepLoss;
        finiteSteps++;

        // Running batch-norm statistics (PyTorch: unbiased variance in the running average).
        for (let l = 0; l < nHidden; l++) {
          const ly = this.layers[l];
          if (!ly.runMean || !ly.runVar) continue;
          for (let j = 0; j < ly.outDim; j++) {
            ly.runMean[j] = (1 - mom) * ly.runMean[j] + mom * batchMean[l][j];
            ly.runVar[j] = (1 - mom) * ly.runVar[j] + (mom * (batchVar[l][j] * n)) / (n - 1);
          }
        }

        // Update.
        t++;
        const opt = cfg.optimizer;
        for (let l = 0; l < L; l++) {
          const ly = this.layers[l];
          const gr = grads[l];
          if (opt.kind === "sgd") {
            sgd(ly.w, gr.w, opt.lr);
            sgd(ly.b, gr.b, opt.lr);
            if (ly.gamma && gr.gamma) sgd(ly.gamma, gr.gamma, opt.lr);
            if (ly.beta && gr.beta) sgd(ly.beta, gr.beta, opt.lr);
          } else if (adam) {
            const st = adam[l];
            const wd = opt.weightDecay;
            adamStep(ly.w, gr.w, st.mw, st.vw, opt.lr, wd, t);
            adamStep(ly.b, gr.b, st.mb, st.vb, opt.lr, wd, t);
            if (ly.gamma && gr.gamma && st.mg && st.vg) adamStep(ly.gamma, gr.gamma, st.mg, st.vg, opt.lr, wd, t);
            if (ly.beta && gr.beta && st.mbe && st.vbe) adamStep(ly.beta, gr.beta, st.mbe, st.vbe, opt.lr, wd, t);
          }
        }
      }
      lastEpochLoss = finiteSteps > 0 ? lossSum / finiteSteps : null;
    }
    this.diagnostics = diagnosticsFrom(gradNorms, lastEpochLoss, maxBnScale);
  }

  /**
   * Class probabilities q(y|z) of each row of `z` (row-major, width dim): running BN statistics,
   * no dropout, as in evaluate(). Returns row-major [rows, numClasses] in float64.
   */
  predictProba(z: ArrayLike<number>, dim: number): Float64Array {
    const k = this.layers[this.layers.length - 1].outDim;
    const n = z.length / dim;
    const out = new Float64Array(n * k);
    const logits = this.forwardLogits(z, dim, n);
    for (let i = 0; i < n; i++) {
      let mx = -Infinity;
      for (let c = 0; c < k; c++) mx = Math.max(mx, logits[i * k + c]);
      let se = 0;
      for (let c = 0; c < k; c++) se += Math.exp(logits[i * k + c] - mx);
      for (let c = 0; c < k; c++) out[i * k + c] = Math.exp(logits[i * k + c] - mx) / se;
    }
    return out;
  }

  /** Logits of every row (evaluation mode), row-major [rows, numClasses]. */
  private forwardLogits(z: ArrayLike<number>, dim: number, n: number): Float64Array {
    const nHidden = this.cfg.hidden.length;
    const slope = this.cfg.leakySlope;
    const eps = this.cfg.bnEpsilon;
    const k = this.layers[this.layers.length - 1].outDim;
    const out = new Float64Array(n * k);
    let cur = new Float64Array(Math.max(dim, ...this.cfg.hidden, k));
    let nxt = new Float64Array(cur.length);
    for (let i = 0; i < n; i++) {
      for (let q = 0; q < dim; q++) cur[q] = z[i * dim + q];
      for (let l = 0; l < this.layers.length; l++) {
        const ly = this.layers[l];
        matMulBias(cur, ly.w, ly.b, nxt, 1, ly.inDim, ly.outDim);
        if (l < nHidden) {
          for (let j = 0; j < ly.outDim; j++) {
            let v = nxt[j];
            if (ly.gamma && ly.beta && ly.runMean && ly.runVar) v = ly.gamma[j] * ((v - ly.runMean[j]) / Math.sqrt(ly.runVar[j] + eps)) + ly.beta[j];
            nxt[j] = v > 0 ? v : slope * v;
          }
        }
        const t = cur;
        cur = nxt;
        nxt = t;
      }
      for (let c = 0; c < k; c++) out[i * k + c] = cur[c];
    }
    return out;
  }

  /**
   * Replace every batch-norm layer's running statistics by the exact mean and (population)
   * variance of its inputs on `data`, computed with the final weights, and return, per layer, how
   * far the running mean had lagged: max over units of |running - exact mean| / exact SD. A study
   * tool (scripts/degenerate-entry.ts): the registered decoders keep their running statistics.
   */
  recalibrateBatchNorm(data: LabelledData): number[] {
    const n = data.labels.length;
    const eps = this.cfg.bnEpsilon;
    const slope = this.cfg.leakySlope;
    let cur = Float64Array.from(data.z);
    const lags: number[] = [];
    for (let l = 0; l < this.cfg.hidden.length; l++) {
      const ly = this.layers[l];
      const o = ly.outDim;
      if (!ly.runMean || !ly.runVar || !ly.gamma || !ly.beta) throw new Error("recalibrateBatchNorm: decoder without batch-norm");
      const pre = new Float64Array(n * o);
      matMulBias(cur, ly.w, ly.b, pre, n, ly.inDim, o);
      const mean = new Float64Array(o);
      const v = new Float64Array(o);
      for (let i = 0; i < n; i++) for (let j = 0; j < o; j++) mean[j] += pre[i * o + j] / n;
      for (let i = 0; i < n; i++) for (let j = 0; j < o; j++) v[j] += (pre[i * o + j] - mean[j]) ** 2 / n;
      let lag = 0;
      for (let j = 0; j < o; j++) lag = Math.max(lag, Math.abs(ly.runMean[j] - mean[j]) / Math.sqrt(v[j] + eps));
      lags.push(lag);
      ly.runMean.set(mean);
      ly.runVar.set(v);
      const { gamma, beta } = ly;
      cur = pre.map((x, k) => {
        const j = k % o;
        const y = (gamma[j] * (x - mean[j])) / Math.sqrt(v[j] + eps) + beta[j];
        return y > 0 ? y : slope * y;
      });
    }
    return lags;
  }

  /** Per-row test cross-entropy (nats) and accuracy count; running BN statistics, no dropout. */
  evaluate(data: LabelledData): Omit<DecoderEval, "diagnostics"> {
    const { z, dim, labels, numClasses: k } = data;
    const n = labels.length;
    const nHidden = this.cfg.hidden.length;
    const slope = this.cfg.leakySlope;
    const eps = this.cfg.bnEpsilon;
    const ce = new Float64Array(n);
    let correct = 0;
    const chunk = 256;
    let cur = new Float64Array(chunk * Math.max(dim, ...this.cfg.hidden, k));
    let nxt = new Float64Array(cur.length);
    for (let s = 0; s < n; s += chunk) {
      const m = Math.min(chunk, n - s);
      for (let i = 0; i < m * dim; i++) cur[i] = z[s * dim + i];
      for (let l = 0; l < this.layers.length; l++) {
        const ly = this.layers[l];
        const o = ly.outDim;
        matMulBias(cur, ly.w, ly.b, nxt, m, ly.inDim, o);
        if (l < nHidden) {
          for (let i = 0; i < m; i++) {
            for (let j = 0; j < o; j++) {
              let v = nxt[i * o + j];
              if (ly.gamma && ly.beta && ly.runMean && ly.runVar) {
                v = ly.gamma[j] * ((v - ly.runMean[j]) / Math.sqrt(ly.runVar[j] + eps)) + ly.beta[j];
              }
              nxt[i * o + j] = v > 0 ? v : slope * v;
            }
          }
        }
        const tmp = cur;
        cur = nxt;
        nxt = tmp;
      }
      for (let i = 0; i < m; i++) {
        let mx = -Infinity;
        let arg = 0;
        for (let c = 0; c < k; c++) {
          const v = cur[i * k + c];
          if (v > mx) {
            mx = v;
            arg = c;
          }
        }
        let se = 0;
        for (let c = 0; c < k; c++) se += Math.exp(cur[i * k + c] - mx);
        const yy = labels[s + i];
        ce[s + i] = mx + Math.log(se) - cur[i * k + yy];
        if (arg === yy) correct++;
      }
    }
    return { ce, correct };
  }
}

/** out[n, o] = a[n, in] w[in, o] + b[o]. */
function matMulBias(a: Float64Array, w: Float64Array, b: Float64Array, out: Float64Array, n: number, inD: number, o: number): void {
  for (let i = 0; i < n; i++) {
    const ro = i * o;
    for (let j = 0; j < o; j++) out[ro + j] = b[j];
    for (let q = 0; q < inD; q++) {
      const av = a[i * inD + q];
      if (av === 0) continue;
      const rw = q * o;
      for (let j = 0; j < o; j++) out[ro + j] += av * w[rw + j];
    }
  }
}

function sumSquares(g: Float64Array): number {
  let s = 0;
  for (let i = 0; i < g.length; i++) s += g[i] * g[i];
  return s;
}

function sgd(p: Float64Array, g: Float64Array, lr: number): void {
  for (let i = 0; i < p.length; i++) p[i] -= lr * g[i];
}

function adamStep(p: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, lr: number, wd: number, t: number): void {
  const c1 = 1 - Math.pow(ADAM_BETA1, t);
  const c2 = 1 - Math.pow(ADAM_BETA2, t);
  for (let i = 0; i < p.length; i++) {
    const gi = g[i] + wd * p[i];
    m[i] = ADAM_BETA1 * m[i] + (1 - ADAM_BETA1) * gi;
    v[i] = ADAM_BETA2 * v[i] + (1 - ADAM_BETA2) * gi * gi;
    p[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + ADAM_EPS);
  }
}

/** Train one reference decoder on task.train and evaluate it on task.test. */
export function runReferenceDecoder(task: DecoderTask, cfg: DecoderConfig, opts: TrainOptions = {}): DecoderEval {
  const dec = ReferenceDecoder.train(task, cfg, opts);
  return { ...dec.evaluate(task.test), diagnostics: dec.diagnostics };
}

/** The reference as a backend ("reference"): one decoder after another in the calling thread, progress after each decoder. */
export const referenceBackend: DecoderBackend = {
  name: "reference",
  async train(tasks, cfg, _opts, onProgress) {
    return tasks.map((t, i) => {
      const ev = runReferenceDecoder(t, cfg);
      onProgress(cfg.epochs, `decoder ${cfg.family} (reference) ${i + 1}/${tasks.length}`);
      return ev;
    });
  },
};

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
 *   permutation(nTrain); batches are consecutive slices of it. The final partial batch is kept
 *   (PyTorch's default) unless batch-norm is on and it has a single row (a batch of 1 has zero
 *   variance), in which case it is dropped (ours).
 * - dropout = createRng(deriveSeed(seed, "dropout")): per step, for each hidden layer in order,
 *   for each batch row in order, for each unit in order, one next(); keep when next() >= p.
 *   With p = 0 nothing is drawn.
 */
import type { DecoderConfig, DecoderTask, LabelledData } from "../interfaces.js";
import { createRng, deriveSeed, permutation, type Rng } from "../runtime/rng.js";
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPS } from "./families.js";

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

/** Batch sizes of one epoch (the contract above): full batches, then the kept remainder. */
export function batchSizesPerEpoch(nTrain: number, batchSize: number, batchNorm: boolean): number[] {
  const sizes: number[] = [];
  let start = 0;
  while (start < nTrain) {
    const n = Math.min(batchSize, nTrain - start);
    if (n < 2 && batchNorm) break;
    sizes.push(n);
    start += n;
  }
  return sizes;
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

/** Per-row test outputs of a trained decoder. */
export interface DecoderEval {
  /** Cross-entropy of each test row, nats. */
  ce: Float64Array;
  /** Rows whose first argmax of the logits equals the label. */
  correct: number;
}

/** Thrown when the mean training loss of an epoch is NaN or infinite. */
export function nonFiniteLossError(taskId: string, epoch: number, loss: number): Error {
  return new Error(
    `decoder training diverged: task "${taskId}", epoch ${epoch}: mean training loss is ${loss} ` +
      `(lower the learning rate or check the representation)`,
  );
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

  /** Train on task.train with the contract streams; throws on a non-finite epoch loss. */
  static train(task: DecoderTask, cfg: DecoderConfig): ReferenceDecoder {
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
    dec.fit(task);
    return dec;
  }

  private fit(task: DecoderTask): void {
    const cfg = this.cfg;
    const { z, dim, labels, numClasses } = task.train;
    const nTrain = labels.length;
    const shuffleRng = createRng(deriveSeed(task.seed, "shuffle"));
    const dropRng = createRng(deriveSeed(task.seed, "dropout"));
    const sizes = batchSizesPerEpoch(nTrain, cfg.batchSize, cfg.batchNorm);
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

    for (let epoch = 0; epoch < cfg.epochs; epoch++) {
      const perm = permutation(nTrain, shuffleRng);
      let lossSum = 0;
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

        // Forward.
        for (let l = 0; l < L; l++) {
          const ly = this.layers[l];
          const a = inputs[l];
          const out = l < nHidden ? pre[l] : logits;
          matMulBias(a, ly.w, ly.b, out, n, ly.inDim, ly.outDim);
          if (l < nHidden) {
            const o = ly.outDim;
            if (ly.gamma && ly.beta && ly.runMean && ly.runVar) {
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
                const g = ly.gamma[j];
                const be = ly.beta[j];
                for (let i = 0; i < n; i++) {
                  const h = (out[i * o + j] - mu) * s;
                  xh[i * o + j] = h;
                  out[i * o + j] = g * h + be;
                }
                ly.runMean[j] = (1 - mom) * ly.runMean[j] + mom * mu;
                ly.runVar[j] = (1 - mom) * ly.runVar[j] + mom * (v * n) / (n - 1);
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
        lossSum += batchLoss / n;

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
      const meanLoss = lossSum / sizes.length;
      if (!Number.isFinite(meanLoss)) throw nonFiniteLossError(task.id, epoch, meanLoss);
    }
  }

  /** Per-row test cross-entropy (nats) and accuracy count; running BN statistics, no dropout. */
  evaluate(data: LabelledData): DecoderEval {
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
export function runReferenceDecoder(task: DecoderTask, cfg: DecoderConfig): DecoderEval {
  return ReferenceDecoder.train(task, cfg).evaluate(task.test);
}

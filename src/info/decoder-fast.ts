/**
 * Fast CPU decoders: the reference decoder (decoder-reference.ts) re-written for speed in plain
 * TypeScript, no tfjs, each decoder trained on its own (so a decoder's numbers never depend on
 * which other decoders share a call), decoders spread over worker threads.
 *
 * Numerics and random streams are exactly the reference's (same init values, same epoch
 * permutations, same dropout draws in the same order, same batch schedule, same batch-norm,
 * SGD and Adam formulas). Storage differs: weights and activations are Float32Array (like the
 * tfjs bank), while sums, pre-activations, gradients and optimiser state are float64, so results
 * agree with the float64 reference to float32 rounding (tested: < 1e-3 bit after 3 epochs).
 *
 * Speed comes from sparsity and loop structure rather than from more FLOP/s:
 * - Every layer input is described by row lists (nonzero / kept columns of each row) and column
 *   lists (rows where a column is kept). With dropout p = 0.7 only 30% of a hidden layer's
 *   outputs feed the next layer, so its forward product, weight gradient and input gradient
 *   touch only kept entries (the input gradient is never needed at a dropped unit). Exact zeros
 *   of the representation (ReLU features) are skipped the same way; 0 * w adds nothing.
 * - Inner loops are unrolled over 4 list entries, so each pass over an output row does 4
 *   multiply-adds per load/store of the accumulator; weights are row-major [in, out], so the
 *   forward product, the weight gradient and the input gradient all read contiguous rows.
 * - All buffers are allocated once per decoder; the step loop allocates nothing but the epoch
 *   permutation (from rng.ts, shared contract).
 *
 * Parallelism: `trainFastDecoders` hands decoders, one at a time, to a pool of worker threads
 * (default os.availableParallelism(), at most one per decoder). `workers: 1` trains in the calling
 * thread. The pool persists between calls (idle workers are unref'd, so they never keep the
 * process alive; `closeFastWorkers()` ends them). Loading the TypeScript worker: when this module
 * runs as .ts (tsx, vitest), the worker is started as a tiny eval'd ES module that loads
 * decoder-worker.ts through tsx's `tsImport` API (tsx is a devDependency; `--import tsx` in the
 * worker's execArgv does not register the hooks in a Node 20 worker, tested); as compiled .js
 * it loads decoder-worker.js directly.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { DecoderConfig, DecoderTask } from "../interfaces.js";
import { createRng, deriveSeed, permutation, type Rng } from "../runtime/rng.js";
import { batchSizesPerEpoch, initLinearParams, layerDims, nonFiniteLossError, type DecoderEval } from "./decoder-reference.js";
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPS } from "./families.js";

/** Row and column lists of the entries of an [n, width] layer input that take part. */
class EntryLists {
  readonly rowStart: Int32Array;
  readonly rowIdx: Int32Array;
  readonly colStart: Int32Array;
  readonly colIdx: Int32Array;
  readonly keep: Uint8Array;
  private readonly colFill: Int32Array;

  constructor(
    maxRows: number,
    readonly width: number,
  ) {
    this.rowStart = new Int32Array(maxRows + 1);
    this.rowIdx = new Int32Array(maxRows * width);
    this.colStart = new Int32Array(width + 1);
    this.colIdx = new Int32Array(maxRows * width);
    this.keep = new Uint8Array(maxRows * width);
    this.colFill = new Int32Array(width);
  }

  /** Build the lists from `keep` (first n rows). */
  build(n: number): void {
    const w = this.width;
    const keep = this.keep;
    const rowIdx = this.rowIdx;
    const fill = this.colFill;
    fill.fill(0);
    let c = 0;
    for (let i = 0; i < n; i++) {
      this.rowStart[i] = c;
      const base = i * w;
      for (let q = 0; q < w; q++) {
        if (keep[base + q] !== 0) {
          rowIdx[c++] = q;
          fill[q]++;
        }
      }
    }
    this.rowStart[n] = c;
    const cs = this.colStart;
    cs[0] = 0;
    for (let q = 0; q < w; q++) {
      cs[q + 1] = cs[q] + fill[q];
      fill[q] = cs[q];
    }
    const colIdx = this.colIdx;
    for (let i = 0; i < n; i++) {
      for (let s = this.rowStart[i], e = this.rowStart[i + 1]; s < e; s++) colIdx[fill[rowIdx[s]]++] = i;
    }
  }

  /** Lists of the nonzero entries of a[n, width]. */
  buildNonzero(a: Float32Array, n: number): void {
    const m = n * this.width;
    for (let i = 0; i < m; i++) this.keep[i] = a[i] !== 0 ? 1 : 0;
    this.build(n);
  }

  /** Dropout draws of n rows in the contract order (row, unit): kept when next() >= p. */
  buildDropout(rng: Rng, p: number, n: number): void {
    const m = n * this.width;
    const keep = this.keep;
    for (let i = 0; i < m; i++) keep[i] = rng.next() >= p ? 1 : 0;
    this.build(n);
  }

  /** Every entry of the first n rows. */
  buildAll(n: number): void {
    this.keep.fill(1, 0, n * this.width);
    this.build(n);
  }
}

/** out[n, o] = b + a[n, in] W[in, o] over the listed entries of a. */
function forwardListed(a: Float32Array, inD: number, lists: EntryLists, W: Float32Array, b: Float64Array, out: Float64Array, n: number, o: number): void {
  const rs = lists.rowStart;
  const ri = lists.rowIdx;
  for (let i = 0; i < n; i++) {
    const ro = i * o;
    for (let j = 0; j < o; j++) out[ro + j] = b[j];
    const ab = i * inD;
    let s = rs[i];
    const e = rs[i + 1];
    for (; s + 3 < e; s += 4) {
      const q0 = ri[s];
      const q1 = ri[s + 1];
      const q2 = ri[s + 2];
      const q3 = ri[s + 3];
      const a0 = a[ab + q0];
      const a1 = a[ab + q1];
      const a2 = a[ab + q2];
      const a3 = a[ab + q3];
      const w0 = q0 * o;
      const w1 = q1 * o;
      const w2 = q2 * o;
      const w3 = q3 * o;
      for (let j = 0; j < o; j++) out[ro + j] += a0 * W[w0 + j] + a1 * W[w1 + j] + a2 * W[w2 + j] + a3 * W[w3 + j];
    }
    for (; s < e; s++) {
      const q = ri[s];
      const av = a[ab + q];
      const w0 = q * o;
      for (let j = 0; j < o; j++) out[ro + j] += av * W[w0 + j];
    }
  }
}

/**
 * out[n, o] = b + a[n, in] W[in, o], dense: 2 rows x 4 inputs per pass over an output row pair,
 * so each pass does 8 multiply-adds per 4 weight loads and 2 accumulator updates.
 */
function forwardDense(a: Float32Array, inD: number, W: Float32Array, b: Float64Array, out: Float64Array, n: number, o: number): void {
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const r0 = i * o;
    const r1 = r0 + o;
    for (let j = 0; j < o; j++) {
      out[r0 + j] = b[j];
      out[r1 + j] = b[j];
    }
    const a0 = i * inD;
    const a1 = a0 + inD;
    let q = 0;
    for (; q + 3 < inD; q += 4) {
      const x00 = a[a0 + q];
      const x01 = a[a0 + q + 1];
      const x02 = a[a0 + q + 2];
      const x03 = a[a0 + q + 3];
      const x10 = a[a1 + q];
      const x11 = a[a1 + q + 1];
      const x12 = a[a1 + q + 2];
      const x13 = a[a1 + q + 3];
      const w0 = q * o;
      const w1 = w0 + o;
      const w2 = w1 + o;
      const w3 = w2 + o;
      for (let j = 0; j < o; j++) {
        const v0 = W[w0 + j];
        const v1 = W[w1 + j];
        const v2 = W[w2 + j];
        const v3 = W[w3 + j];
        out[r0 + j] += x00 * v0 + x01 * v1 + x02 * v2 + x03 * v3;
        out[r1 + j] += x10 * v0 + x11 * v1 + x12 * v2 + x13 * v3;
      }
    }
    for (; q < inD; q++) {
      const x0 = a[a0 + q];
      const x1 = a[a1 + q];
      const w0 = q * o;
      for (let j = 0; j < o; j++) {
        const v = W[w0 + j];
        out[r0 + j] += x0 * v;
        out[r1 + j] += x1 * v;
      }
    }
  }
  for (; i < n; i++) {
    const r0 = i * o;
    for (let j = 0; j < o; j++) out[r0 + j] = b[j];
    const a0 = i * inD;
    for (let q = 0; q < inD; q++) {
      const x0 = a[a0 + q];
      const w0 = q * o;
      for (let j = 0; j < o; j++) out[r0 + j] += x0 * W[w0 + j];
    }
  }
}

/** gW[in, o] = a^T d over the listed entries of a; gb[o] = column sums of d[n, o]. */
function weightGradListed(a: Float32Array, inD: number, lists: EntryLists, d: Float64Array, gW: Float64Array, gb: Float64Array, n: number, o: number): void {
  gW.fill(0);
  gb.fill(0);
  for (let i = 0; i < n; i++) {
    const r = i * o;
    for (let j = 0; j < o; j++) gb[j] += d[r + j];
  }
  const cs = lists.colStart;
  const ci = lists.colIdx;
  for (let q = 0; q < inD; q++) {
    const wr = q * o;
    let s = cs[q];
    const e = cs[q + 1];
    for (; s + 3 < e; s += 4) {
      const i0 = ci[s];
      const i1 = ci[s + 1];
      const i2 = ci[s + 2];
      const i3 = ci[s + 3];
      const a0 = a[i0 * inD + q];
      const a1 = a[i1 * inD + q];
      const a2 = a[i2 * inD + q];
      const a3 = a[i3 * inD + q];
      const d0 = i0 * o;
      const d1 = i1 * o;
      const d2 = i2 * o;
      const d3 = i3 * o;
      for (let j = 0; j < o; j++) gW[wr + j] += a0 * d[d0 + j] + a1 * d[d1 + j] + a2 * d[d2 + j] + a3 * d[d3 + j];
    }
    for (; s < e; s++) {
      const i0 = ci[s];
      const a0 = a[i0 * inD + q];
      const d0 = i0 * o;
      for (let j = 0; j < o; j++) gW[wr + j] += a0 * d[d0 + j];
    }
  }
}

/**
 * dIn[n, in] = (d[n, o] W^T) * fac at the listed entries, 0 elsewhere (fac: the derivative of
 * the layer input with respect to the previous BN output, dropout scale included).
 */
function inputGradListed(d: Float64Array, W: Float32Array, lists: EntryLists, fac: Float64Array, dIn: Float64Array, n: number, inD: number, o: number): void {
  dIn.fill(0, 0, n * inD);
  const rs = lists.rowStart;
  const ri = lists.rowIdx;
  for (let i = 0; i < n; i++) {
    const dr = i * o;
    const ib = i * inD;
    let s = rs[i];
    const e = rs[i + 1];
    for (; s + 3 < e; s += 4) {
      const q0 = ri[s];
      const q1 = ri[s + 1];
      const q2 = ri[s + 2];
      const q3 = ri[s + 3];
      const w0 = q0 * o;
      const w1 = q1 * o;
      const w2 = q2 * o;
      const w3 = q3 * o;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = 0; j < o; j++) {
        const dv = d[dr + j];
        s0 += dv * W[w0 + j];
        s1 += dv * W[w1 + j];
        s2 += dv * W[w2 + j];
        s3 += dv * W[w3 + j];
      }
      dIn[ib + q0] = s0 * fac[ib + q0];
      dIn[ib + q1] = s1 * fac[ib + q1];
      dIn[ib + q2] = s2 * fac[ib + q2];
      dIn[ib + q3] = s3 * fac[ib + q3];
    }
    for (; s < e; s++) {
      const q = ri[s];
      const w0 = q * o;
      let s0 = 0;
      for (let j = 0; j < o; j++) s0 += d[dr + j] * W[w0 + j];
      dIn[ib + q] = s0 * fac[ib + q];
    }
  }
}

/** Batch-norm forward in place on h[n, o] (batch statistics; running statistics updated). */
function batchNormForward(ly: FastLayer, h: Float64Array, xh: Float64Array, mu: Float64Array, is: Float64Array, n: number, eps: number, mom: number): void {
  const o = ly.o;
  const g = ly.gamma!;
  const be = ly.beta!;
  const rm = ly.runMean!;
  const rv = ly.runVar!;
  mu.fill(0);
  is.fill(0);
  for (let i = 0; i < n; i++) {
    const r = i * o;
    for (let j = 0; j < o; j++) mu[j] += h[r + j];
  }
  for (let j = 0; j < o; j++) mu[j] /= n;
  for (let i = 0; i < n; i++) {
    const r = i * o;
    for (let j = 0; j < o; j++) {
      const dv = h[r + j] - mu[j];
      is[j] += dv * dv; // sum of squares, turned into 1/std below
    }
  }
  for (let j = 0; j < o; j++) {
    const v = is[j] / n;
    is[j] = 1 / Math.sqrt(v + eps);
    rm[j] = (1 - mom) * rm[j] + mom * mu[j];
    rv[j] = (1 - mom) * rv[j] + (mom * (v * n)) / (n - 1);
  }
  for (let i = 0; i < n; i++) {
    const r = i * o;
    for (let j = 0; j < o; j++) {
      const hv = (h[r + j] - mu[j]) * is[j];
      xh[r + j] = hv;
      h[r + j] = g[j] * hv + be[j];
    }
  }
}

/** LeakyReLU then inverted dropout of h[0..m): the next layer's input and its derivative factor. */
function dropoutActivation(h: Float64Array, keep: Uint8Array, next: Float32Array, fac: Float64Array, m: number, slope: number, scale: number): void {
  for (let i = 0; i < m; i++) {
    if (keep[i] !== 0) {
      const v = h[i];
      const pos = v > 0;
      next[i] = (pos ? v : slope * v) * scale;
      fac[i] = (pos ? 1 : slope) * scale;
    } else {
      next[i] = 0;
      fac[i] = 0;
    }
  }
}

/**
 * Batch-norm backward in place: d[n, o] from d(BN output) to d(linear output); gBeta, gGamma
 * get the affine gradients. `is` (1/std) is overwritten.
 */
function batchNormBackward(gamma: Float64Array, d: Float64Array, xh: Float64Array, is: Float64Array, sdy: Float64Array, sdyx: Float64Array, n: number, o: number): void {
  sdy.fill(0);
  sdyx.fill(0);
  for (let i = 0; i < n; i++) {
    const r = i * o;
    for (let j = 0; j < o; j++) {
      const dv = d[r + j];
      sdy[j] += dv;
      sdyx[j] += dv * xh[r + j];
    }
  }
  for (let j = 0; j < o; j++) is[j] = (gamma[j] * is[j]) / n;
  for (let i = 0; i < n; i++) {
    const r = i * o;
    for (let j = 0; j < o; j++) d[r + j] = is[j] * (n * d[r + j] - sdy[j] - xh[r + j] * sdyx[j]);
  }
}

/** Softmax cross-entropy of logits[n, k]: returns the summed loss, fills d = gradient of the batch mean. */
function softmaxCrossEntropy(logits: Float64Array, y: Int32Array, d: Float64Array, n: number, k: number): number {
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const r = i * k;
    let mx = -Infinity;
    for (let c = 0; c < k; c++) mx = Math.max(mx, logits[r + c]);
    let se = 0;
    for (let c = 0; c < k; c++) se += Math.exp(logits[r + c] - mx);
    const lse = mx + Math.log(se);
    loss += lse - logits[r + y[i]];
    for (let c = 0; c < k; c++) d[r + c] = (Math.exp(logits[r + c] - lse) - (c === y[i] ? 1 : 0)) / n;
  }
  return loss;
}

function adamUpdate(p: Float32Array | Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, lr: number, wd: number, c1: number, c2: number): void {
  for (let i = 0; i < p.length; i++) {
    const gi = g[i] + wd * p[i];
    const mi = ADAM_BETA1 * m[i] + (1 - ADAM_BETA1) * gi;
    const vi = ADAM_BETA2 * v[i] + (1 - ADAM_BETA2) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    p[i] -= (lr * (mi / c1)) / (Math.sqrt(vi / c2) + ADAM_EPS);
  }
}

function sgdUpdate(p: Float32Array | Float64Array, g: Float64Array, lr: number): void {
  for (let i = 0; i < p.length; i++) p[i] -= lr * g[i];
}

interface FastLayer {
  inD: number;
  o: number;
  W: Float32Array;
  b: Float64Array;
  /** Batch-norm parameters and running statistics (hidden layers with batch-norm). */
  gamma: Float64Array | null;
  beta: Float64Array | null;
  runMean: Float64Array | null;
  runVar: Float64Array | null;
}

/**
 * One decoder's training state. The step is a method of its own rather than a loop body inside
 * one long function, so V8 optimises it as an ordinary hot function (not only as
 * on-stack-replacement code of a function that runs once per decoder).
 */
class FastTrainer {
  readonly layers: FastLayer[];
  private readonly cfg: DecoderConfig;
  private readonly z: Float32Array;
  private readonly labels: Int32Array;
  private readonly dim: number;
  private readonly k: number;
  private readonly L: number;
  private readonly nH: number;
  private readonly scale: number;
  private readonly dropRng: Rng;
  /** inputs[l]: input of layer l; lists[l]: its participating entries. */
  private readonly inputs: Float32Array[];
  private readonly lists: EntryLists[];
  /** Linear outputs (BN outputs after batch-norm) and d loss / d linear output, per layer. */
  private readonly pre: Float64Array[];
  private readonly dPre: Float64Array[];
  private readonly xhat: Float64Array[];
  /** d input(l+1) / d BN output(l): LeakyReLU slope times the dropout multiplier. */
  private readonly fac: Float64Array[];
  private readonly invStd: Float64Array[];
  private readonly mean: Float64Array[];
  private readonly gW: Float64Array[];
  private readonly gb: Float64Array[];
  private readonly gGamma: Float64Array[];
  private readonly gBeta: Float64Array[];
  private readonly y: Int32Array;
  private readonly adam: { mW: Float64Array; vW: Float64Array; mb: Float64Array; vb: Float64Array; mg: Float64Array; vg: Float64Array; mbe: Float64Array; vbe: Float64Array }[] | null;
  private t = 0;

  constructor(task: DecoderTask, cfg: DecoderConfig) {
    const { z, dim, labels, numClasses: k } = task.train;
    this.cfg = cfg;
    this.z = z;
    this.labels = labels;
    this.dim = dim;
    this.k = k;
    const dims = layerDims(dim, cfg.hidden, k);
    this.L = dims.length;
    this.nH = cfg.hidden.length;
    const init = initLinearParams(task.seed, dims);
    this.layers = dims.map(([inD, o], l) => {
      const bn = l < this.nH && cfg.batchNorm;
      return {
        inD,
        o,
        W: Float32Array.from(init.w[l]),
        b: Float64Array.from(init.b[l]),
        gamma: bn ? new Float64Array(o).fill(1) : null,
        beta: bn ? new Float64Array(o) : null,
        runMean: bn ? new Float64Array(o) : null,
        runVar: bn ? new Float64Array(o).fill(1) : null,
      };
    });
    this.scale = 1 / (1 - cfg.dropout);
    this.dropRng = createRng(deriveSeed(task.seed, "dropout"));
    const maxB = cfg.batchSize;
    this.inputs = dims.map(([inD]) => new Float32Array(maxB * inD));
    this.lists = dims.map(([inD]) => new EntryLists(maxB, inD));
    this.pre = dims.map(([, o]) => new Float64Array(maxB * o));
    this.dPre = dims.map(([, o]) => new Float64Array(maxB * o));
    this.xhat = cfg.hidden.map((h) => new Float64Array(maxB * h));
    this.fac = cfg.hidden.map((h) => new Float64Array(maxB * h));
    this.invStd = cfg.hidden.map((h) => new Float64Array(h));
    this.mean = cfg.hidden.map((h) => new Float64Array(h));
    this.gW = dims.map(([inD, o]) => new Float64Array(inD * o));
    this.gb = dims.map(([, o]) => new Float64Array(o));
    this.gGamma = cfg.hidden.map((h) => new Float64Array(h));
    this.gBeta = cfg.hidden.map((h) => new Float64Array(h));
    this.y = new Int32Array(maxB);
    this.adam =
      cfg.optimizer.kind === "adam"
        ? this.layers.map((ly) => ({
            mW: new Float64Array(ly.W.length),
            vW: new Float64Array(ly.W.length),
            mb: new Float64Array(ly.o),
            vb: new Float64Array(ly.o),
            mg: new Float64Array(ly.o),
            vg: new Float64Array(ly.o),
            mbe: new Float64Array(ly.o),
            vbe: new Float64Array(ly.o),
          }))
        : null;
  }

  /** One optimiser step on rows perm[start .. start+n); returns the batch's mean loss. */
  step(perm: Int32Array, start: number, n: number): number {
    const { cfg, layers, inputs, lists, pre, dPre, L, nH, dim, z, y } = this;
    const x = inputs[0];
    for (let i = 0; i < n; i++) {
      const r = perm[start + i];
      y[i] = this.labels[r];
      for (let j = 0, src = r * dim, dst = i * dim; j < dim; j++) x[dst + j] = z[src + j];
    }
    lists[0].buildNonzero(x, n);
    // Dropout draws in the contract order: layer, row, unit.
    for (let l = 0; l < nH; l++) {
      if (cfg.dropout > 0) lists[l + 1].buildDropout(this.dropRng, cfg.dropout, n);
      else lists[l + 1].buildAll(n);
    }

    // Forward.
    for (let l = 0; l < L; l++) {
      const ly = layers[l];
      const h = pre[l];
      forwardListed(inputs[l], ly.inD, lists[l], ly.W, ly.b, h, n, ly.o);
      if (l === L - 1) break;
      if (ly.gamma) batchNormForward(ly, h, this.xhat[l], this.mean[l], this.invStd[l], n, cfg.bnEpsilon, cfg.bnMomentum);
      dropoutActivation(h, lists[l + 1].keep, inputs[l + 1], this.fac[l], n * ly.o, cfg.leakySlope, this.scale);
    }
    const loss = softmaxCrossEntropy(pre[L - 1], y, dPre[L - 1], n, this.k) / n;

    // Backward: dPre[l] holds d loss / d linear output of layer l (d BN output until BN backward).
    for (let l = L - 1; l >= 0; l--) {
      const ly = layers[l];
      const d = dPre[l];
      if (l < nH && ly.gamma) batchNormBackward(ly.gamma, d, this.xhat[l], this.invStd[l], this.gBeta[l], this.gGamma[l], n, ly.o);
      weightGradListed(inputs[l], ly.inD, lists[l], d, this.gW[l], this.gb[l], n, ly.o);
      if (l > 0) inputGradListed(d, ly.W, lists[l], this.fac[l - 1], dPre[l - 1], n, ly.inD, ly.o);
    }

    // Update.
    this.t++;
    const opt = cfg.optimizer;
    if (opt.kind === "sgd") {
      for (let l = 0; l < L; l++) {
        const ly = layers[l];
        sgdUpdate(ly.W, this.gW[l], opt.lr);
        sgdUpdate(ly.b, this.gb[l], opt.lr);
        if (ly.gamma && ly.beta) {
          sgdUpdate(ly.gamma, this.gGamma[l], opt.lr);
          sgdUpdate(ly.beta, this.gBeta[l], opt.lr);
        }
      }
    } else if (this.adam) {
      const c1 = 1 - Math.pow(ADAM_BETA1, this.t);
      const c2 = 1 - Math.pow(ADAM_BETA2, this.t);
      const wd = opt.weightDecay;
      for (let l = 0; l < L; l++) {
        const ly = layers[l];
        const st = this.adam[l];
        adamUpdate(ly.W, this.gW[l], st.mW, st.vW, opt.lr, wd, c1, c2);
        adamUpdate(ly.b, this.gb[l], st.mb, st.vb, opt.lr, wd, c1, c2);
        if (ly.gamma && ly.beta) {
          adamUpdate(ly.gamma, this.gGamma[l], st.mg, st.vg, opt.lr, wd, c1, c2);
          adamUpdate(ly.beta, this.gBeta[l], st.mbe, st.vbe, opt.lr, wd, c1, c2);
        }
      }
    }
    return loss;
  }
}

/**
 * Train one decoder on task.train (reference contract, float32 weights) and evaluate it on
 * task.test. Throws nonFiniteLossError on a non-finite epoch loss. The caller validates.
 * @param onEpoch called after each epoch with the number of completed epochs.
 */
export function trainFastDecoder(task: DecoderTask, cfg: DecoderConfig, onEpoch?: (epochsDone: number) => void): DecoderEval {
  const nTrain = task.train.labels.length;
  const sizes = batchSizesPerEpoch(nTrain, cfg.batchSize, cfg.batchNorm);
  const shuffleRng = createRng(deriveSeed(task.seed, "shuffle"));
  const tr = new FastTrainer(task, cfg);
  for (let epoch = 0; epoch < cfg.epochs; epoch++) {
    const perm = permutation(nTrain, shuffleRng);
    let lossSum = 0;
    let start = 0;
    for (const n of sizes) {
      lossSum += tr.step(perm, start, n);
      start += n;
    }
    const meanLoss = lossSum / sizes.length;
    if (!Number.isFinite(meanLoss)) throw nonFiniteLossError(task.id, epoch, meanLoss);
    onEpoch?.(epoch + 1);
  }
  return evaluateFast(task, cfg, tr.layers);
}

/** Running-statistics batch-norm (when present) and LeakyReLU of h[m, o] into next. */
function evalActivation(ly: FastLayer, h: Float64Array, next: Float32Array, sc: Float64Array | null, m: number, slope: number): void {
  const o = ly.o;
  const g = ly.gamma;
  const be = ly.beta;
  const rm = ly.runMean;
  for (let i = 0; i < m; i++) {
    const r = i * o;
    for (let j = 0; j < o; j++) {
      let v = h[r + j];
      if (sc && g && be && rm) v = g[j] * ((v - rm[j]) * sc[j]) + be[j];
      next[r + j] = v > 0 ? v : slope * v;
    }
  }
}

/** Per-row test cross-entropy and accuracy: running BN statistics, no dropout. */
function evaluateFast(task: DecoderTask, cfg: DecoderConfig, layers: FastLayer[]): DecoderEval {
  const { z, dim, labels, numClasses: k } = task.test;
  const n = labels.length;
  const nH = cfg.hidden.length;
  const L = layers.length;
  const slope = cfg.leakySlope;
  const eps = cfg.bnEpsilon;
  const chunk = 256;
  const inputs = layers.map((ly) => new Float32Array(chunk * ly.inD));
  const out = layers.map((ly) => new Float64Array(chunk * ly.o));
  const bnScale = layers.map((ly) => (ly.gamma && ly.runVar ? ly.runVar.map((v) => 1 / Math.sqrt(v + eps)) : null));
  const ce = new Float64Array(n);
  let correct = 0;
  for (let s = 0; s < n; s += chunk) {
    const m = Math.min(chunk, n - s);
    inputs[0].set(z.subarray(s * dim, (s + m) * dim));
    for (let l = 0; l < L; l++) {
      const ly = layers[l];
      const o = ly.o;
      const h = out[l];
      forwardDense(inputs[l], ly.inD, ly.W, ly.b, h, m, o);
      if (l < nH) {
        evalActivation(ly, h, inputs[l + 1], bnScale[l], m, slope);
      }
    }
    const lg = out[L - 1];
    for (let i = 0; i < m; i++) {
      const r = i * k;
      let mx = -Infinity;
      let arg = 0;
      for (let c = 0; c < k; c++) {
        const v = lg[r + c];
        if (v > mx) {
          mx = v;
          arg = c;
        }
      }
      let se = 0;
      for (let c = 0; c < k; c++) se += Math.exp(lg[r + c] - mx);
      const yy = labels[s + i];
      ce[s + i] = mx + Math.log(se) - lg[r + yy];
      if (arg === yy) correct++;
    }
  }
  return { ce, correct };
}

// ---------------------------------------------------------------------------------------------
// Worker pool.

/** Messages between the pool and decoder-worker.ts. */
export type FastWorkerRequest = { index: number; task: DecoderTask; cfg: DecoderConfig };
export type FastWorkerReply =
  | { type: "epoch"; index: number; epochs: number }
  | { type: "done"; index: number; ce: Float64Array; correct: number }
  | { type: "error"; index: number; message: string };

export interface FastOptions {
  /**
   * Worker threads (default os.availableParallelism(), capped at the number of tasks); 1 trains
   * in the calling thread. Results do not depend on it.
   */
  workers?: number;
  /** Called after each epoch of each decoder with the task's index. */
  onEpoch?: (taskIndex: number, epochsDone: number) => void;
}

const pool: Worker[] = [];

function spawnWorker(): Worker {
  const here = import.meta.url;
  if (here.endsWith(".ts")) {
    const file = new URL("./decoder-worker.ts", here).href;
    const api = import.meta.resolve("tsx/esm/api");
    const boot = `import(${JSON.stringify(api)}).then((a) => a.tsImport(${JSON.stringify(file)}, ${JSON.stringify(file)}));`;
    return new Worker(boot, { eval: true });
  }
  return new Worker(new URL("./decoder-worker.js", here));
}

/** Terminate the pooled worker threads (they are unref'd when idle, so this is optional). */
export async function closeFastWorkers(): Promise<void> {
  const ws = pool.splice(0);
  await Promise.all(ws.map((w) => w.terminate()));
}

/** Default number of workers: the machine's available parallelism. */
export function defaultFastWorkers(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Train and evaluate one fast decoder per task (any shapes; each decoder on its own). Results in
 * input order, bitwise independent of `workers` and of the other tasks. On a non-finite training
 * loss rejects with the error of the lowest-index failing task (as a sequential run would).
 */
export async function trainFastDecoders(tasks: DecoderTask[], cfg: DecoderConfig, opts: FastOptions = {}): Promise<DecoderEval[]> {
  const want = opts.workers ?? defaultFastWorkers();
  if (!(Number.isInteger(want) && want >= 1)) throw new Error(`workers must be a positive integer, got ${want}`);
  const nw = Math.min(want, tasks.length);
  if (nw <= 1) {
    return tasks.map((t, i) => trainFastDecoder(t, cfg, opts.onEpoch ? (e) => opts.onEpoch!(i, e) : undefined));
  }
  while (pool.length < nw) pool.push(spawnWorker());
  const workers = pool.slice(0, nw);
  const results: DecoderEval[] = new Array(tasks.length);
  const failures = new Map<number, Error>();
  let next = 0;
  let inFlight = 0;

  return new Promise<DecoderEval[]>((resolve, reject) => {
    let settled = false;
    const cleanup = (): void => {
      for (const w of workers) {
        w.removeAllListeners("message");
        w.removeAllListeners("error");
        w.removeAllListeners("exit");
        w.unref();
      }
    };
    const crash = (w: Worker, err: Error): void => {
      if (settled) return;
      settled = true;
      const at = pool.indexOf(w);
      if (at >= 0) pool.splice(at, 1);
      cleanup();
      void w.terminate();
      reject(new Error(`fast decoder worker failed: ${err.message}`));
    };
    const finishIfDone = (): void => {
      if (settled || inFlight > 0) return;
      if (failures.size > 0) {
        settled = true;
        cleanup();
        reject(failures.get(Math.min(...failures.keys())));
      } else if (next >= tasks.length) {
        settled = true;
        cleanup();
        resolve(results);
      }
    };
    const dispatch = (w: Worker): void => {
      if (failures.size > 0 || next >= tasks.length) return;
      const index = next++;
      inFlight++;
      const req: FastWorkerRequest = { index, task: tasks[index], cfg };
      w.postMessage(req);
    };
    for (const w of workers) {
      w.ref();
      w.on("message", (msg: FastWorkerReply) => {
        if (settled) return;
        if (msg.type === "epoch") {
          opts.onEpoch?.(msg.index, msg.epochs);
          return;
        }
        inFlight--;
        if (msg.type === "done") results[msg.index] = { ce: msg.ce, correct: msg.correct };
        else failures.set(msg.index, new Error(msg.message));
        dispatch(w);
        finishIfDone();
      });
      w.on("error", (err: Error) => crash(w, err));
      w.on("exit", (code: number) => crash(w, new Error(`worker exited with code ${code}`)));
    }
    for (const w of workers) dispatch(w);
  });
}

/**
 * The checkerboard (CB) task of the paper (section 4.1, appendix B.4), as specified in PROTOCOL.md
 * section 1. Per trial:
 *   - dominant checkerboard colour c ~ Uniform{0..n-1};
 *   - target colours: a uniformly random permutation of the n colours over the n directions;
 *   - correct direction d = the direction whose target has colour c (the network's output);
 *   - input = [one-hot(c) + N(0, noiseSd^2) on each of those n entries]
 *             ++ [one-hot colour of target 0, ..., one-hot colour of target n-1] (no noise).
 * c and d are independent, so the colour is irrelevant to the task given d.
 */
import { createRng } from "../runtime/rng.js";

export interface CheckerboardOptions {
  /** Number of colours = number of directions = number of output classes (>= 2). */
  n: number;
  /** Number of trials (rows). */
  samples: number;
  /** Standard deviation of the noise on the checkerboard one-hot (paper: 0.1). */
  noiseSd?: number;
  /** Seed of the generator (>= 1). */
  seed: number;
}

export interface CheckerboardData {
  n: number;
  rows: number;
  /** n + n^2. */
  inputDim: number;
  /** Row-major [rows, inputDim]. */
  x: Float32Array;
  /** Dominant checkerboard colour c of each row. */
  colour: Int32Array;
  /** Correct direction d of each row (the task label). */
  direction: Int32Array;
}

export const CB_NOISE_SD = 0.1;

/** n + n^2 inputs. */
export function checkerboardInputDim(n: number): number {
  return n + n * n;
}

export function generateCheckerboard(opts: CheckerboardOptions): CheckerboardData {
  const { n, samples, seed } = opts;
  const noiseSd = opts.noiseSd ?? CB_NOISE_SD;
  if (!Number.isInteger(n) || n < 2) throw new Error(`checkerboard: n must be an integer >= 2, got ${n}`);
  if (!Number.isInteger(samples) || samples < 1) {
    throw new Error(`checkerboard: samples must be a positive integer, got ${samples}`);
  }
  if (!(noiseSd >= 0) || !Number.isFinite(noiseSd)) {
    throw new Error(`checkerboard: noiseSd must be a finite number >= 0, got ${noiseSd}`);
  }
  const rng = createRng(seed);
  const dim = checkerboardInputDim(n);
  const x = new Float32Array(samples * dim);
  const colour = new Int32Array(samples);
  const direction = new Int32Array(samples);
  const perm = new Int32Array(n);
  for (let r = 0; r < samples; r++) {
    const c = rng.int(n);
    for (let i = 0; i < n; i++) perm[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    const base = r * dim;
    for (let i = 0; i < n; i++) x[base + i] = (i === c ? 1 : 0) + noiseSd * rng.normal();
    let d = -1;
    for (let dir = 0; dir < n; dir++) {
      x[base + n + dir * n + perm[dir]] = 1;
      if (perm[dir] === c) d = dir;
    }
    colour[r] = c;
    direction[r] = d;
  }
  return { n, rows: samples, inputDim: dim, x, colour, direction };
}

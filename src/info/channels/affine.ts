/**
 * MI-preserving transform: an invertible affine map Z -> A Z + b applied to every row.
 *
 * Why I is kept: f(z) = A z + b is a bijection of R^dim, so Y - Z - f(Z) and Y - f(Z) - Z are both
 * Markov chains and the data-processing inequality gives I(f(Z);Y) = I(Z;Y). With densities:
 * h(AZ + b) = h(Z) + log2|det A| and h(AZ + b | Y) = h(Z|Y) + log2|det A|, which cancel. For a
 * discrete Z (one-hot codes) f is injective on the support, so the joint table is relabelled only.
 * (The float32 storage of A z + b rounds, which changes I far below any estimator tolerance.)
 *
 * A = D U diag(s) V^T with U, V Haar-random orthogonal (QR of Gaussian matrices) and
 * singular values s log-spaced from 1/sqrt(c) to sqrt(c), so cond(U diag(s) V^T) = c exactly
 * (dim >= 2; for dim = 1, +-s with log2 s uniform in [-log2 c / 2, log2 c / 2]); D = diag(d_i)
 * with per-unit scales log-uniform in `unitScaleRange` and random signs (D = I without it).
 * `rotate: false` drops the rotation: A = D, a per-unit map. b ~ offsetScale N(0, I).
 * `sample(n, seed)` transforms `base.sample(n, seed)`, so the rows pair with the base channel's.
 */
import { qr } from "mathjs";
import type { LabelledData } from "../../interfaces.js";
import { createRng, deriveSeed, type Rng } from "../../runtime/rng.js";
import type { Channel } from "./channel.js";
import { checkIntegerAtLeast, checkNonNegative, checkPositive } from "./validate.js";

export interface AffineOptions {
  /** Seed of A and b (>= 1); part of the id. */
  seed: number;
  /** Condition number c >= 1 of A. Default 10. */
  conditionNumber?: number;
  /** Standard deviation of the offset's entries, >= 0. Default 1. */
  offsetScale?: number;
  /** Per-unit scales |d_i|, log-uniform in [lo, hi] (0 < lo <= hi), with random signs; default none (D = I). */
  unitScaleRange?: readonly [number, number];
  /** Include the rotation U diag(s) V^T (default true); false with unitScaleRange: a per-unit map. */
  rotate?: boolean;
}

export interface AffineChannel extends Channel {
  readonly base: Channel;
  /** A, row-major [dim, dim]. */
  readonly matrix: Float64Array;
  /** b, length dim. */
  readonly offset: Float64Array;
}

/**
 * Haar-random orthogonal [d, d] matrix, row-major: Q of the QR decomposition (mathjs `qr`,
 * Householder) of a matrix of standard normals, each column's sign set so that R's diagonal is
 * positive, which makes Q Haar-distributed (Mezzadri 2007, "How to generate random matrices from
 * the classical compact groups"); the same Q as Gram-Schmidt on the columns, to rounding.
 */
function randomOrthogonal(d: number, rng: Rng): Float64Array {
  const g = Array.from({ length: d }, () => new Array<number>(d));
  // Draw order: row-major, as the stream has always been consumed.
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) g[i][j] = rng.normal();
  const { Q, R } = qr(g) as unknown as { Q: number[][]; R: number[][] };
  const q = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    const r = R[j][j];
    if (!(Math.abs(r) > 1e-8)) throw new Error(`affineTransform: degenerate random matrix (column ${j}); try another seed`);
    const sign = r < 0 ? -1 : 1;
    for (let i = 0; i < d; i++) q[i * d + j] = sign * Q[i][j];
  }
  return q;
}

/** A drawn invertible affine map z -> A z + b of R^dim (see the module comment), with its id. */
export interface AffineMap {
  dim: number;
  /** A, row-major [dim, dim]. */
  matrix: Float64Array;
  /** b, length dim. */
  offset: Float64Array;
  /** "seed=5,cond=20,offset=3" (what was drawn). */
  id: string;
}

/** Draw the map of AffineOptions for width `dim` (validating the options; `where` names the caller in errors). */
export function affineMap(dim: number, options: AffineOptions, where = "affineMap"): AffineMap {
  const { seed } = options;
  checkIntegerAtLeast(where, "seed", seed, 1);
  checkIntegerAtLeast(where, "dim", dim, 1);
  const c = options.conditionNumber ?? 10;
  checkPositive(where, "conditionNumber", c);
  if (c < 1) throw new Error(`${where}: conditionNumber must be >= 1, got ${c}`);
  const offsetScale = options.offsetScale ?? 1;
  checkNonNegative(where, "offsetScale", offsetScale);
  const range = options.unitScaleRange;
  if (range !== undefined) {
    if (!(Array.isArray(range) && range.length === 2 && range.every((x) => Number.isFinite(x) && x > 0) && range[0] <= range[1])) {
      throw new Error(`${where}: unitScaleRange must be [lo, hi] with 0 < lo <= hi, got ${JSON.stringify(range)}`);
    }
  }
  const rotate = options.rotate ?? true;
  if (typeof rotate !== "boolean") throw new Error(`${where}: rotate must be a boolean, got ${String(rotate)}`);
  const d = dim;
  const rng = createRng(deriveSeed(seed, "affine"));
  const matrix = new Float64Array(d * d);
  if (!rotate) {
    for (let i = 0; i < d; i++) matrix[i * d + i] = 1;
  } else if (d === 1) {
    matrix[0] = (rng.next() < 0.5 ? -1 : 1) * Math.pow(c, rng.next() - 0.5);
  } else {
    const u = randomOrthogonal(d, rng);
    const v = randomOrthogonal(d, rng);
    const s = Array.from({ length: d }, (_, i) => Math.pow(c, i / (d - 1) - 0.5));
    // A[i][j] = sum_p U[i][p] s[p] V[j][p]
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        let acc = 0;
        for (let p = 0; p < d; p++) acc += u[i * d + p] * s[p] * v[j * d + p];
        matrix[i * d + j] = acc;
      }
    }
  }
  const offset = new Float64Array(d);
  for (let i = 0; i < d; i++) offset[i] = offsetScale * rng.normal();
  if (range) {
    // Drawn after the rotation and offset, so that maps without unit scales keep their streams.
    const unitRng = createRng(deriveSeed(seed, "affine", "unit-scales"));
    const [lo, hi] = range;
    for (let i = 0; i < d; i++) {
      const scale = (unitRng.next() < 0.5 ? -1 : 1) * Math.exp(Math.log(lo) + unitRng.next() * (Math.log(hi) - Math.log(lo)));
      for (let j = 0; j < d; j++) matrix[i * d + j] *= scale;
    }
  }
  const parts = [`seed=${seed}`, ...(rotate ? [`cond=${c}`] : ["per-unit"]), ...(range ? [`scales=${range[0]}..${range[1]}`] : []), `offset=${offsetScale}`];
  return { dim: d, matrix, offset, id: parts.join(",") };
}

/** Rows of z (row-major, width map.dim) mapped to A z + b, in float64, stored as float32. */
export function applyAffineMap(map: AffineMap, z: Float32Array): Float32Array {
  const d = map.dim;
  if (z.length % d !== 0) throw new Error(`applyAffineMap: z has ${z.length} values, not a multiple of dim ${d}`);
  const out = new Float32Array(z.length);
  const row = new Float64Array(d);
  for (let r = 0; r < z.length / d; r++) {
    for (let j = 0; j < d; j++) row[j] = z[r * d + j];
    for (let i = 0; i < d; i++) {
      let acc = map.offset[i];
      for (let j = 0; j < d; j++) acc += map.matrix[i * d + j] * row[j];
      out[r * d + i] = acc;
    }
  }
  return out;
}

export function affineTransform(base: Channel, options: AffineOptions): AffineChannel {
  const map = affineMap(base.dim, options, "affineTransform");
  return {
    id: `${base.id}|affine(${map.id})`,
    dim: base.dim,
    numClasses: base.numClasses,
    miErrorBits: base.miErrorBits,
    base,
    matrix: map.matrix,
    offset: map.offset,
    sample(n: number, sampleSeed: number): LabelledData {
      const data = base.sample(n, sampleSeed);
      return { z: applyAffineMap(map, data.z), dim: base.dim, labels: data.labels, numClasses: data.numClasses };
    },
    miBits: () => base.miBits(),
    hYBits: () => base.hYBits(),
    labelProbs: () => base.labelProbs(),
  };
}

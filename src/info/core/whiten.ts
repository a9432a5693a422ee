/**
 * What a decoder sees of Z (PROTOCOL.md section 0, amended 2026-12-02): the decoder-train rows
 * define an affine map, fitted on them alone, that is applied unchanged to the train and test rows.
 *
 * - "whitened" (the registered reading): ZCA whitening on the correlation scale, "ZCA-cor" in
 *   Kessy, Lewin & Strimmer, "Optimal whitening and decorrelation" (Am. Stat. 2018). In float64,
 *   from the decoder-train rows: per-unit mean m and population SD s; units with s = 0 (constant
 *   on those rows: dead units) carry nothing and map to 0; the others are standardised,
 *   u = (z - m) / s, their correlation matrix P = u^T u / n is decomposed, P = V diag(l) V^T,
 *   directions with l <= WHITEN_RELATIVE_CUTOFF x max(l) are dropped (projected out: no usable
 *   spread there) and the rest is mapped by ZCA, z' = u V_k diag(l_k^-1/2) V_k^T. The decoder gets
 *   z' in float32, in the original `dim` columns; the train rows of z' have identity covariance
 *   on the kept directions.
 *   Why the correlation scale and not ZCA of the covariance, as the amendment's formula reads:
 *   the registered invariance property (section 3) draws per-unit scales over 1e-3..1e3, and
 *   covariance ZCA is not invariant to them. Whitening Z A gives Z C^-1/2 R with R orthogonal but
 *   not the identity unless A commutes with C (for a diagonal A: unless the units are
 *   uncorrelated), so the decoder would see the same information rotated and SGD would land
 *   elsewhere; and a unit scaled by 1e-3 beside one scaled by 1e3 has a variance ratio of 1e12,
 *   which the covariance cutoff would drop as "no spread". ZCA-cor is exactly invariant (up to
 *   float rounding) to every per-unit scale and offset, since standardising removes them first,
 *   and its cutoff is scale-free. Under a general invertible map both give the same output up to
 *   a rotation, as every second-order whitening must (whitened data are isotropic, so nothing in
 *   the covariance can fix the rotation). Both are members of the decoder family (its first layer
 *   is affine), so both are valid readings of usable information. `basis: "covariance"` keeps the
 *   amendment's literal formula for the comparison in test/info/whiten.test.ts.
 * - "standardised": per-unit (z - m) / s, constant units to 0 (sensitivity reading; the map of
 *   src/info/core/standardise.ts, so it reproduces scripts/input-scaling.ts).
 * - "raw": z as given (the reading registered until 2026-12-02; sensitivity reading).
 *
 * A Z whose map keeps no direction (every unit constant on the train rows) reads 0 bit by
 * definition: estimateUsableInfo returns 0 without training a decoder.
 */
import type { DecoderInput, LabelledData } from "../../interfaces.js";
import { symmetricEigen } from "../../stats/eigen.js";
import { unitStats } from "./standardise.js";

/** Readings of Z, registered first. */
export const DECODER_INPUTS: readonly DecoderInput[] = ["whitened", "raw", "standardised"];

/**
 * Directions of the whitening with eigenvalue <= this x the largest are dropped (PROTOCOL.md
 * section 0): float64 rounding of a rank-deficient correlation matrix leaves eigenvalues ~1e-16 x
 * the largest, while a real direction of a float32 representation with a condition number up to
 * 1e4 (the invariance property's draws) has a relative eigenvalue of 1e-8 or more.
 */
export const WHITEN_RELATIVE_CUTOFF = 1e-12;

/** An affine map fitted on decoder-train rows, applied to any rows of the same width. */
export interface InputMap {
  reading: DecoderInput;
  dim: number;
  /** Directions kept: the rank of the whitened Z, the non-constant units when standardised, dim when raw. */
  rank: number;
  /** The map applied to row-major rows of width dim (a new array; raw returns its input). */
  apply(z: Float32Array): Float32Array;
}

export interface WhiteningOptions {
  /** "correlation" (default: ZCA-cor, the registered map) or "covariance" (ZCA of the covariance, the amendment's literal formula). */
  basis?: "correlation" | "covariance";
  /** Relative eigenvalue cutoff (default WHITEN_RELATIVE_CUTOFF). */
  cutoff?: number;
}

/** The reading of a stored result: results stored before the 2026-12-02 amendment carry none and read raw Z. */
export function readingOf(p: { input?: DecoderInput }): DecoderInput {
  return p.input ?? "raw";
}

/** The identity map of the raw reading. */
export function rawMap(dim: number): InputMap {
  return { reading: "raw", dim, rank: dim, apply: (z) => z };
}

/** Per-unit standardisation fitted on `train` (constant units map to 0). */
export function fitStandardiser(train: Float32Array, dim: number, minSd = 1e-12): InputMap {
  const { mean, sd } = unitStats(train, dim, rowsOf(train, dim, "fitStandardiser"));
  let rank = 0;
  for (let j = 0; j < dim; j++) if (sd[j] > minSd) rank++;
  return {
    reading: "standardised",
    dim,
    rank,
    apply(z) {
      rowsOf(z, dim, "standardised map");
      const out = new Float32Array(z.length);
      for (let k = 0; k < z.length; k++) {
        const j = k % dim;
        out[k] = sd[j] > minSd ? (z[k] - mean[j]) / sd[j] : 0;
      }
      return out;
    },
  };
}

/** ZCA whitening fitted on `train` (module comment). */
export function fitWhitening(train: Float32Array, dim: number, opts: WhiteningOptions = {}): InputMap {
  const n = rowsOf(train, dim, "fitWhitening");
  const basis = opts.basis ?? "correlation";
  const cutoff = opts.cutoff ?? WHITEN_RELATIVE_CUTOFF;
  if (basis !== "correlation" && basis !== "covariance") throw new Error(`fitWhitening: basis must be "correlation" or "covariance", got ${String(basis)}`);
  if (!(Number.isFinite(cutoff) && cutoff >= 0 && cutoff < 1)) throw new Error(`fitWhitening: cutoff must be in [0, 1), got ${cutoff}`);
  const { mean, sd } = unitStats(train, dim, n);
  // Units with spread (all of them for the covariance basis, which drops constants through the cutoff).
  const units: number[] = [];
  for (let j = 0; j < dim; j++) if (sd[j] > 0) units.push(j);
  const p = units.length;
  const scale = new Float64Array(p);
  for (let a = 0; a < p; a++) scale[a] = basis === "correlation" ? sd[units[a]] : 1;
  // Centred (and for the correlation basis standardised) train rows of the units with spread.
  const u = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < p; a++) {
      const j = units[a];
      u[i * p + a] = (train[i * dim + j] - mean[j]) / scale[a];
    }
  }
  // Lower triangle of u^T u / n.
  const c = new Float64Array(p * p);
  for (let i = 0; i < n; i++) {
    const row = i * p;
    for (let a = 0; a < p; a++) {
      const x = u[row + a];
      if (x === 0) continue;
      const ca = a * p;
      for (let b = 0; b <= a; b++) c[ca + b] += x * u[row + b];
    }
  }
  for (let a = 0; a < p; a++) for (let b = 0; b <= a; b++) c[a * p + b] /= n;
  let rank = 0;
  // w: p x p ZCA matrix, u -> u w.
  const w = new Float64Array(p * p);
  if (p > 0) {
    const { values, vectors } = symmetricEigen(c, p);
    const top = values[p - 1];
    const kept: number[] = [];
    if (top > 0) for (let k = 0; k < p; k++) if (values[k] > cutoff * top) kept.push(k);
    rank = kept.length;
    for (const k of kept) {
      const inv = 1 / Math.sqrt(values[k]);
      for (let a = 0; a < p; a++) {
        const va = vectors[a * p + k] * inv;
        if (va === 0) continue;
        for (let b = 0; b < p; b++) w[a * p + b] += va * vectors[b * p + k];
      }
    }
  }
  return {
    reading: "whitened",
    dim,
    rank,
    apply(z) {
      const rows = rowsOf(z, dim, "whitening map");
      const out = new Float32Array(z.length);
      if (rank === 0) return out;
      const x = new Float64Array(p);
      const y = new Float64Array(p);
      for (let i = 0; i < rows; i++) {
        for (let a = 0; a < p; a++) x[a] = (z[i * dim + units[a]] - mean[units[a]]) / scale[a];
        y.fill(0);
        for (let a = 0; a < p; a++) {
          const xa = x[a];
          if (xa === 0) continue;
          const wa = a * p;
          for (let b = 0; b < p; b++) y[b] += xa * w[wa + b];
        }
        for (let a = 0; a < p; a++) out[i * dim + units[a]] = y[a];
      }
      return out;
    },
  };
}

/** The map of a reading, fitted on `train`. */
export function fitInputMap(reading: DecoderInput, train: Float32Array, dim: number): InputMap {
  switch (reading) {
    case "whitened":
      return fitWhitening(train, dim);
    case "standardised":
      return fitStandardiser(train, dim);
    case "raw":
      return rawMap(dim);
    default:
      throw new Error(`decoder input must be one of ${DECODER_INPUTS.map((r) => `"${r}"`).join(", ")}, got ${String(reading)}`);
  }
}

/** Train and test data of one task under a fitted map (labels shared, not copied). */
export function mapRows(map: InputMap, data: LabelledData): LabelledData {
  return { ...data, z: map.apply(data.z) };
}

function rowsOf(z: Float32Array, dim: number, what: string): number {
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`${what}: dim must be a positive integer, got ${dim}`);
  if (z.length === 0 || z.length % dim !== 0) throw new Error(`${what}: z has ${z.length} values, not a positive multiple of dim ${dim}`);
  return z.length / dim;
}

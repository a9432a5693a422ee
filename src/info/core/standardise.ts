/**
 * Per-unit standardisation of activations: z'[i, j] = (z[i, j] - mean_j) / sd_j with the mean and
 * (population) SD of the first `fitRows` rows, i.e. the decoder-train rows, so that nothing of the
 * decoder-test rows leaks into the map. Units whose SD on those rows is below `minSd` are constant
 * there and map to 0. For non-constant units this is an invertible affine map of Z, so it leaves
 * the information in Z unchanged; what it changes is how fast SGD finds it (a weight's gradient
 * scales with its input) and how far batch-norm's running statistics lag (README, "Decoders and
 * input scale"). Not part of the registered protocol: the claims read raw activations; this is the
 * map behind scripts/input-scaling.ts.
 */

/** Per-unit statistics of the fit rows. */
export interface UnitStats {
  mean: Float64Array;
  sd: Float64Array;
}

/** Mean and population SD of each of `dim` units over rows [0, fitRows) of row-major z. */
export function unitStats(z: Float32Array, dim: number, fitRows: number): UnitStats {
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`unitStats: dim must be a positive integer, got ${dim}`);
  if (z.length % dim !== 0) throw new Error(`unitStats: z has ${z.length} values, not a multiple of dim ${dim}`);
  const rows = z.length / dim;
  if (!(Number.isInteger(fitRows) && fitRows >= 1 && fitRows <= rows)) throw new Error(`unitStats: fitRows must be an integer in [1, ${rows}], got ${fitRows}`);
  const mean = new Float64Array(dim);
  const sd = new Float64Array(dim);
  for (let i = 0; i < fitRows; i++) for (let j = 0; j < dim; j++) mean[j] += z[i * dim + j];
  for (let j = 0; j < dim; j++) mean[j] /= fitRows;
  for (let i = 0; i < fitRows; i++) {
    for (let j = 0; j < dim; j++) {
      const d = z[i * dim + j] - mean[j];
      sd[j] += d * d;
    }
  }
  for (let j = 0; j < dim; j++) sd[j] = Math.sqrt(sd[j] / fitRows);
  return { mean, sd };
}

/** z standardised per unit with the statistics of its first `fitRows` rows (module comment). */
export function standardiseUnits(z: Float32Array, dim: number, fitRows: number, minSd = 1e-12): Float32Array {
  const { mean, sd } = unitStats(z, dim, fitRows);
  const out = new Float32Array(z.length);
  for (let k = 0; k < z.length; k++) {
    const j = k % dim;
    out[k] = sd[j] > minSd ? (z[k] - mean[j]) / sd[j] : 0;
  }
  return out;
}

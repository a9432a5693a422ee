/** Projection of activations for the fig2d scatter plots. */

/**
 * The first two principal components of row-major [rows, width] data (power iteration with
 * deflation on the covariance; deterministic). Width 1 gives (z, 0).
 */
export function pca2(z: readonly number[], width: number): { x: number[]; y: number[] } {
  const rows = z.length / width;
  const mean = new Array(width).fill(0);
  for (let r = 0; r < rows; r++) for (let j = 0; j < width; j++) mean[j] += z[r * width + j] / rows;
  const cov = Array.from({ length: width }, () => new Array(width).fill(0));
  for (let r = 0; r < rows; r++)
    for (let i = 0; i < width; i++) for (let j = 0; j < width; j++) cov[i][j] += ((z[r * width + i] - mean[i]) * (z[r * width + j] - mean[j])) / rows;
  const comps: number[][] = [];
  for (let c = 0; c < Math.min(2, width); c++) {
    let v = Array.from({ length: width }, (_, i) => 1 / Math.sqrt(width) + (i === c ? 0.5 : 0));
    for (let it = 0; it < 200; it++) {
      const w = cov.map((row) => row.reduce((s, a, j) => s + a * v[j], 0));
      const norm = Math.hypot(...w);
      if (norm < 1e-12) break;
      v = w.map((a) => a / norm);
    }
    comps.push(v);
    const lambda = cov.reduce((s, row, i) => s + v[i] * row.reduce((t, a, j) => t + a * v[j], 0), 0);
    for (let i = 0; i < width; i++) for (let j = 0; j < width; j++) cov[i][j] -= lambda * v[i] * v[j];
  }
  const proj = (comp: number[] | undefined) =>
    Array.from({ length: rows }, (_, r) => (comp ? comp.reduce((s, a, j) => s + a * (z[r * width + j] - mean[j]), 0) : 0));
  return { x: proj(comps[0]), y: proj(comps[1]) };
}

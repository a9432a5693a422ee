/**
 * Principal components for the scatter plots of a layer's activations (paper Fig 2d / 6d): the
 * eigen-decomposition of the covariance matrix by mathjs (`eigs`, Jacobi rotations on the
 * symmetric matrix, to its own convergence test), replacing a fixed 200 power iterations that
 * never checked convergence.
 */
import { eigs } from "mathjs";

/** The first two principal components' scores of row-major [rows, width] data. */
export interface Pca2 {
  /** Scores on the first component (largest variance), one per row; centred. */
  x: number[];
  /** Scores on the second component; all 0 when width is 1. */
  y: number[];
  /** Variances along the two components (eigenvalues of the covariance, divisor rows), largest first. */
  variances: [number, number];
}

/**
 * The first two principal components of row-major [rows, width] data: scores of the centred rows
 * on the two leading eigenvectors of the covariance matrix (divisor rows). Each eigenvector's sign
 * is fixed so that its largest-magnitude entry is positive, so equal data plot equally. Width 1
 * gives (z - mean, 0). Throws on a width that does not divide the data, or non-finite values.
 */
export function pca2(z: readonly number[], width: number): Pca2 {
  if (!Number.isInteger(width) || width < 1) throw new Error(`pca2: width must be a positive integer, got ${width}`);
  if (z.length === 0 || z.length % width !== 0) throw new Error(`pca2: ${z.length} values are not rows of width ${width}`);
  for (let i = 0; i < z.length; i++) if (!Number.isFinite(z[i])) throw new Error(`pca2: value ${z[i]} at row ${Math.floor(i / width)}, column ${i % width}`);
  const rows = z.length / width;
  const mean = new Array<number>(width).fill(0);
  for (let r = 0; r < rows; r++) for (let j = 0; j < width; j++) mean[j] += z[r * width + j] / rows;
  const cov = Array.from({ length: width }, () => new Array<number>(width).fill(0));
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < width; i++) {
      const di = z[r * width + i] - mean[i];
      for (let j = i; j < width; j++) cov[i][j] += (di * (z[r * width + j] - mean[j])) / rows;
    }
  }
  for (let i = 0; i < width; i++) for (let j = 0; j < i; j++) cov[i][j] = cov[j][i];
  // mathjs returns the eigenvalues ascending, each with its eigenvector.
  const pairs = eigs(cov).eigenvectors.map((e) => ({ value: e.value as number, vector: (e.vector as number[]).slice() }));
  pairs.sort((a, b) => b.value - a.value);
  for (const p of pairs) {
    const big = p.vector.reduce((best, v, i) => (Math.abs(v) > Math.abs(p.vector[best]) ? i : best), 0);
    if (p.vector[big] < 0) p.vector = p.vector.map((v) => -v);
  }
  const scores = (v: number[] | undefined): number[] =>
    Array.from({ length: rows }, (_, r) => {
      if (!v) return 0;
      let s = 0;
      for (let j = 0; j < width; j++) s += v[j] * (z[r * width + j] - mean[j]);
      return s;
    });
  return { x: scores(pairs[0].vector), y: scores(pairs[1]?.vector), variances: [Math.max(0, pairs[0].value), Math.max(0, pairs[1]?.value ?? 0)] };
}

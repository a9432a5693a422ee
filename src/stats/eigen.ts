/**
 * Eigendecomposition of a real symmetric matrix in float64: A = V diag(values) V^T with V
 * orthogonal, eigenvalues in ascending order. Householder reduction to tridiagonal form, then the
 * implicit QL iteration with Wilkinson shifts on the tridiagonal matrix (the classic EISPACK
 * pair tred2 / tql2, as in Golub & Van Loan, "Matrix Computations", sections 8.3). O(n^3), about
 * 0.3 s for n = 512 here. Used by the decoder-input whitening (src/info/core/whiten.ts).
 */

/** Result of symmetricEigen: eigenvalues ascending; vectors row-major, column k the k-th eigenvector. */
export interface SymmetricEigen {
  n: number;
  values: Float64Array;
  /** Row-major n x n; vectors[i * n + k] is component i of eigenvector k. */
  vectors: Float64Array;
}

/**
 * Eigenvalues and eigenvectors of the symmetric n x n matrix `a` (row-major; only its lower
 * triangle is read, so a matrix that is symmetric up to rounding is fine). Throws on a non-finite
 * entry, and when the QL iteration does not converge (never seen; it converges in a few sweeps).
 */
export function symmetricEigen(a: ArrayLike<number>, n: number): SymmetricEigen {
  if (!Number.isInteger(n) || n < 1) throw new Error(`symmetricEigen: n must be a positive integer, got ${n}`);
  if (a.length !== n * n) throw new Error(`symmetricEigen: the matrix has ${a.length} entries, expected n * n = ${n * n}`);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const x = a[i * n + j];
      if (!Number.isFinite(x)) throw new Error(`symmetricEigen: entry (${i}, ${j}) is ${x}`);
      v[i * n + j] = x;
      v[j * n + i] = x;
    }
  }
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tridiagonalise(v, d, e, n);
  diagonalise(v, d, e, n);
  // Sort ascending (selection sort: n swaps at most, vectors move with their values).
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    for (let j = i + 1; j < n; j++) if (d[j] < d[k]) k = j;
    if (k !== i) {
      const t = d[i];
      d[i] = d[k];
      d[k] = t;
      for (let r = 0; r < n; r++) {
        const x = v[r * n + i];
        v[r * n + i] = v[r * n + k];
        v[r * n + k] = x;
      }
    }
  }
  return { n, values: d, vectors: v };
}

/**
 * Householder reduction of the symmetric matrix in `v` to tridiagonal form: on return d holds the
 * diagonal, e[1..n-1] the subdiagonal (e[0] = 0) and v the accumulated orthogonal transformation.
 */
function tridiagonalise(v: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) d[j] = v[(n - 1) * n + j];
  for (let i = n - 1; i > 0; i--) {
    // Scale the row to avoid under/overflow.
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = v[(i - 1) * n + j];
        v[i * n + j] = 0;
        v[j * n + i] = 0;
      }
    } else {
      // The Householder vector.
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      // Apply the similarity transformation to the remaining columns.
      for (let j = 0; j < i; j++) {
        f = d[j];
        v[j * n + i] = f;
        g = e[j] + v[j * n + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += v[k * n + j] * d[k];
          e[k] += v[k * n + j] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        for (let k = j; k <= i - 1; k++) v[k * n + j] -= f * e[k] + g * d[k];
        d[j] = v[(i - 1) * n + j];
        v[i * n + j] = 0;
      }
    }
    d[i] = h;
  }
  // Accumulate the transformations.
  for (let i = 0; i < n - 1; i++) {
    v[(n - 1) * n + i] = v[i * n + i];
    v[i * n + i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = v[k * n + i + 1] / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += v[k * n + i + 1] * v[k * n + j];
        for (let k = 0; k <= i; k++) v[k * n + j] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) v[k * n + i + 1] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = v[(n - 1) * n + j];
    v[(n - 1) * n + j] = 0;
  }
  v[(n - 1) * n + (n - 1)] = 1;
  e[0] = 0;
}

/** Largest number of QL iterations per eigenvalue before giving up (it takes 1-3 in practice). */
const MAX_QL_ITERATIONS = 60;

/**
 * Implicit QL with shifts on the tridiagonal (d, e), accumulating into v. The rotations combine
 * two columns of v; they run on the transpose (two contiguous rows), 6x faster at n = 512.
 */
function diagonalise(v: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  const w = transpose(v, n);
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    // Find a small subdiagonal element.
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]) > eps * tst1) m++;
    // If m === l, d[l] is already an eigenvalue; otherwise iterate.
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > MAX_QL_ITERATIONS) throw new Error(`symmetricEigen: no convergence for eigenvalue ${l} of ${n} after ${MAX_QL_ITERATIONS} iterations`);
        // Compute the implicit shift.
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        // Implicit QL transformation.
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          // Accumulate the transformation (columns i, i + 1 of v = rows of w).
          const wi = i * n;
          const wj = wi + n;
          for (let k = 0; k < n; k++) {
            h = w[wj + k];
            w[wj + k] = s * w[wi + k] + c * h;
            w[wi + k] = c * w[wi + k] - s * h;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
  v.set(transpose(w, n));
}

function transpose(a: Float64Array, n: number): Float64Array {
  const t = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t[j * n + i] = a[i * n + j];
  return t;
}

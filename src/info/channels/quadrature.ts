/**
 * Quadrature for expectations over a standard normal.
 *
 * Gauss-Hermite nodes and weights (weight exp(-x^2)) by the Golub-Welsch algorithm: the nodes are
 * the eigenvalues of the symmetric tridiagonal Jacobi matrix of the physicists' Hermite
 * polynomials (zero diagonal, off-diagonal sqrt(j/2), j = 1..n-1) and the weights are
 * sqrt(pi) * v0^2, v0 the first component of each unit eigenvector. The eigenproblem is solved by
 * implicit QL with Wilkinson shifts (Numerical Recipes' tqli), carrying only the first row of the
 * eigenvector matrix, O(n^2). Unlike Newton on the three-term recurrence, this neither overflows
 * nor needs initial guesses for large n (Newton broke down near n = 200 here).
 */

export interface GaussHermiteRule {
  /** Nodes x_i, ascending. */
  nodes: Float64Array;
  /** Weights w_i: sum_i w_i f(x_i) ~ integral f(x) exp(-x^2) dx; they sum to sqrt(pi). */
  weights: Float64Array;
}

const ruleCache = new Map<number, GaussHermiteRule>();

/** The n-point Gauss-Hermite rule (cached; the arrays are shared, do not modify them). */
export function gaussHermite(n: number): GaussHermiteRule {
  if (!Number.isInteger(n) || n < 1) throw new Error(`gaussHermite: n must be an integer >= 1, got ${n}`);
  const cached = ruleCache.get(n);
  if (cached) return cached;
  const d = new Float64Array(n); // diagonal -> eigenvalues
  const e = new Float64Array(n); // e[i] couples i and i+1; e[n-1] = 0
  const z = new Float64Array(n); // first row of the eigenvector matrix
  for (let j = 1; j < n; j++) e[j - 1] = Math.sqrt(j / 2);
  z[0] = 1;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    let m: number;
    do {
      for (m = l; m < n - 1; m++) {
        const dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
        if (Math.abs(e[m]) <= Number.EPSILON * dd) break;
      }
      if (m !== l) {
        if (iter++ === 100) throw new Error(`gaussHermite: QL did not converge for n = ${n}`);
        let g = (d[l + 1] - d[l]) / (2 * e[l]);
        let r = Math.hypot(g, 1);
        g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
        let s = 1;
        let c = 1;
        let p = 0;
        let i: number;
        let underflow = false;
        for (i = m - 1; i >= l; i--) {
          let f = s * e[i];
          const b = c * e[i];
          r = Math.hypot(f, g);
          e[i + 1] = r;
          if (r === 0) {
            d[i + 1] -= p;
            e[m] = 0;
            underflow = true;
            break;
          }
          s = f / r;
          c = g / r;
          g = d[i + 1] - p;
          r = (d[i] - g) * s + 2 * c * b;
          p = s * r;
          d[i + 1] = g + p;
          g = c * r - b;
          f = z[i + 1];
          z[i + 1] = s * z[i] + c * f;
          z[i] = c * z[i] - s * f;
        }
        if (underflow) continue;
        d[l] -= p;
        e[l] = g;
        e[m] = 0;
      }
    } while (m !== l);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => d[a] - d[b]);
  const rule: GaussHermiteRule = {
    nodes: Float64Array.from(order, (i) => d[i]),
    weights: Float64Array.from(order, (i) => Math.sqrt(Math.PI) * z[i] * z[i]),
  };
  ruleCache.set(n, rule);
  return rule;
}

/** E[f(N)], N ~ N(0, 1), by the n-point Gauss-Hermite rule: sum_i w_i f(sqrt(2) x_i) / sqrt(pi). */
export function normalExpectation(f: (x: number) => number, n: number): number {
  const { nodes, weights } = gaussHermite(n);
  let acc = 0;
  for (let i = 0; i < n; i++) acc += weights[i] * f(Math.SQRT2 * nodes[i]);
  return acc / Math.sqrt(Math.PI);
}

/**
 * Trapezoid rule on [a, b] with the smallest number of equal steps not longer than h. For analytic
 * integrands that vanish at both ends (as used here) its error falls exponentially in 1/h.
 */
export function trapezoid(f: (x: number) => number, a: number, b: number, h: number): number {
  const steps = Math.max(1, Math.ceil((b - a) / h));
  const step = (b - a) / steps;
  let acc = 0.5 * (f(a) + f(b));
  for (let i = 1; i < steps; i++) acc += f(a + i * step);
  return acc * step;
}

/** ln(1 + e^u) without overflow. */
export function softplus(u: number): number {
  return u > 0 ? u + Math.log1p(Math.exp(-u)) : Math.log1p(Math.exp(u));
}

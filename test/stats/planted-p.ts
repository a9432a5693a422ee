/**
 * Planted arms whose one-sided t-test p-value is known in advance, for the three-way tests of the
 * between-arm comparisons (PROTOCOL.md section 2: one-sided p < 0.05 in the claimed direction).
 * The t quantiles come from an independent implementation (scipy.stats.t.isf(p, df), SciPy
 * 1.17), not from src/stats, so a test built on them also checks the p-values themselves.
 */

/** Upper-tail t quantiles t_{1-p, df} for the planted p-values, from scipy.stats.t.isf. */
export const T_UPPER: Readonly<Record<2 | 4, Readonly<Record<number, number>>>> = {
  2: { 0.03: 3.896425359761488, 0.07: 2.3833781805368806 },
  4: { 0.03: 2.600761995049776, 0.07: 1.8375235149448665 },
};

function quantile(df: 2 | 4, p: number): number {
  const t = T_UPPER[df][p];
  if (t === undefined) throw new Error(`no planted t quantile for p = ${p}, df = ${df} (have ${Object.keys(T_UPPER[df]).join(", ")})`);
  return t;
}

/**
 * Three values per arm, b = [m - s, m, m + s] and a = b + delta, so that Welch's test has equal
 * variances, df = 4 and t = delta / (s sqrt(2/3)); delta is set for a one-sided p of `p` (a > b).
 */
export function welchArmsAtP(p: number, m: number, s: number): { a: number[]; b: number[] } {
  const delta = quantile(4, p) * s * Math.sqrt(2 / 3);
  const b = [m - s, m, m + s];
  return { a: b.map((v) => v + delta), b };
}

/**
 * Three pairs whose differences a - b are [delta - s, delta, delta + s] (SD s, df = 2,
 * t = delta sqrt(3) / s), delta set for a one-sided paired p of `p` (a > b). The b values vary
 * by seed (`base`, 3 entries) so that the pairing matters.
 */
export function pairedArmsAtP(p: number, base: readonly number[], s: number): { a: number[]; b: number[] } {
  if (base.length !== 3) throw new Error(`pairedArmsAtP: base needs 3 values, got ${base.length}`);
  const delta = (quantile(2, p) * s) / Math.sqrt(3);
  const d = [delta - s, delta, delta + s];
  return { a: base.map((v, i) => v + d[i]), b: [...base] };
}

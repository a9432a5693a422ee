/**
 * Student t distribution (CDF and quantile) via the regularized incomplete beta function.
 * Implemented here because neither installed library has it: simple-statistics 7 gives the t
 * statistic only (tTest, tTestTwoSample) and mathjs 15 has no t CDF or quantile. References:
 * Numerical Recipes 3rd ed. (Press et al. 2007) sections 6.4 (incomplete beta, Lentz continued
 * fraction), 6.14.9 (t CDF). ln Gamma and erf come from simple-statistics (gammaln, errorFunction),
 * not mathjs, measured: mathjs 15's lgamma is off by 2e-12 at 0.5 and 1e-10 at 100 (the reference
 * tests ask for 1e-13 and 5e-12; simple-statistics' gammaln is within 1e-15 of scipy there), and
 * importing mathjs takes 1.9 to 2.6 s on the 2-core CI machine, which every process that loads the
 * statistics would pay for an erf only tCdf(t, Infinity) uses; simple-statistics' errorFunction is
 * the same Numerical Recipes fit this module used before (|error| < 1.2e-7).
 */
import { errorFunction, gammaln } from "simple-statistics";

/** ln Gamma(x) for x > 0 (simple-statistics gammaln: Lanczos, g = 607/128, 15 terms). */
export function logGamma(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new Error(`logGamma: x must be finite and > 0, got ${x}`);
  return gammaln(x);
}

/** Continued fraction of I_x(a, b) (modified Lentz), NR eq. 6.4.5. */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const TINY = 1e-300;
  const EPS = 1e-15;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) return h;
  }
  throw new Error(`incomplete beta: continued fraction did not converge (x=${x}, a=${a}, b=${b})`);
}

/** Regularized incomplete beta I_x(a, b) = B(x; a, b) / B(a, b), for x in [0, 1], a, b > 0. */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0) || !Number.isFinite(a) || !Number.isFinite(b)) {
    throw new Error(`regularizedIncompleteBeta: a and b must be finite and > 0, got a=${a}, b=${b}`);
  }
  if (!(x >= 0 && x <= 1)) throw new Error(`regularizedIncompleteBeta: x must lie in [0, 1], got ${x}`);
  if (x === 0) return 0;
  if (x === 1) return 1;
  const lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  const front = Math.exp(lnFront);
  // The continued fraction converges fast for x < (a+1)/(a+b+2); use the symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

function checkDf(df: number, fn: string): void {
  if (!(df > 0) || Number.isNaN(df)) throw new Error(`${fn}: degrees of freedom must be > 0, got ${df}`);
}

/**
 * P(T <= t) for Student t with df degrees of freedom (df may be fractional, e.g. Welch; df =
 * Infinity gives the normal). Tail = I_{df/(df+t^2)}(df/2, 1/2) / 2.
 */
export function tCdf(t: number, df: number): number {
  checkDf(df, "tCdf");
  if (Number.isNaN(t)) throw new Error("tCdf: t is NaN");
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  if (df === Infinity) return normalCdf(t);
  const tail = 0.5 * regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/** P(T >= t), computed without cancellation for large t. */
export function tSurvival(t: number, df: number): number {
  return tCdf(-t, df);
}

/** Standard normal CDF, from erf (simple-statistics errorFunction, |error| < 1.2e-7); symmetric in z. */
export function normalCdf(z: number): number {
  const erfc = 1 - errorFunction(Math.abs(z) / Math.SQRT2);
  return z >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
}

/**
 * Quantile of Student t: the t with tCdf(t, df) = p, p in (0, 1). Bracketing plus bisection on
 * tCdf (monotone), to |dt| < 1e-12 * max(1, |t|). Example: tQuantile(0.975, 7) = 2.364624.
 */
export function tQuantile(p: number, df: number): number {
  checkDf(df, "tQuantile");
  if (!(p > 0 && p < 1)) throw new Error(`tQuantile: p must lie in (0, 1), got ${p}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -tQuantile(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (tCdf(hi, df) < p) {
    lo = hi;
    hi *= 2;
    if (hi > 1e300) return Infinity;
  }
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (tCdf(mid, df) < p) lo = mid;
    else hi = mid;
    if (hi - lo < 1e-12 * Math.max(1, hi)) break;
  }
  return 0.5 * (lo + hi);
}

/**
 * One-hot Gaussian channel: Y uniform on {0..k-1}, Z = a e_Y + sigma N in R^k, N ~ N(0, I_k),
 * optionally followed by (dim - k) pure-noise coordinates sigma N'. The posterior is
 * softmax(a z_{0..k-1} / sigma^2); the extra coordinates carry no information.
 *
 * Let s = a / sigma. By symmetry condition on Y = 0 and write N_j for the noise of coordinate j:
 *   -ln p(0|Z) = ln T' - s N_0,   T' = e^{s N_0} + sum_{j=1}^{k-1} e^{s N_j - s^2},
 * so H(Y|Z) = E[ln T'] nats (E[s N_0] = 0). Frullani's integral ln x = int_0^inf (e^{-t} - e^{-tx}) dt/t
 * and the independence of the k terms of T' reduce this k-dimensional expectation to
 *   H(Y|Z) = int_R [ exp(-e^x) - L(e^x) L(e^{x - s^2})^{k-1} ] dx  nats,
 *   L(t) = E[exp(-t e^{s N})]  (the lognormal Laplace transform, a 1-D Gaussian integral),
 * and I(Z;Y) = log2 k - H(Y|Z) / ln 2 bits.
 *
 * Both integrals are done by the trapezoid rule, whose error falls exponentially in 1/step for
 * these analytic integrands: x with step 0.2 on [-(s^2/2 + ln k) - 40, 10 s + 40] (the
 * integrand is ~e^x (E[T'] - 1) below and ~P(s N < -x) above), and L with step min(0.25, 0.25/s)
 * on N in [-9, 9]. The tests check this against the antipodal channel (k = 2 equals d = s / sqrt 2)
 * to ~1e-12, against a halved-step rerun, and against seeded Monte Carlo within a few standard errors.
 * Halving both steps moves the result by < 1e-12 nats for k up to 1e5 and s up to 20.
 * Above s = 30, H(Y|Z) < 1e-90 (Fano with the union bound) and 0 is returned.
 * Cost (cached after the first call): ~10 ms at s = 3, ~80 ms at s = 8, ~0.4 s at s = 20.
 */
import type { LabelledData } from "../../interfaces.js";
import type { Channel } from "./channel.js";
import { sampleUniformLabelRows, uniformProbs } from "./labels.js";
import { trapezoid } from "./quadrature.js";
import { checkIntegerAtLeast, checkNonNegative, checkPositive } from "./validate.js";

/** Error bound claimed for the quadrature, bits (halving both steps moves it by < 1e-12). */
export const ONE_HOT_MI_ERROR_BITS = 1e-9;

/** Step of the outer (x = ln t) trapezoid rule; the integrand is analytic for |Im x| < pi/2. */
const OUTER_STEP = 0.2;
/** Above this s, H(Y|Z) is 0 to double precision for any practical k (see below). */
const LARGE_S = 30;
/** Half-width of the normal range of the inner integral: P(|N| > 9) ~ 2e-19. */
const INNER_RANGE = 9;

/**
 * 1 - L(t) = E[1 - exp(-t e^{sN})], N ~ N(0, 1), by the trapezoid rule with the given step. Working
 * with 1 - L (a sum of non-negative terms, each from expm1) keeps its relative accuracy when it is
 * tiny, which L^{k-1} for large k needs; the truncation to |N| <= 9 costs at most 2e-19 absolute.
 */
function oneMinusLaplace(t: number, s: number, step: number): number {
  const f = (u: number): number => -Math.expm1(-t * Math.exp(s * u)) * Math.exp(-0.5 * u * u);
  // Rounding can push the sum a few ulps past 1 when L(t) ~ 0.
  return Math.min(1, trapezoid(f, -INNER_RANGE, INNER_RANGE, step) / Math.sqrt(2 * Math.PI));
}

/**
 * H(Y|Z) in nats of the one-hot Gaussian channel with k classes and s = a / sigma (see the module
 * comment). `refine` divides both trapezoid steps (for the convergence check in the tests).
 */
export function oneHotGaussianCondEntropyNats(k: number, s: number, refine = 1): number {
  checkIntegerAtLeast("oneHotGaussianCondEntropyNats", "k", k, 2);
  checkNonNegative("oneHotGaussianCondEntropyNats", "s", s);
  if (s === 0) return Math.log(k);
  // Fano: H(Y|Z) <= H_b(Pe) + Pe ln(k-1) with Pe <= (k-1) Q(s/sqrt 2) < (k-1) 1e-98 here.
  if (s > LARGE_S) return 0;
  const innerStep = Math.min(0.25, 0.25 / s) / refine;
  const shift = Math.exp(-s * s);
  // g = e^{-t} - L(t) L(t e^{-s^2})^{k-1} = expm1(-t) - expm1(ln L(t) + (k-1) ln L(t e^{-s^2})),
  // both terms to relative accuracy, so that the small differences at small t do not drown in rounding.
  const g = (x: number): number => {
    const t = Math.exp(x);
    const logL0 = Math.log1p(-oneMinusLaplace(t, s, innerStep));
    const logL1 = Math.log1p(-oneMinusLaplace(t * shift, s, innerStep));
    return Math.expm1(-t) - Math.expm1(logL0 + (k - 1) * logL1);
  };
  const lo = -(0.5 * s * s + Math.log(k)) - 40;
  const hi = 10 * s + 40;
  const h = trapezoid(g, lo, hi, OUTER_STEP / refine);
  // Keep rounding (~1e-13) from leaving [0, ln k].
  return Math.min(Math.log(k), Math.max(0, h));
}

/** I(Z;Y) in bits of the one-hot Gaussian channel with k classes and s = a / sigma >= 0. */
export function oneHotGaussianMiBits(k: number, s: number): number {
  return Math.log2(k) - oneHotGaussianCondEntropyNats(k, s) / Math.LN2;
}

export interface OneHotGaussianOptions {
  /** Number of classes, >= 2. */
  k: number;
  /** Amplitude of the class code a >= 0 (a = 0 gives I = 0). */
  amplitude: number;
  /** Noise standard deviation on every coordinate, > 0. */
  sigma: number;
  /** Width of Z, >= k; coordinates k..dim-1 are pure noise. Default k. */
  dim?: number;
}

export interface OneHotGaussianChannel extends Channel {
  readonly k: number;
  readonly amplitude: number;
  readonly sigma: number;
}

export function oneHotGaussian(options: OneHotGaussianOptions): OneHotGaussianChannel {
  const where = "oneHotGaussian";
  const { k, amplitude, sigma } = options;
  checkIntegerAtLeast(where, "k", k, 2);
  checkNonNegative(where, "amplitude", amplitude);
  checkPositive(where, "sigma", sigma);
  const dim = options.dim ?? k;
  checkIntegerAtLeast(where, "dim", dim, k);
  let mi: number | null = null;
  return {
    id: `one-hot-gaussian(k=${k},a=${amplitude},sigma=${sigma}${dim === k ? "" : `,dim=${dim}`})`,
    dim,
    numClasses: k,
    miErrorBits: ONE_HOT_MI_ERROR_BITS,
    k,
    amplitude,
    sigma,
    sample(n: number, seed: number): LabelledData {
      return sampleUniformLabelRows(where, n, seed, k, dim, (z, row, y, noiseRng) => {
        for (let j = 0; j < dim; j++) z[row + j] = (j === y ? amplitude : 0) + sigma * noiseRng.normal();
      });
    },
    miBits: () => (mi ??= oneHotGaussianMiBits(k, amplitude / sigma)),
    hYBits: () => Math.log2(k),
    labelProbs: () => uniformProbs(k),
  };
}

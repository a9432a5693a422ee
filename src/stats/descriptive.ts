/**
 * Descriptive statistics over seeds: mean, sample sd, standard error, t-based confidence interval,
 * paired differences. All functions throw, naming the statistic, on empty input or NaN/Infinity.
 * The arithmetic is simple-statistics' (mean: compensated sum; variance: divisor n - 1); this
 * module adds the input checks and the intervals.
 */
import { mean as ssMean, sampleStandardDeviation, sampleVariance } from "simple-statistics";
import { tQuantile } from "./distributions.js";

/** Default two-sided confidence level of every interval in the suite. */
export const DEFAULT_LEVEL = 0.95;

/** Throws unless xs is non-empty and every entry is finite; `what` names the caller in the error. */
export function checkFinite(xs: ArrayLike<number>, what: string): void {
  if (xs.length === 0) throw new Error(`${what}: empty input`);
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new Error(`${what}: non-finite value ${v} at index ${i}`);
    }
  }
}

function checkLevel(level: number, what: string): void {
  if (!(level > 0 && level < 1)) throw new Error(`${what}: confidence level must lie in (0, 1), got ${level}`);
}

/** Arithmetic mean. */
export function mean(xs: ArrayLike<number>): number {
  checkFinite(xs, "mean");
  return ssMean(Array.from(xs));
}

/** Sample variance sum (x - mean)^2 / (n - 1). Needs n >= 2. */
export function variance(xs: ArrayLike<number>): number {
  checkFinite(xs, "variance");
  if (xs.length < 2) throw new Error(`variance: needs at least 2 values, got ${xs.length}`);
  return sampleVariance(Array.from(xs));
}

/** Sample standard deviation sqrt(sum (x - mean)^2 / (n - 1)). Needs n >= 2. */
export function sd(xs: ArrayLike<number>): number {
  checkFinite(xs, "sd");
  if (xs.length < 2) throw new Error(`sd: needs at least 2 values, got ${xs.length}`);
  return sampleStandardDeviation(Array.from(xs));
}

/** Standard error of the mean sd / sqrt(n). Needs n >= 2. */
export function sem(xs: ArrayLike<number>): number {
  checkFinite(xs, "sem");
  if (xs.length < 2) throw new Error(`sem: needs at least 2 values, got ${xs.length}`);
  return sd(xs) / Math.sqrt(xs.length);
}

/** Mean with its t interval. `ci`, `sd`, `sem` are null when n = 1 (undefined, not zero). */
export interface MeanSummary {
  n: number;
  mean: number;
  sd: number | null;
  sem: number | null;
  /** mean -/+ t_{(1+level)/2, n-1} * sem; null when n = 1. */
  ci: [number, number] | null;
  level: number;
}

/** mean +/- t_{(1+level)/2, n-1} * sd / sqrt(n) (Student 1908). One value: ci = null. */
export function meanCi(xs: ArrayLike<number>, level = DEFAULT_LEVEL): MeanSummary {
  checkFinite(xs, "meanCi");
  checkLevel(level, "meanCi");
  const n = xs.length;
  const m = mean(xs);
  if (n < 2) return { n, mean: m, sd: null, sem: null, ci: null, level };
  const s = sd(xs);
  const se = s / Math.sqrt(n);
  const half = tQuantile((1 + level) / 2, n - 1) * se;
  return { n, mean: m, sd: s, sem: se, ci: [m - half, m + half], level };
}

/** Differences a[i] - b[i] (same seed in both arms) and their mean summary. */
export interface PairedSummary extends MeanSummary {
  diffs: number[];
}

/** Paired differences a[i] - b[i] with the t interval of their mean. Lengths must match. */
export function pairedDifferences(a: ArrayLike<number>, b: ArrayLike<number>, level = DEFAULT_LEVEL): PairedSummary {
  checkFinite(a, "pairedDifferences (a)");
  checkFinite(b, "pairedDifferences (b)");
  if (a.length !== b.length) {
    throw new Error(`pairedDifferences: arms must have equal length (paired by seed), got ${a.length} and ${b.length}`);
  }
  const diffs = Array.from({ length: a.length }, (_, i) => a[i] - b[i]);
  return { ...meanCi(diffs, level), diffs };
}

/** Formats a number for messages: 4 significant digits, no exponent for ordinary magnitudes. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e5) return String(Number(x.toPrecision(4)));
  return x.toExponential(3);
}

/**
 * Claim predicates (CLAIMS.md "pass when" rules). Each returns a Verdict whose `message` is the
 * sentence a failing claim prints: the measured statistic, its CI, n, and the threshold.
 *
 * Shared semantics (decided here, one place):
 * - Inputs are values after clipping (see clip.ts); "mean" is the mean over seeds.
 * - Empty input, NaN or +/-Infinity, mismatched lengths: throw, naming the predicate. These are
 *   bugs in the caller, not outcomes. (Check learned-seed counts before calling.)
 * - One seed: the point-estimate rules still apply (the mean of one seed is a mean) but the CI is
 *   undefined; the message says "n=1, CI undefined". Tests that need a variance (Welch, paired
 *   p, Spearman) return a failing verdict with `insufficient: true` and statistic NaN.
 * - Boundaries: "<=" / ">=" rules pass at equality; strict rules ("<", ">", p < alpha) do not.
 * - Ties in Spearman use average ranks; a constant variable gives rho = 0 and p = 1 (fails
 *   every "related" / "decreases" rule with a negative threshold).
 * - Rises-then-falls: the peak is the first index of the maximum; a peak at the first or last
 *   probe (including a flat or monotone curve) fails.
 */

import { checkFinite, DEFAULT_LEVEL, fmt, mean, meanCi, pairedDifferences } from "./descriptive.js";
import { bootstrapCi, pairedTTest, spearman, welchTTest } from "./tests.js";

export type Comparison = "<=" | ">=" | "<" | ">";

/** Uniform result of every predicate; JSON-serialisable (for task.meta). */
export interface Verdict {
  /** Predicate name, e.g. "atMost". */
  predicate: string;
  /** What was measured, e.g. "final layer-5 colour info (bits)"; "" when not given. */
  label: string;
  pass: boolean;
  /** The number compared with `threshold` (a mean, a rho, a p-value, a drop; see statisticName). */
  statistic: number;
  statisticName: string;
  /** pass requires `statistic comparison threshold` (plus any extra condition the message names). */
  comparison: Comparison;
  threshold: number;
  /** Two-sided CI of `statistic` at `level`; absent when undefined (n = 1, p-values). */
  ci?: [number, number];
  level?: number;
  /** Number of seeds (or layers, or runs) the statistic is computed over. */
  n: number;
  p?: number;
  /** The effect behind a p-value (mean difference, rho), with its CI when available. */
  effect?: { name: string; value: number; ci?: [number, number] };
  /** True when there were too few points for the test; then pass = false and statistic = NaN. */
  insufficient?: boolean;
  /** Predicate-specific numbers (per-seed drops, per-epoch means, ...). */
  details?: Record<string, unknown>;
  message: string;
}

export interface PredicateOptions {
  /** What is measured, used in the message (default: none). */
  label?: string;
  /** Two-sided confidence level of reported intervals (default 0.95). */
  level?: number;
}

function holds(x: number, c: Comparison, t: number): boolean {
  switch (c) {
    case "<=":
      return x <= t;
    case ">=":
      return x >= t;
    case "<":
      return x < t;
    case ">":
      return x > t;
  }
}

function check(predicate: string, arg: string, xs: ArrayLike<number>): void {
  try {
    checkFinite(xs, arg);
  } catch (e) {
    throw new Error(`${predicate}: ${(e as Error).message}`);
  }
}

function checkThreshold(predicate: string, name: string, t: number): void {
  if (!Number.isFinite(t)) throw new Error(`${predicate}: ${name} must be finite, got ${t}`);
}

/** "95% CI [lo, hi], n=8 seeds", or "n=1 seed, CI undefined". `unit` is singular. */
function ciText(ci: [number, number] | undefined | null, level: number, n: number, unit = "seed"): string {
  const units = `n=${n} ${unit}${n === 1 ? "" : "s"}`;
  if (!ci) return `${units}, CI undefined`;
  return `${Math.round(level * 100)}% CI [${fmt(ci[0])}, ${fmt(ci[1])}], ${units}`;
}

function head(pass: boolean, predicate: string, label: string): string {
  return `${pass ? "PASS" : "FAIL"} ${predicate}${label ? `: ${label}` : ""}:`;
}

function meanRule(predicate: "atMost" | "atLeast" | "above", values: ArrayLike<number>, threshold: number, comparison: Comparison, opts: PredicateOptions): Verdict {
  check(predicate, "values", values);
  checkThreshold(predicate, "threshold", threshold);
  const level = opts.level ?? DEFAULT_LEVEL;
  const label = opts.label ?? "";
  const s = meanCi(values, level);
  const pass = holds(s.mean, comparison, threshold);
  return {
    predicate,
    label,
    pass,
    statistic: s.mean,
    statisticName: "mean",
    comparison,
    threshold,
    ...(s.ci ? { ci: s.ci } : {}),
    level,
    n: s.n,
    details: { values: Array.from(values) },
    message: `${head(pass, predicate, label)} mean = ${fmt(s.mean)} (${ciText(s.ci, level, s.n)}); pass needs mean ${comparison} ${fmt(threshold)}`,
  };
}

/** Mean over seeds <= threshold (e.g. "approximately zero": colour info <= 0.1 bit). */
export function atMost(values: ArrayLike<number>, threshold: number, opts: PredicateOptions = {}): Verdict {
  return meanRule("atMost", values, threshold, "<=", opts);
}

/** Mean over seeds >= threshold (e.g. direction info >= 0.9 * log2 n). */
export function atLeast(values: ArrayLike<number>, threshold: number, opts: PredicateOptions = {}): Verdict {
  return meanRule("atLeast", values, threshold, ">=", opts);
}

/** Mean over seeds strictly above threshold (e.g. fig6: colour info "exceeds" 10% of log2 n). */
export function above(values: ArrayLike<number>, threshold: number, opts: PredicateOptions = {}): Verdict {
  return meanRule("above", values, threshold, ">", opts);
}

/**
 * Spearman rho of per-layer values (means over seeds, first hidden layer first) against layer
 * index <= threshold (CLAIMS fig2b/c: -0.8). A flat profile has rho = 0 and fails. The one-sided
 * ("less") p is reported, not used. Needs >= 2 layers.
 */
export function decreasesWithDepth(layerValues: ArrayLike<number>, threshold = -0.8, opts: PredicateOptions = {}): Verdict {
  const predicate = "decreasesWithDepth";
  check(predicate, "layerValues", layerValues);
  checkThreshold(predicate, "threshold", threshold);
  if (layerValues.length < 2) throw new Error(`${predicate}: needs at least 2 layers, got ${layerValues.length}`);
  const label = opts.label ?? "";
  const depth = Array.from({ length: layerValues.length }, (_, i) => i + 1);
  const r = spearman(depth, layerValues, "less");
  const pass = r.rho <= threshold;
  const values = Array.from(layerValues);
  return {
    predicate,
    label,
    pass,
    statistic: r.rho,
    statisticName: "Spearman rho vs layer index",
    comparison: "<=",
    threshold,
    n: r.n,
    p: r.p,
    details: { layerValues: values, degenerate: r.degenerate },
    message:
      `${head(pass, predicate, label)} Spearman rho vs depth = ${fmt(r.rho)} over ${r.n} layers ` +
      `(per-layer values ${values.map(fmt).join(", ")}${r.degenerate ? "; constant profile" : ""}; one-sided p = ${fmt(r.p)}); ` +
      `pass needs rho <= ${fmt(threshold)}`,
  };
}

export interface LessThanOptions extends PredicateOptions {
  /** a[i] and b[i] come from the same seed: the CI is that of the paired differences. */
  paired?: boolean;
}

/**
 * mean(a) < mean(b) (strict; e.g. layer-5 colour < layer-1 colour). Statistic mean(a) - mean(b)
 * against 0; CI paired (opts.paired) or Welch; undefined when an arm has one value.
 */
export function lessThan(a: ArrayLike<number>, b: ArrayLike<number>, opts: LessThanOptions = {}): Verdict {
  const predicate = "lessThan";
  check(predicate, "a", a);
  check(predicate, "b", b);
  const level = opts.level ?? DEFAULT_LEVEL;
  const label = opts.label ?? "";
  let ci: [number, number] | undefined;
  let n: number;
  if (opts.paired) {
    if (a.length !== b.length) throw new Error(`${predicate}: paired arms must have equal length, got ${a.length} and ${b.length}`);
    const d = pairedDifferences(a, b, level);
    ci = d.ci ?? undefined;
    n = d.n;
  } else {
    if (a.length >= 2 && b.length >= 2) ci = welchTTest(a, b, "less", level).ci;
    n = Math.min(a.length, b.length);
  }
  const ma = mean(a);
  const mb = mean(b);
  const diff = ma - mb;
  const pass = diff < 0;
  const nText = opts.paired || a.length === b.length ? `${n}` : `${a.length} vs ${b.length}`;
  return {
    predicate,
    label,
    pass,
    statistic: diff,
    statisticName: "mean(a) - mean(b)",
    comparison: "<",
    threshold: 0,
    ...(ci ? { ci } : {}),
    level,
    n,
    details: { meanA: ma, meanB: mb, nA: a.length, nB: b.length, paired: !!opts.paired },
    message:
      `${head(pass, predicate, label)} mean a = ${fmt(ma)}, mean b = ${fmt(mb)}, difference = ${fmt(diff)} ` +
      `(${ciText(ci, level, n, opts.paired ? "paired seed" : "seed")}${ci ? "" : `; n = ${nText}`}); pass needs mean a < mean b`,
  };
}

export interface CurveOptions extends PredicateOptions {
  /** Probe epoch of each curve index, for messages (default: the index). */
  epochs?: readonly number[];
}

function checkCurves(predicate: string, curves: readonly ArrayLike<number>[], epochs: readonly number[] | undefined, minLength: number): number {
  if (curves.length === 0) throw new Error(`${predicate}: no curves (no seeds)`);
  const len = curves[0].length;
  curves.forEach((c, s) => {
    check(predicate, `curve of seed ${s}`, c);
    if (c.length !== len) throw new Error(`${predicate}: curves must share one probe grid; seed 0 has ${len} points, seed ${s} has ${c.length}`);
  });
  if (len < minLength) throw new Error(`${predicate}: curves need at least ${minLength} probes, got ${len}`);
  if (epochs && epochs.length !== len) throw new Error(`${predicate}: epochs has ${epochs.length} entries, curves have ${len}`);
  return len;
}

/** Mean over seeds at each probe index. */
function meanCurve(curves: readonly ArrayLike<number>[]): number[] {
  const len = curves[0].length;
  return Array.from({ length: len }, (_, j) => mean(curves.map((c) => c[j])));
}

interface PeakStats {
  peak: number;
  peakIndex: number;
  final: number;
  drop: number;
  interior: boolean;
}

/** Peak = first index of the maximum; drop = peak - final; interior = 0 < peakIndex < last. */
function peakStats(curve: ArrayLike<number>): PeakStats {
  let peakIndex = 0;
  for (let j = 1; j < curve.length; j++) if (curve[j] > curve[peakIndex]) peakIndex = j;
  const last = curve.length - 1;
  const peak = curve[peakIndex];
  const final = curve[last];
  return { peak, peakIndex, final, drop: peak - final, interior: peakIndex > 0 && peakIndex < last };
}

export interface RisesThenFallsOptions extends CurveOptions {
  /** Minimum peak - final, bits (CLAIMS fig3: 0.3). */
  minDrop: number;
  /** Every seed must rise then fall by minDrop (default true; CLAIMS fig3 "every seed"). */
  everySeed?: boolean;
  /** The mean curve over seeds must also rise then fall by minDrop (default true). */
  pooled?: boolean;
}

/**
 * Rise then fall of a curve over training (curves: seeds x probe epochs, same grid). Per seed:
 * drop = max - final >= minDrop and the first maximum strictly inside the run; pooled: the same
 * on the mean curve. Statistic: the smallest per-seed drop (everySeed) or the pooled drop.
 * Needs >= 3 probes.
 */
export function risesThenFalls(curves: readonly ArrayLike<number>[], opts: RisesThenFallsOptions): Verdict {
  const predicate = "risesThenFalls";
  checkThreshold(predicate, "minDrop", opts.minDrop);
  checkCurves(predicate, curves, opts.epochs, 3);
  const everySeed = opts.everySeed ?? true;
  const usePooled = opts.pooled ?? true;
  const level = opts.level ?? DEFAULT_LEVEL;
  const label = opts.label ?? "";
  const at = (j: number) => (opts.epochs ? opts.epochs[j] : j);
  const perSeed = curves.map(peakStats);
  const pooled = peakStats(meanCurve(curves));
  const seedOk = perSeed.map((s) => s.drop >= opts.minDrop && s.interior);
  const pooledOk = pooled.drop >= opts.minDrop && pooled.interior;
  const pass = (!everySeed || seedOk.every(Boolean)) && (!usePooled || pooledOk);
  const drops = perSeed.map((s) => s.drop);
  const statistic = everySeed ? Math.min(...drops) : pooled.drop;
  const dropSummary = meanCi(drops, level);
  const seedText = perSeed
    .map((s, i) => `seed ${i}: drop ${fmt(s.drop)}, peak at epoch ${at(s.peakIndex)}${s.interior ? "" : " (not interior)"}`)
    .join("; ");
  const failures: string[] = [];
  if (everySeed && !seedOk.every(Boolean)) failures.push(`${seedOk.filter((x) => !x).length} of ${curves.length} seeds fail`);
  if (usePooled && !pooledOk) failures.push(`mean curve fails${pooled.interior ? "" : " (peak not interior)"}`);
  return {
    predicate,
    label,
    pass,
    statistic,
    statisticName: everySeed ? "smallest per-seed peak - final" : "peak - final of the mean curve",
    comparison: ">=",
    threshold: opts.minDrop,
    level,
    n: curves.length,
    effect: { name: "mean per-seed peak - final", value: dropSummary.mean, ...(dropSummary.ci ? { ci: dropSummary.ci } : {}) },
    details: {
      perSeed: perSeed.map((s) => ({ ...s, peakEpoch: at(s.peakIndex) })),
      pooled: { ...pooled, peakEpoch: at(pooled.peakIndex) },
      everySeed,
      pooledRequired: usePooled,
    },
    message:
      `${head(pass, predicate, label)} ${everySeed ? "smallest per-seed" : "mean-curve"} drop (peak - final) = ${fmt(statistic)}; ` +
      `mean drop ${fmt(dropSummary.mean)} (${ciText(dropSummary.ci, level, curves.length)}); ` +
      `mean curve: drop ${fmt(pooled.drop)}, peak at epoch ${at(pooled.peakIndex)}; ${seedText}; ` +
      `pass needs drop >= ${fmt(opts.minDrop)} with the peak strictly inside the run` +
      `${everySeed ? " for every seed" : ""}${usePooled ? " and for the mean curve" : ""}` +
      (failures.length ? ` (${failures.join("; ")})` : ""),
  };
}

export interface DropLessThanOptions extends CurveOptions {
  /** Every seed's drop must be below maxDrop (default false: the mean over seeds). */
  everySeed?: boolean;
}

/**
 * No marked rise-fall (CLAIMS fig4lr: "peak - final < 0.15 bit"): per-seed drop = max - final;
 * pass when the mean drop over seeds (or, with everySeed, the largest) < maxDrop (strict).
 */
export function dropLessThan(curves: readonly ArrayLike<number>[], maxDrop: number, opts: DropLessThanOptions = {}): Verdict {
  const predicate = "dropLessThan";
  checkThreshold(predicate, "maxDrop", maxDrop);
  checkCurves(predicate, curves, opts.epochs, 1);
  const level = opts.level ?? DEFAULT_LEVEL;
  const label = opts.label ?? "";
  const at = (j: number) => (opts.epochs ? opts.epochs[j] : j);
  const perSeed = curves.map(peakStats);
  const drops = perSeed.map((s) => s.drop);
  const s = meanCi(drops, level);
  const statistic = opts.everySeed ? Math.max(...drops) : s.mean;
  const pass = statistic < maxDrop;
  return {
    predicate,
    label,
    pass,
    statistic,
    statisticName: opts.everySeed ? "largest per-seed peak - final" : "mean per-seed peak - final",
    comparison: "<",
    threshold: maxDrop,
    ...(!opts.everySeed && s.ci ? { ci: s.ci } : {}),
    level,
    n: curves.length,
    details: { perSeed: perSeed.map((p) => ({ ...p, peakEpoch: at(p.peakIndex) })) },
    message:
      `${head(pass, predicate, label)} ${opts.everySeed ? "largest" : "mean"} drop (peak - final) = ${fmt(statistic)} ` +
      `(mean ${fmt(s.mean)}, ${ciText(s.ci, level, s.n)}; per seed ${drops.map(fmt).join(", ")}); pass needs drop < ${fmt(maxDrop)}`,
  };
}

export interface TestPredicateOptions extends PredicateOptions {
  /** Significance level (default 0.05); pass needs p < alpha (strict). */
  alpha?: number;
}

function insufficient(predicate: string, label: string, statisticName: string, threshold: number, n: number, why: string): Verdict {
  return {
    predicate,
    label,
    pass: false,
    statistic: NaN,
    statisticName,
    comparison: "<",
    threshold,
    n,
    insufficient: true,
    message: `${head(false, predicate, label)} ${why}`,
  };
}

function checkAlpha(predicate: string, alpha: number): void {
  if (!(alpha > 0 && alpha < 1)) throw new Error(`${predicate}: alpha must lie in (0, 1), got ${alpha}`);
}

/**
 * mean(a) > mean(b) by a one-sided Welch t-test, p < alpha (CLAIMS fig6). Statistic: p. Each arm
 * needs >= 2 values, else a failing, `insufficient` verdict.
 */
export function greaterThanWelch(a: ArrayLike<number>, b: ArrayLike<number>, opts: TestPredicateOptions = {}): Verdict {
  const predicate = "greaterThanWelch";
  check(predicate, "a", a);
  check(predicate, "b", b);
  const alpha = opts.alpha ?? 0.05;
  checkAlpha(predicate, alpha);
  const level = opts.level ?? DEFAULT_LEVEL;
  const label = opts.label ?? "";
  const n = a.length + b.length;
  if (a.length < 2 || b.length < 2) {
    return insufficient(predicate, label, "one-sided Welch p", alpha, n, `Welch test needs >= 2 values per arm, got ${a.length} and ${b.length}; pass needs p < ${fmt(alpha)}`);
  }
  const r = welchTTest(a, b, "greater", level);
  const pass = r.p < alpha;
  return {
    predicate,
    label,
    pass,
    statistic: r.p,
    statisticName: "one-sided Welch p",
    comparison: "<",
    threshold: alpha,
    level,
    n,
    p: r.p,
    effect: { name: "mean(a) - mean(b)", value: r.estimate, ci: r.ci },
    details: { meanA: mean(a), meanB: mean(b), nA: a.length, nB: b.length, t: r.t, df: r.df },
    message:
      `${head(pass, predicate, label)} mean a = ${fmt(mean(a))} (n=${a.length}), mean b = ${fmt(mean(b))} (n=${b.length}), ` +
      `difference ${fmt(r.estimate)} (Welch ${Math.round(level * 100)}% CI [${fmt(r.ci[0])}, ${fmt(r.ci[1])}]), ` +
      `t = ${fmt(r.t)}, df = ${fmt(r.df)}, one-sided p = ${fmt(r.p)}; pass needs p < ${fmt(alpha)}`,
  };
}

export interface PairedGreaterOptions extends PredicateOptions {
  /** Mean paired difference must exceed this (default 0, strict). */
  margin?: number;
  /** When set, also require the one-sided paired t p < alpha (needs >= 2 pairs). */
  alpha?: number;
}

/**
 * a > b paired over seeds (CLAIMS fig5c): mean of a[i] - b[i] > margin (default 0). The paired t
 * CI and one-sided p are reported; p < alpha is required only when opts.alpha is given.
 */
export function pairedGreater(a: ArrayLike<number>, b: ArrayLike<number>, opts: PairedGreaterOptions = {}): Verdict {
  const predicate = "pairedGreater";
  check(predicate, "a", a);
  check(predicate, "b", b);
  if (a.length !== b.length) throw new Error(`${predicate}: arms must have equal length (paired by seed), got ${a.length} and ${b.length}`);
  const margin = opts.margin ?? 0;
  checkThreshold(predicate, "margin", margin);
  if (opts.alpha !== undefined) checkAlpha(predicate, opts.alpha);
  const level = opts.level ?? DEFAULT_LEVEL;
  const label = opts.label ?? "";
  const d = pairedDifferences(a, b, level);
  const p = d.n >= 2 ? pairedTTest(a, b, "greater", level).p : undefined;
  const meanOk = d.mean > margin;
  const pOk = opts.alpha === undefined || (p !== undefined && p < opts.alpha);
  const pass = meanOk && pOk;
  const pText = p === undefined ? "paired p undefined (n=1)" : `one-sided paired t p = ${fmt(p)}`;
  return {
    predicate,
    label,
    pass,
    statistic: d.mean,
    statisticName: "mean paired difference a - b",
    comparison: ">",
    threshold: margin,
    ...(d.ci ? { ci: d.ci } : {}),
    level,
    n: d.n,
    ...(p !== undefined ? { p } : {}),
    details: { diffs: d.diffs, alpha: opts.alpha ?? null },
    message:
      `${head(pass, predicate, label)} mean paired difference = ${fmt(d.mean)} (${ciText(d.ci, level, d.n, "paired seed")}; ` +
      `per seed ${d.diffs.map(fmt).join(", ")}), ${pText}; pass needs mean difference > ${fmt(margin)}` +
      (opts.alpha !== undefined ? ` and p < ${fmt(opts.alpha)}` : ""),
  };
}

export interface RelatedOptions extends TestPredicateOptions {
  /** When set, a percentile-bootstrap CI of rho (pairs resampled) is reported, from this seed. */
  bootstrapSeed?: number;
  /** Bootstrap resamples (default 2000). */
  resamples?: number;
}

function related(predicate: "negativelyRelated" | "positivelyRelated", x: ArrayLike<number>, y: ArrayLike<number>, opts: RelatedOptions): Verdict {
  check(predicate, "x", x);
  check(predicate, "y", y);
  if (x.length !== y.length) throw new Error(`${predicate}: x and y must have equal length, got ${x.length} and ${y.length}`);
  const alpha = opts.alpha ?? 0.05;
  checkAlpha(predicate, alpha);
  const level = opts.level ?? DEFAULT_LEVEL;
  const label = opts.label ?? "";
  const alternative = predicate === "negativelyRelated" ? "less" : "greater";
  if (x.length < 2) {
    return insufficient(predicate, label, "one-sided Spearman p", alpha, x.length, `Spearman needs >= 2 pairs, got ${x.length}; pass needs p < ${fmt(alpha)}`);
  }
  const r = spearman(x, y, alternative);
  let rhoCi: [number, number] | undefined;
  if (opts.bootstrapSeed !== undefined) {
    const pairs = Array.from({ length: x.length }, (_, i) => [x[i], y[i]] as const);
    rhoCi = bootstrapCi(pairs, (s) => spearman(s.map((q) => q[0]), s.map((q) => q[1])).rho, {
      seed: opts.bootstrapSeed,
      resamples: opts.resamples,
      level,
    }).ci;
  }
  const pass = r.p < alpha;
  const sign = alternative === "less" ? "negative" : "positive";
  return {
    predicate,
    label,
    pass,
    statistic: r.p,
    statisticName: `one-sided (${sign}) Spearman p`,
    comparison: "<",
    threshold: alpha,
    level,
    n: r.n,
    p: r.p,
    effect: { name: "Spearman rho", value: r.rho, ...(rhoCi ? { ci: rhoCi } : {}) },
    details: { method: r.method, degenerate: r.degenerate },
    message:
      `${head(pass, predicate, label)} Spearman rho = ${fmt(r.rho)} ` +
      `(${rhoCi ? `bootstrap ${Math.round(level * 100)}% CI [${fmt(rhoCi[0])}, ${fmt(rhoCi[1])}], ` : ""}n=${r.n}, ` +
      `${r.method === "exact" ? "exact permutation" : "t approximation"}${r.degenerate ? "; a variable is constant" : ""}), ` +
      `one-sided p = ${fmt(r.p)}; pass needs a ${sign} correlation with p < ${fmt(alpha)}`,
  };
}

/** Spearman rho < 0 with one-sided p < alpha (CLAIMS fig7: pretraining epochs vs accuracy). */
export function negativelyRelated(x: ArrayLike<number>, y: ArrayLike<number>, opts: RelatedOptions = {}): Verdict {
  return related("negativelyRelated", x, y, opts);
}

/** Spearman rho > 0 with one-sided p < alpha (CLAIMS fig7: pretraining epochs vs colour info). */
export function positivelyRelated(x: ArrayLike<number>, y: ArrayLike<number>, opts: RelatedOptions = {}): Verdict {
  return related("positivelyRelated", x, y, opts);
}

/**
 * At every probe epoch, the mean over seeds <= threshold (CLAIMS fig2xt). Statistic: the worst
 * (largest) per-epoch mean, with its CI over seeds; the worst epoch is named in the message.
 */
export function everyEpochAtMost(curves: readonly ArrayLike<number>[], threshold: number, opts: CurveOptions = {}): Verdict {
  const predicate = "everyEpochAtMost";
  checkThreshold(predicate, "threshold", threshold);
  checkCurves(predicate, curves, opts.epochs, 1);
  const level = opts.level ?? DEFAULT_LEVEL;
  const label = opts.label ?? "";
  const at = (j: number) => (opts.epochs ? opts.epochs[j] : j);
  const means = meanCurve(curves);
  let worst = 0;
  for (let j = 1; j < means.length; j++) if (means[j] > means[worst]) worst = j;
  const s = meanCi(curves.map((c) => c[worst]), level);
  const pass = means.every((m) => m <= threshold);
  const over = means.map((m, j) => (m > threshold ? at(j) : null)).filter((e) => e !== null);
  return {
    predicate,
    label,
    pass,
    statistic: means[worst],
    statisticName: "largest per-epoch mean",
    comparison: "<=",
    threshold,
    ...(s.ci ? { ci: s.ci } : {}),
    level,
    n: curves.length,
    details: { perEpochMeans: means, epochs: means.map((_, j) => at(j)), worstEpoch: at(worst), epochsOver: over },
    message:
      `${head(pass, predicate, label)} worst epoch ${at(worst)}: mean = ${fmt(means[worst])} (${ciText(s.ci, level, s.n)}); ` +
      `${over.length} of ${means.length} probe epochs above the threshold${over.length ? ` (epochs ${over.join(", ")})` : ""}; ` +
      `pass needs mean <= ${fmt(threshold)} at every epoch`,
  };
}

/** Conjunction of several verdicts of one claim: pass when all pass; message lists each. */
export function allOf(verdicts: readonly Verdict[]): { pass: boolean; message: string; verdicts: Verdict[] } {
  if (verdicts.length === 0) throw new Error("allOf: no verdicts");
  const pass = verdicts.every((v) => v.pass);
  return { pass, message: verdicts.map((v) => v.message).join("\n"), verdicts: [...verdicts] };
}

/**
 * Spearman rho of y against x strictly above a threshold (default 0), with no significance
 * requirement (CLAIMS fig7: "its correlation with last-layer final colour info is positive").
 * Statistic: rho; the one-sided p is reported, not used. Needs >= 2 pairs, else an `insufficient`
 * failing verdict; a constant variable gives rho = 0 and fails.
 */
export function correlationAbove(x: ArrayLike<number>, y: ArrayLike<number>, threshold = 0, opts: PredicateOptions = {}): Verdict {
  const predicate = "correlationAbove";
  check(predicate, "x", x);
  check(predicate, "y", y);
  checkThreshold(predicate, "threshold", threshold);
  if (x.length !== y.length) throw new Error(`${predicate}: x and y must have equal length, got ${x.length} and ${y.length}`);
  const label = opts.label ?? "";
  if (x.length < 2) {
    return { ...insufficient(predicate, label, "Spearman rho", threshold, x.length, `Spearman needs >= 2 pairs, got ${x.length}; pass needs rho > ${fmt(threshold)}`), comparison: ">" };
  }
  const r = spearman(x, y, "greater");
  const pass = r.rho > threshold;
  return {
    predicate,
    label,
    pass,
    statistic: r.rho,
    statisticName: "Spearman rho",
    comparison: ">",
    threshold,
    n: r.n,
    p: r.p,
    details: { method: r.method, degenerate: r.degenerate },
    message:
      `${head(pass, predicate, label)} Spearman rho = ${fmt(r.rho)} (n=${r.n}${r.degenerate ? "; a variable is constant" : ""}, ` +
      `one-sided p = ${fmt(r.p)}, reported only); pass needs rho > ${fmt(threshold)}`,
  };
}

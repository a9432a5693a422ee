/**
 * The claim rules (PROTOCOL.md "pass when" rules), each a predicate from seeds' values to a
 * Verdict judged by the engine of verdict.ts (outcomes, intervals against bounds, messages; its
 * header states the semantics every rule shares): bounds on a mean (atMost: "approximately zero",
 * atLeast, above, below, lessThan), orderings (decreasesWithDepth, correlationAbove), tests between
 * arms (greaterThanWelch, greaterThanPaired), trend tests (negativelyRelated: fig7's "longer
 * pretraining hurts", positivelyRelated) and curves over training (risesThenFalls, dropLessThan,
 * everyEpochAtMost).
 *
 * Rule-specific semantics:
 * - Ties in Spearman use average ranks; a constant variable gives rho = 0 and p = 1.
 * - Rises-then-falls: the peak is the first index of the maximum; the rule bounds the mean
 *   per-seed drop (peak - final) on its CI; where a rule asks for it, a peak at the first or last
 *   probe (including a flat or monotone curve) fails the "strictly inside the run" part.
 */

import { DEFAULT_LEVEL, fmt, mean, meanCi, pairedDifferences } from "./descriptive.js";
import { bootstrapCi, pairedTTest, spearman, spearmanRho, welchTTest } from "./tests.js";
import {
  boundOutcome,
  checkAlpha,
  checkRange,
  checkThreshold,
  checkValues,
  ciText,
  differenceRange,
  insufficientVerdict,
  intersect,
  meanBoundVerdict,
  seedsByScaling,
  seedsForMeanBound,
  undecidedText,
  verdictHead,
  type Outcome,
  type PredicateOptions,
  type TestPredicateOptions,
  type Verdict,
} from "./verdict.js";

/** Mean over seeds <= threshold (e.g. "approximately zero": colour info <= 0.1 bit). */
export function atMost(values: ArrayLike<number>, threshold: number, opts: PredicateOptions = {}): Verdict {
  return meanBoundVerdict("atMost", values, threshold, "<=", opts);
}

/** Mean over seeds >= threshold (e.g. direction info >= 0.9 * log2 n). */
export function atLeast(values: ArrayLike<number>, threshold: number, opts: PredicateOptions = {}): Verdict {
  return meanBoundVerdict("atLeast", values, threshold, ">=", opts);
}

/** Mean over seeds strictly above threshold (e.g. fig6: colour info "exceeds" 10% of log2 n). */
export function above(values: ArrayLike<number>, threshold: number, opts: PredicateOptions = {}): Verdict {
  return meanBoundVerdict("above", values, threshold, ">", opts);
}

/** Mean over seeds strictly below threshold (e.g. fig4lr: mean drop < 0.15 bit). */
export function below(values: ArrayLike<number>, threshold: number, opts: PredicateOptions = {}): Verdict {
  return meanBoundVerdict("below", values, threshold, "<", opts);
}

/** Spearman rho of a profile against its index 1..L (0 for a constant profile). */
function depthRho(profile: readonly number[]): number {
  return spearmanRho(
    profile.map((_, i) => i + 1),
    profile,
  );
}

/**
 * Colour falls with depth (CLAIMS fig2b/c): Spearman rho of the per-layer means over seeds against
 * layer index <= threshold (-0.8). `perSeed` is seeds x layers (first hidden layer first). An
 * ordering: reproduced when rho <= threshold; contradicted when the bootstrap CI of rho over seeds
 * (seeds resampled, layer means recomputed) lies wholly above the threshold.
 */
export function decreasesWithDepth(perSeed: readonly ArrayLike<number>[], threshold = -0.8, opts: PredicateOptions = {}): Verdict {
  const predicate = "decreasesWithDepth";
  if (perSeed.length === 0) throw new Error(`${predicate}: no seeds`);
  const layers = perSeed[0].length;
  perSeed.forEach((row, s) => {
    checkValues(predicate, `layer values of seed ${s}`, row);
    if (row.length !== layers) throw new Error(`${predicate}: seed ${s} has ${row.length} layers, seed 0 has ${layers}`);
  });
  checkThreshold(predicate, "threshold", threshold);
  if (layers < 2) throw new Error(`${predicate}: needs at least 2 layers, got ${layers}`);
  const level = opts.level ?? DEFAULT_LEVEL;
  const label = opts.label ?? "";
  const profileOf = (rows: readonly ArrayLike<number>[]) => Array.from({ length: layers }, (_, j) => mean(rows.map((r) => r[j])));
  const profile = profileOf(perSeed);
  const r = spearman(
    profile.map((_, i) => i + 1),
    profile,
    "less",
  );
  const ci =
    perSeed.length >= 2
      ? bootstrapCi(perSeed.map((row) => Array.from(row)), (sample) => depthRho(profileOf(sample)), { seed: opts.bootstrapSeed ?? 1, level }).ci
      : undefined;
  const outcome: Outcome = r.rho <= threshold ? "reproduced" : ci && ci[0] > threshold ? "contradicted" : "inconclusive";
  const undecided = outcome === "inconclusive" ? (ci ? `rho ${fmt(r.rho)} > ${fmt(threshold)} but its bootstrap CI [${fmt(ci[0])}, ${fmt(ci[1])}] reaches ${fmt(threshold)}` : `rho ${fmt(r.rho)} > ${fmt(threshold)}, one seed: no interval`) : undefined;
  const seedsNeeded = outcome === "inconclusive" && ci ? seedsByScaling(perSeed.length, (ci[1] - ci[0]) / 2, r.rho - threshold) : undefined;
  return {
    predicate,
    label,
    outcome,
    pass: outcome === "reproduced",
    statistic: r.rho,
    statisticName: "Spearman rho of the layer means vs layer index",
    comparison: "<=",
    threshold,
    ...(ci ? { ci } : {}),
    level,
    n: perSeed.length,
    p: r.p,
    ...(undecided ? { undecided, seedsNeeded: seedsNeeded ?? null } : {}),
    details: { layerValues: profile, degenerate: r.degenerate, perSeed: perSeed.map((row) => Array.from(row)) },
    message:
      `${verdictHead(outcome, predicate, label)} Spearman rho vs depth = ${fmt(r.rho)} over ${layers} layers ` +
      `(layer means ${profile.map(fmt).join(", ")}${r.degenerate ? "; constant profile" : ""}; ` +
      `${ci ? `bootstrap ${Math.round(level * 100)}% CI over ${perSeed.length} seeds [${fmt(ci[0])}, ${fmt(ci[1])}]` : "one seed, no interval"}); ` +
      `reproduced needs rho <= ${fmt(threshold)}, contradicted the whole CI > ${fmt(threshold)}` +
      (undecided ? `; undecided: ${undecided}` : ""),
  };
}

export interface LessThanOptions extends PredicateOptions {
  /** a[i] and b[i] come from the same seed: the CI is that of the paired differences. */
  paired?: boolean;
}

/**
 * mean(a) < mean(b) (e.g. layer-5 colour < layer-1 colour): a bound "< 0" on the mean difference,
 * its CI paired (opts.paired) or Welch, intersected with the feasible range of a difference.
 */
export function lessThan(a: ArrayLike<number>, b: ArrayLike<number>, opts: LessThanOptions = {}): Verdict {
  const predicate = "lessThan";
  checkValues(predicate, "a", a);
  checkValues(predicate, "b", b);
  checkRange(predicate, opts.range);
  const level = opts.level ?? DEFAULT_LEVEL;
  const label = opts.label ?? "";
  let raw: [number, number] | undefined;
  let n: number;
  let spread: number | null = null;
  if (opts.paired) {
    if (a.length !== b.length) throw new Error(`${predicate}: paired arms must have equal length, got ${a.length} and ${b.length}`);
    const d = pairedDifferences(a, b, level);
    raw = d.ci ?? undefined;
    n = d.n;
    spread = d.sd;
  } else {
    if (a.length >= 2 && b.length >= 2) raw = welchTTest(a, b, "less", level).ci;
    n = Math.min(a.length, b.length);
  }
  const ma = mean(a);
  const mb = mean(b);
  const diff = ma - mb;
  const ci = raw ? intersect(raw, differenceRange(opts.range)) : undefined;
  const changed = raw && ci && (ci[0] !== raw[0] || ci[1] !== raw[1]);
  const outcome = boundOutcome(ci, "<", 0);
  const undecided = outcome === "inconclusive" ? undecidedText(ci, "<", 0, `difference ${fmt(diff)}`) : undefined;
  const seedsNeeded =
    outcome === "inconclusive" ? (opts.paired ? seedsForMeanBound(n, diff, spread, 0, level) : raw ? seedsByScaling(n, (raw[1] - raw[0]) / 2, Math.abs(diff)) : null) : undefined;
  return {
    predicate,
    label,
    outcome,
    pass: outcome === "reproduced",
    statistic: diff,
    statisticName: "mean(a) - mean(b)",
    comparison: "<",
    threshold: 0,
    ...(ci ? { ci } : {}),
    ...(changed ? { rawCi: raw } : {}),
    level,
    n,
    ...(undecided ? { undecided, seedsNeeded } : {}),
    details: { meanA: ma, meanB: mb, nA: a.length, nB: b.length, paired: !!opts.paired, a: Array.from(a), b: Array.from(b) },
    message:
      `${verdictHead(outcome, predicate, label)} mean a = ${fmt(ma)}, mean b = ${fmt(mb)}, difference = ${fmt(diff)} ` +
      `(${ciText(ci, changed ? raw : undefined, level, n, opts.paired ? "paired seed" : "seed")}); reproduced needs the whole CI < 0, contradicted the whole CI >= 0` +
      (undecided ? `; undecided: ${undecided}${seedsNeeded ? `, ~${seedsNeeded} seeds at this spread would decide it` : ""}` : ""),
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
    checkValues(predicate, `curve of seed ${s}`, c);
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
  /** Minimum mean peak - final, bits (CLAIMS fig3, fig4lr, fig5a: 0.3). */
  minDrop: number;
  /** Also every seed's own drop >= minDrop (PROTOCOL.md section 2: fig3 and fig4bs's bs 64 arm only). Default false. */
  everySeed?: boolean;
  /** Also every seed's peak strictly inside the run (fig3 and bs 64 only). Default false. */
  interior?: boolean;
  /** Run seed of each curve, for messages (default: the curve's index). */
  seedIds?: readonly number[];
}

function checkSeedIds(predicate: string, seedIds: readonly number[] | undefined, n: number): void {
  if (seedIds && seedIds.length !== n) throw new Error(`${predicate}: seedIds has ${seedIds.length} entries, curves are ${n}`);
}

/**
 * Rise then fall of a curve over training (curves: seeds x probe epochs, one grid), as PROTOCOL.md
 * section 2 registers it (2026-12-02). Per seed, drop = peak - final with the peak the first
 * maximum. The rule is a bound on the MEAN drop over seeds, judged on its t interval (intersected
 * with `range`): reproduced when the whole CI >= minDrop and, where the rule asks, every seed's
 * drop >= minDrop (`everySeed`) and every seed's peak strictly inside the run (`interior`);
 * contradicted when the whole CI < minDrop; else inconclusive. A seed that fails a per-seed part
 * leaves the claim inconclusive, not contradicted: the mean's CI is the decisive evidence.
 * Statistic: the mean drop. Needs >= 3 probes.
 */
export function risesThenFalls(curves: readonly ArrayLike<number>[], opts: RisesThenFallsOptions): Verdict {
  const predicate = "risesThenFalls";
  checkThreshold(predicate, "minDrop", opts.minDrop);
  checkCurves(predicate, curves, opts.epochs, 3);
  checkSeedIds(predicate, opts.seedIds, curves.length);
  const everySeed = opts.everySeed ?? false;
  const interior = opts.interior ?? false;
  const at = (j: number) => (opts.epochs ? opts.epochs[j] : j);
  const seedName = (i: number) => `seed ${opts.seedIds ? opts.seedIds[i] : i}`;
  const perSeed = curves.map(peakStats);
  const drops = perSeed.map((s) => s.drop);
  const bound = atLeast(drops, opts.minDrop, { label: opts.label, level: opts.level, range: opts.range });
  const lowSeeds = everySeed ? perSeed.map((s, i) => (s.drop < opts.minDrop ? i : -1)).filter((i) => i >= 0) : [];
  const edgeSeeds = interior ? perSeed.map((s, i) => (s.interior ? -1 : i)).filter((i) => i >= 0) : [];
  const outcome: Outcome = bound.outcome === "contradicted" ? "contradicted" : bound.outcome === "reproduced" && lowSeeds.length === 0 && edgeSeeds.length === 0 ? "reproduced" : "inconclusive";
  const parts: string[] = [];
  if (bound.outcome === "inconclusive") parts.push(bound.undecided ?? "the mean drop's CI straddles the bound");
  if (lowSeeds.length) parts.push(`${lowSeeds.length} of ${curves.length} seeds drop less than ${fmt(opts.minDrop)} (${lowSeeds.map((i) => `${seedName(i)}: ${fmt(drops[i])}`).join(", ")})`);
  if (edgeSeeds.length) parts.push(`the peak is not strictly inside the run in ${edgeSeeds.length} of ${curves.length} seeds (${edgeSeeds.map((i) => `${seedName(i)}: epoch ${at(perSeed[i].peakIndex)}`).join(", ")})`);
  const undecided = outcome === "inconclusive" ? parts.join("; ") : undefined;
  const seedsNeeded = outcome === "inconclusive" ? (bound.outcome === "inconclusive" ? (bound.seedsNeeded ?? null) : null) : undefined;
  const seedText = perSeed.map((s, i) => `${seedName(i)}: drop ${fmt(s.drop)}, peak at epoch ${at(s.peakIndex)}${s.interior ? "" : " (not interior)"}`).join("; ");
  const also = `${everySeed ? ` and every seed's drop >= ${fmt(opts.minDrop)}` : ""}${interior ? " and every seed's peak strictly inside the run" : ""}`;
  return {
    predicate,
    label: bound.label,
    outcome,
    pass: outcome === "reproduced",
    statistic: bound.statistic,
    statisticName: "mean per-seed peak - final",
    comparison: ">=",
    threshold: opts.minDrop,
    ...(bound.ci ? { ci: bound.ci } : {}),
    ...(bound.rawCi ? { rawCi: bound.rawCi } : {}),
    level: bound.level,
    n: curves.length,
    ...(undecided ? { undecided, seedsNeeded } : {}),
    details: {
      perSeed: perSeed.map((s, i) => ({ ...s, peakEpoch: at(s.peakIndex), ...(opts.seedIds ? { seed: opts.seedIds[i] } : {}) })),
      everySeed,
      interior,
      meanBound: bound.outcome,
      smallestDrop: Math.min(...drops),
      values: drops,
    },
    message:
      `${verdictHead(outcome, predicate, bound.label)} mean drop (peak - final) = ${fmt(bound.statistic)} (${ciText(bound.ci, bound.rawCi, bound.level ?? DEFAULT_LEVEL, curves.length)}); ${seedText}; ` +
      `reproduced needs the mean drop's whole CI >= ${fmt(opts.minDrop)}${also}, contradicted the whole CI < ${fmt(opts.minDrop)}` +
      (undecided ? `; undecided: ${undecided}${seedsNeeded ? `, ~${seedsNeeded} seeds at this spread would decide the mean` : ""}` : ""),
  };
}

/**
 * No marked rise-fall (CLAIMS fig4lr: "peak - final < 0.15 bit"): per-seed drop = peak - final,
 * and a bound "< maxDrop" on the mean drop over seeds, judged on its t interval: reproduced when
 * the whole CI < maxDrop, contradicted when the whole CI >= maxDrop, else inconclusive.
 */
export function dropLessThan(curves: readonly ArrayLike<number>[], maxDrop: number, opts: CurveOptions & { seedIds?: readonly number[] } = {}): Verdict {
  const predicate = "dropLessThan";
  checkThreshold(predicate, "maxDrop", maxDrop);
  checkCurves(predicate, curves, opts.epochs, 1);
  checkSeedIds(predicate, opts.seedIds, curves.length);
  const at = (j: number) => (opts.epochs ? opts.epochs[j] : j);
  const perSeed = curves.map(peakStats);
  const drops = perSeed.map((s) => s.drop);
  const base = below(drops, maxDrop, { label: opts.label, level: opts.level, range: opts.range });
  return {
    ...base,
    predicate,
    statisticName: "mean per-seed peak - final",
    details: { ...base.details, perSeed: perSeed.map((p, i) => ({ ...p, peakEpoch: at(p.peakIndex), ...(opts.seedIds ? { seed: opts.seedIds[i] } : {}) })) },
    message: base.message.replace(/^(\w+) below/, `$1 ${predicate}`) + `; per-seed drops ${drops.map(fmt).join(", ")}`,
  };
}

/**
 * mean(a) > mean(b) by a one-sided Welch t-test (CLAIMS fig6). A test: reproduced when p < alpha;
 * contradicted when the Welch CI of mean(a) - mean(b) lies wholly at or below 0 (it excludes the
 * claimed direction). Statistic: p. Each arm needs >= 2 values, else inconclusive (insufficient).
 */
export function greaterThanWelch(a: ArrayLike<number>, b: ArrayLike<number>, opts: TestPredicateOptions = {}): Verdict {
  const predicate = "greaterThanWelch";
  checkValues(predicate, "a", a);
  checkValues(predicate, "b", b);
  checkRange(predicate, opts.range);
  const alpha = opts.alpha ?? 0.05;
  checkAlpha(predicate, alpha);
  const level = opts.level ?? DEFAULT_LEVEL;
  const label = opts.label ?? "";
  const n = a.length + b.length;
  if (a.length < 2 || b.length < 2) {
    return insufficientVerdict(predicate, label, "one-sided Welch p", alpha, n, `Welch test needs >= 2 values per arm, got ${a.length} and ${b.length}; reproduced needs p < ${fmt(alpha)}`);
  }
  const r = welchTTest(a, b, "greater", level);
  const ci = intersect(r.ci, differenceRange(opts.range));
  const outcome: Outcome = r.p < alpha ? "reproduced" : ci[1] <= 0 ? "contradicted" : "inconclusive";
  const undecided = outcome === "inconclusive" ? `p = ${fmt(r.p)} >= ${fmt(alpha)} while the difference's CI [${fmt(ci[0])}, ${fmt(ci[1])}] still includes positive values` : undefined;
  const seedsNeeded = outcome === "inconclusive" ? (r.estimate > 0 ? seedsByScaling(Math.min(a.length, b.length), (r.ci[1] - r.ci[0]) / 2, r.estimate) : null) : undefined;
  return {
    predicate,
    label,
    outcome,
    pass: outcome === "reproduced",
    statistic: r.p,
    statisticName: "one-sided Welch p",
    comparison: "<",
    threshold: alpha,
    level,
    n,
    p: r.p,
    effect: { name: "mean(a) - mean(b)", value: r.estimate, ci },
    ...(undecided ? { undecided, seedsNeeded } : {}),
    details: { meanA: mean(a), meanB: mean(b), nA: a.length, nB: b.length, t: r.t, df: r.df, a: Array.from(a), b: Array.from(b) },
    message:
      `${verdictHead(outcome, predicate, label)} mean a = ${fmt(mean(a))} (n=${a.length}), mean b = ${fmt(mean(b))} (n=${b.length}), ` +
      `difference ${fmt(r.estimate)} (Welch ${Math.round(level * 100)}% CI [${fmt(ci[0])}, ${fmt(ci[1])}]), ` +
      `t = ${fmt(r.t)}, df = ${fmt(r.df)}, one-sided p = ${fmt(r.p)}; reproduced needs p < ${fmt(alpha)}, contradicted a CI wholly <= 0` +
      (undecided ? `; undecided: ${undecided}${seedsNeeded ? `, ~${seedsNeeded} seeds per arm at this spread` : ""}` : ""),
  };
}

/**
 * mean(a - b) > 0 paired over seeds (a[i] and b[i] from the same seed), by a one-sided paired
 * t-test (CLAIMS fig5c; section 2 as registered 2026-12-02: a comparison between arms is a
 * one-sided test at p < 0.05 in the claimed direction). A test: reproduced when p < alpha;
 * contradicted when the paired t CI of the mean difference lies wholly at or below 0 (it excludes
 * the claimed direction); else inconclusive. Statistic: p. Needs >= 2 pairs, else inconclusive
 * (insufficient).
 */
export function greaterThanPaired(a: ArrayLike<number>, b: ArrayLike<number>, opts: TestPredicateOptions = {}): Verdict {
  const predicate = "greaterThanPaired";
  checkValues(predicate, "a", a);
  checkValues(predicate, "b", b);
  if (a.length !== b.length) throw new Error(`${predicate}: arms must have equal length (paired by seed), got ${a.length} and ${b.length}`);
  checkRange(predicate, opts.range);
  const alpha = opts.alpha ?? 0.05;
  checkAlpha(predicate, alpha);
  const level = opts.level ?? DEFAULT_LEVEL;
  const label = opts.label ?? "";
  if (a.length < 2) {
    return insufficientVerdict(predicate, label, "one-sided paired t p", alpha, a.length, `a paired t-test needs >= 2 pairs, got ${a.length}; reproduced needs p < ${fmt(alpha)}`);
  }
  const r = pairedTTest(a, b, "greater", level);
  const d = pairedDifferences(a, b, level);
  const ci = intersect(r.ci, differenceRange(opts.range));
  const outcome: Outcome = r.p < alpha ? "reproduced" : ci[1] <= 0 ? "contradicted" : "inconclusive";
  const undecided = outcome === "inconclusive" ? `p = ${fmt(r.p)} >= ${fmt(alpha)} while the mean difference's CI [${fmt(ci[0])}, ${fmt(ci[1])}] still includes positive values` : undefined;
  const seedsNeeded = outcome === "inconclusive" ? (r.estimate > 0 ? seedsByScaling(a.length, (r.ci[1] - r.ci[0]) / 2, r.estimate) : null) : undefined;
  return {
    predicate,
    label,
    outcome,
    pass: outcome === "reproduced",
    statistic: r.p,
    statisticName: "one-sided paired t p",
    comparison: "<",
    threshold: alpha,
    level,
    n: a.length,
    p: r.p,
    effect: { name: "mean paired difference a - b", value: r.estimate, ci },
    ...(undecided ? { undecided, seedsNeeded } : {}),
    details: { diffs: d.diffs, t: r.t, df: r.df, a: Array.from(a), b: Array.from(b) },
    message:
      `${verdictHead(outcome, predicate, label)} mean paired difference = ${fmt(r.estimate)} (paired t ${Math.round(level * 100)}% CI [${fmt(ci[0])}, ${fmt(ci[1])}], n=${a.length} paired seeds; ` +
      `per seed ${d.diffs.map(fmt).join(", ")}), t = ${fmt(r.t)}, df = ${fmt(r.df)}, one-sided p = ${fmt(r.p)}; reproduced needs p < ${fmt(alpha)}, contradicted a CI wholly <= 0` +
      (undecided ? `; undecided: ${undecided}${seedsNeeded ? `, ~${seedsNeeded} paired seeds at this spread` : ""}` : ""),
  };
}

export interface RelatedOptions extends TestPredicateOptions {
  /** Bootstrap resamples of the rho CI (default 2000). */
  resamples?: number;
}

function rhoCi(x: ArrayLike<number>, y: ArrayLike<number>, opts: RelatedOptions, level: number): [number, number] {
  const pairs = Array.from({ length: x.length }, (_, i) => [x[i], y[i]] as const);
  return bootstrapCi(pairs, (s) => spearmanRho(s.map((q) => q[0]), s.map((q) => q[1])), {
    seed: opts.bootstrapSeed ?? 1,
    resamples: opts.resamples,
    level,
  }).ci;
}

function related(predicate: "negativelyRelated" | "positivelyRelated", x: ArrayLike<number>, y: ArrayLike<number>, opts: RelatedOptions): Verdict {
  checkValues(predicate, "x", x);
  checkValues(predicate, "y", y);
  if (x.length !== y.length) throw new Error(`${predicate}: x and y must have equal length, got ${x.length} and ${y.length}`);
  const alpha = opts.alpha ?? 0.05;
  checkAlpha(predicate, alpha);
  const level = opts.level ?? DEFAULT_LEVEL;
  const label = opts.label ?? "";
  const alternative = predicate === "negativelyRelated" ? "less" : "greater";
  if (x.length < 3) {
    return insufficientVerdict(predicate, label, "one-sided Spearman p", alpha, x.length, `Spearman needs >= 3 pairs, got ${x.length}; reproduced needs p < ${fmt(alpha)}`);
  }
  const r = spearman(x, y, alternative);
  const ci = rhoCi(x, y, opts, level);
  const sign = alternative === "less" ? "negative" : "positive";
  const excludes = alternative === "less" ? ci[0] >= 0 : ci[1] <= 0;
  const outcome: Outcome = r.p < alpha ? "reproduced" : excludes ? "contradicted" : "inconclusive";
  const undecided = outcome === "inconclusive" ? `p = ${fmt(r.p)} >= ${fmt(alpha)} while the bootstrap CI of rho [${fmt(ci[0])}, ${fmt(ci[1])}] still includes ${sign} values` : undefined;
  const towards = alternative === "less" ? -r.rho : r.rho;
  const seedsNeeded = outcome === "inconclusive" ? (towards > 0 ? seedsByScaling(x.length, (ci[1] - ci[0]) / 2, Math.abs(r.rho)) : null) : undefined;
  return {
    predicate,
    label,
    outcome,
    pass: outcome === "reproduced",
    statistic: r.p,
    statisticName: `one-sided (${sign}) Spearman p`,
    comparison: "<",
    threshold: alpha,
    level,
    n: r.n,
    p: r.p,
    effect: { name: "Spearman rho", value: r.rho, ci },
    ...(undecided ? { undecided, seedsNeeded } : {}),
    details: { method: r.method, degenerate: r.degenerate, x: Array.from(x), y: Array.from(y) },
    message:
      `${verdictHead(outcome, predicate, label)} Spearman rho = ${fmt(r.rho)} (bootstrap ${Math.round(level * 100)}% CI [${fmt(ci[0])}, ${fmt(ci[1])}], n=${r.n}, ` +
      `${r.method === "exact" ? "exact permutation" : "t approximation"}${r.degenerate ? "; a variable is constant" : ""}), ` +
      `one-sided p = ${fmt(r.p)}; reproduced needs a ${sign} correlation with p < ${fmt(alpha)}, contradicted a CI of rho that excludes ${sign} values` +
      (undecided ? `; undecided: ${undecided}${seedsNeeded ? `, ~${seedsNeeded} runs at this spread` : ""}` : ""),
  };
}

/** Spearman rho < 0 with one-sided p < alpha (CLAIMS fig7: pretraining epochs vs accuracy). */
export function negativelyRelated(x: ArrayLike<number>, y: ArrayLike<number>, opts: RelatedOptions = {}): Verdict {
  return related("negativelyRelated", x, y, opts);
}

/** Spearman rho > 0 with one-sided p < alpha. */
export function positivelyRelated(x: ArrayLike<number>, y: ArrayLike<number>, opts: RelatedOptions = {}): Verdict {
  return related("positivelyRelated", x, y, opts);
}

/**
 * At every probe epoch, the mean over seeds <= threshold (CLAIMS fig2xt): a bound per epoch.
 * Reproduced when every epoch's CI (intersected with the range) lies at or below the threshold;
 * contradicted when some epoch's whole CI lies above it. Statistic: the largest per-epoch mean.
 */
export function everyEpochAtMost(curves: readonly ArrayLike<number>[], threshold: number, opts: CurveOptions = {}): Verdict {
  const predicate = "everyEpochAtMost";
  checkThreshold(predicate, "threshold", threshold);
  checkCurves(predicate, curves, opts.epochs, 1);
  checkRange(predicate, opts.range);
  const level = opts.level ?? DEFAULT_LEVEL;
  const label = opts.label ?? "";
  const at = (j: number) => (opts.epochs ? opts.epochs[j] : j);
  const means = meanCurve(curves);
  const perEpoch = means.map((_, j) => {
    const s = meanCi(curves.map((c) => c[j]), level);
    const ci = s.ci ? intersect(s.ci, opts.range) : undefined;
    return { s, ci, outcome: boundOutcome(ci, "<=", threshold) };
  });
  let worst = 0;
  for (let j = 1; j < means.length; j++) if (means[j] > means[worst]) worst = j;
  const contradictedAt = perEpoch.map((e, j) => (e.outcome === "contradicted" ? at(j) : null)).filter((e) => e !== null);
  const undecidedAt = perEpoch.map((e, j) => (e.outcome === "inconclusive" ? j : null)).filter((e): e is number => e !== null);
  const outcome: Outcome = contradictedAt.length > 0 ? "contradicted" : undecidedAt.length > 0 ? "inconclusive" : "reproduced";
  const undecided = outcome === "inconclusive" ? `the CI reaches ${fmt(threshold)} at epoch${undecidedAt.length === 1 ? "" : "s"} ${undecidedAt.map(at).join(", ")}` : undefined;
  const seedsNeeded =
    outcome === "inconclusive"
      ? undecidedAt.map((j) => seedsForMeanBound(perEpoch[j].s.n, perEpoch[j].s.mean, perEpoch[j].s.sd, threshold, level)).reduce<number | null>((m, v) => (m === null || v === null ? null : Math.max(m, v)), 0)
      : undefined;
  const w = perEpoch[worst];
  const over = means.map((m, j) => (m > threshold ? at(j) : null)).filter((e) => e !== null);
  return {
    predicate,
    label,
    outcome,
    pass: outcome === "reproduced",
    statistic: means[worst],
    statisticName: "largest per-epoch mean",
    comparison: "<=",
    threshold,
    ...(w.ci ? { ci: w.ci } : {}),
    level,
    n: curves.length,
    ...(undecided ? { undecided, seedsNeeded } : {}),
    details: {
      perEpochMeans: means,
      perEpochCi: perEpoch.map((e) => e.ci ?? null),
      perEpochOutcome: perEpoch.map((e) => e.outcome),
      epochs: means.map((_, j) => at(j)),
      worstEpoch: at(worst),
      epochsOver: over,
      perSeed: curves.map((c) => Array.from(c)),
    },
    message:
      `${verdictHead(outcome, predicate, label)} worst epoch ${at(worst)}: mean = ${fmt(means[worst])} (${ciText(w.ci, undefined, level, w.s.n)}); ` +
      `${over.length} of ${means.length} probe-epoch means above the threshold${over.length ? ` (epochs ${over.join(", ")})` : ""}` +
      `${contradictedAt.length ? `; whole CI above it at epochs ${contradictedAt.join(", ")}` : ""}; ` +
      `reproduced needs every epoch's whole CI <= ${fmt(threshold)}, contradicted some epoch's whole CI > ${fmt(threshold)}` +
      (undecided ? `; undecided: ${undecided}` : ""),
  };
}

/**
 * Spearman rho of y against x strictly above a threshold (default 0), an ordering with no
 * significance requirement (CLAIMS fig7: "its correlation with last-layer final colour info is
 * positive"). Reproduced when rho > threshold; contradicted when the bootstrap CI of rho (pairs
 * resampled) lies wholly at or below it. Needs >= 3 pairs, else inconclusive (insufficient).
 */
export function correlationAbove(x: ArrayLike<number>, y: ArrayLike<number>, threshold = 0, opts: PredicateOptions = {}): Verdict {
  const predicate = "correlationAbove";
  checkValues(predicate, "x", x);
  checkValues(predicate, "y", y);
  checkThreshold(predicate, "threshold", threshold);
  if (x.length !== y.length) throw new Error(`${predicate}: x and y must have equal length, got ${x.length} and ${y.length}`);
  const level = opts.level ?? DEFAULT_LEVEL;
  const label = opts.label ?? "";
  if (x.length < 3) {
    return insufficientVerdict(predicate, label, "Spearman rho", threshold, x.length, `Spearman needs >= 3 pairs, got ${x.length}; reproduced needs rho > ${fmt(threshold)}`, ">");
  }
  const r = spearman(x, y, "greater");
  const ci = rhoCi(x, y, opts, level);
  const outcome: Outcome = r.rho > threshold ? "reproduced" : ci[1] <= threshold ? "contradicted" : "inconclusive";
  const undecided = outcome === "inconclusive" ? `rho ${fmt(r.rho)} <= ${fmt(threshold)} but its bootstrap CI [${fmt(ci[0])}, ${fmt(ci[1])}] reaches above it` : undefined;
  return {
    predicate,
    label,
    outcome,
    pass: outcome === "reproduced",
    statistic: r.rho,
    statisticName: "Spearman rho",
    comparison: ">",
    threshold,
    ci,
    level,
    n: r.n,
    p: r.p,
    ...(undecided ? { undecided, seedsNeeded: null } : {}),
    details: { method: r.method, degenerate: r.degenerate, x: Array.from(x), y: Array.from(y) },
    message:
      `${verdictHead(outcome, predicate, label)} Spearman rho = ${fmt(r.rho)} (bootstrap ${Math.round(level * 100)}% CI [${fmt(ci[0])}, ${fmt(ci[1])}], n=${r.n}${r.degenerate ? "; a variable is constant" : ""}, ` +
      `one-sided p = ${fmt(r.p)}, reported only); reproduced needs rho > ${fmt(threshold)}, contradicted a CI wholly <= ${fmt(threshold)}` +
      (undecided ? `; undecided: ${undecided}` : ""),
  };
}

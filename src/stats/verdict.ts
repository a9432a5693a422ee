/**
 * The verdict engine: what every claim rule (rules.ts) shares. The three-way verdicts of the
 * 2026-12-01 amendment: a Verdict gives its outcome, the statistic against the threshold, the 95%
 * interval behind the decision (intersected with the statistic's feasible range), and the
 * sentence a report prints; here are the outcome of an interval against a bound, the bound on a
 * mean, how many seeds would decide an inconclusive one, the messages, the input checks, and the
 * combination of a claim's parts. Nothing here knows a claim.
 *
 * Outcomes:
 * - reproduced: the rule holds with the evidence required. A bound on a mean ("<= t", ">= t",
 *   "< t", "> t"): the whole CI lies on the claimed side of t. A test: p < alpha in the claimed
 *   direction. An ordering (Spearman rho against a threshold): the rule as written.
 * - contradicted: it fails decisively: the whole CI lies on the wrong side of t, or the effect's
 *   CI excludes the claimed direction (for an ordering, the bootstrap CI of rho over seeds).
 * - inconclusive: neither. The verdict says what is undecided (`undecided`) and, from the observed
 *   spread, about how many seeds would decide it (`seedsNeeded`; null when no number would, e.g.
 *   an estimate exactly at the threshold, or when one seed gives no spread).
 *
 * Shared semantics (decided here, one place):
 * - Inputs are values after clipping (see clip.ts); "mean" is the mean over seeds.
 * - Empty input, NaN or +/-Infinity, mismatched lengths: throw, naming the predicate. These are
 *   bugs in the caller, not outcomes. (Check learned-seed counts before calling.)
 * - One seed: no CI, so bounds are inconclusive; tests that need a variance (Welch, paired p,
 *   Spearman) are inconclusive with `insufficient: true` and statistic NaN.
 * - CIs are t intervals over seeds (Welch for two arms, paired for paired arms), or seeded
 *   percentile bootstraps for Spearman rho; `range` (the feasible values, e.g. [0, log2 n] for
 *   clipped bits, [0, 1] for accuracies) clips them; `rawCi` keeps the unclipped interval.
 * - `pass` is `outcome === "reproduced"`.
 */

import { checkFinite, DEFAULT_LEVEL, fmt, meanCi } from "./descriptive.js";
import { tQuantile } from "./distributions.js";

export type Comparison = "<=" | ">=" | "<" | ">";
export type Outcome = "reproduced" | "contradicted" | "inconclusive";
export const OUTCOMES: readonly Outcome[] = ["reproduced", "contradicted", "inconclusive"];

/** Uniform result of every predicate; JSON-serialisable (for task.meta). */
export interface Verdict {
  /** Predicate name, e.g. "atMost". */
  predicate: string;
  /** What was measured, e.g. "final layer-5 colour info (bits)"; "" when not given. */
  label: string;
  outcome: Outcome;
  /** outcome === "reproduced". */
  pass: boolean;
  /** The number compared with `threshold` (a mean, a rho, a p-value, a drop; see statisticName). */
  statistic: number;
  statisticName: string;
  /** The claimed side: the rule holds when `statistic comparison threshold` (with the evidence above). */
  comparison: Comparison;
  threshold: number;
  /** Interval the decision used, intersected with the feasible range; absent when undefined (n = 1, p-values). */
  ci?: [number, number];
  /** The interval before the intersection, when the intersection changed it. */
  rawCi?: [number, number];
  level?: number;
  /** Number of seeds (or layers, or runs) the statistic is computed over. */
  n: number;
  p?: number;
  /** The effect behind a p-value (mean difference, rho), with its CI when available. */
  effect?: { name: string; value: number; ci?: [number, number] };
  /** True when there were too few points for the test; then the outcome is inconclusive and statistic NaN. */
  insufficient?: boolean;
  /** For an inconclusive verdict: what is undecided. */
  undecided?: string;
  /** For an inconclusive verdict: about how many seeds (per arm for two arms) the observed spread would need for a decisive verdict. */
  seedsNeeded?: number | null;
  /** Predicate-specific numbers (per-seed values, per-epoch means, ...). */
  details?: Record<string, unknown>;
  message: string;
}

export interface PredicateOptions {
  /** What is measured, used in the message (default: none). */
  label?: string;
  /** Two-sided confidence level of reported intervals (default 0.95). */
  level?: number;
  /** Feasible range of the values (e.g. [0, log2 n] for clipped bits); intervals are intersected with it. */
  range?: [number, number];
  /** Seed of bootstrap intervals (Spearman rho; default 1). */
  bootstrapSeed?: number;
}

/** Largest seed count seedsNeeded reports; beyond it (or at an estimate exactly on the threshold) null. */
export const MAX_SEEDS_NEEDED = 10_000;

/** Throws, naming the predicate, when `xs` is empty or holds NaN or +/-Infinity (a caller's bug, not an outcome). */
export function checkValues(predicate: string, arg: string, xs: ArrayLike<number>): void {
  try {
    checkFinite(xs, arg);
  } catch (e) {
    throw new Error(`${predicate}: ${(e as Error).message}`);
  }
}

/** Throws, naming the predicate, when a threshold is not finite. */
export function checkThreshold(predicate: string, name: string, t: number): void {
  if (!Number.isFinite(t)) throw new Error(`${predicate}: ${name} must be finite, got ${t}`);
}

/** Throws, naming the predicate, unless `range` is absent or [lo, hi] with finite lo <= hi. */
export function checkRange(predicate: string, range: [number, number] | undefined): void {
  if (range && !(Number.isFinite(range[0]) && Number.isFinite(range[1]) && range[0] <= range[1])) {
    throw new Error(`${predicate}: range must be [lo, hi] with finite lo <= hi, got [${range}]`);
  }
}

/** An interval intersected with [lo, hi] (clamped into it when they do not overlap). */
export function intersect(ci: [number, number], range: [number, number] | undefined): [number, number] {
  if (!range) return ci;
  const clamp = (x: number) => Math.min(range[1], Math.max(range[0], x));
  return [clamp(ci[0]), clamp(ci[1])];
}

/** Feasible range of a difference of two quantities that each lie in `range`. */
export function differenceRange(range: [number, number] | undefined): [number, number] | undefined {
  return range ? [range[0] - range[1], range[1] - range[0]] : undefined;
}

/** Outcome of a bound with the claimed side `comparison`, decided by the interval. */
export function boundOutcome(ci: [number, number] | null | undefined, comparison: Comparison, t: number): Outcome {
  if (!ci) return "inconclusive";
  const [lo, hi] = ci;
  switch (comparison) {
    case "<=":
      return hi <= t ? "reproduced" : lo > t ? "contradicted" : "inconclusive";
    case "<":
      return hi < t ? "reproduced" : lo >= t ? "contradicted" : "inconclusive";
    case ">=":
      return lo >= t ? "reproduced" : hi < t ? "contradicted" : "inconclusive";
    case ">":
      return lo > t ? "reproduced" : hi <= t ? "contradicted" : "inconclusive";
  }
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

/**
 * Seeds at which a t interval of the observed sd around the observed mean would no longer
 * contain t: the smallest N > n with t_{(1+level)/2, N-1} sd / sqrt(N) < |mean - t|. Null when
 * sd is undefined (n < 2) or zero, the mean sits on t, or N would exceed MAX_SEEDS_NEEDED.
 */
export function seedsForMeanBound(n: number, m: number, s: number | null, t: number, level = DEFAULT_LEVEL): number | null {
  const dist = Math.abs(m - t);
  if (s === null || !(s > 0) || dist === 0) return null;
  let lo = Math.max(n + 1, 2);
  if (tQuantile((1 + level) / 2, MAX_SEEDS_NEEDED - 1) * s / Math.sqrt(MAX_SEEDS_NEEDED) >= dist) return null;
  let hi = MAX_SEEDS_NEEDED;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((tQuantile((1 + level) / 2, mid - 1) * s) / Math.sqrt(mid) < dist) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** n (half / dist)^2 rounded up: the seeds at which an interval shrinking as 1/sqrt(n) stops straddling. */
export function seedsByScaling(n: number, half: number, dist: number): number | null {
  if (!(dist > 0) || !(half > 0)) return null;
  const need = Math.ceil(n * (half / dist) ** 2);
  return need > MAX_SEEDS_NEEDED ? null : Math.max(need, n + 1);
}

/** "95% CI [lo, hi] (the raw interval, when clipped), n=N seeds", or that the CI is undefined, for a verdict's message. */
export function ciText(ci: [number, number] | undefined, raw: [number, number] | undefined, level: number, n: number, unit = "seed"): string {
  const units = `n=${n} ${unit}${n === 1 ? "" : "s"}`;
  if (!ci) return `${units}, CI undefined`;
  const pct = Math.round(level * 100);
  const rawText = raw ? ` (t interval [${fmt(raw[0])}, ${fmt(raw[1])}] clipped to the feasible range)` : "";
  return `${pct}% CI [${fmt(ci[0])}, ${fmt(ci[1])}]${rawText}, ${units}`;
}

/** Opening of a verdict's message: "OUTCOME predicate: label:". */
export function verdictHead(outcome: Outcome, predicate: string, label: string): string {
  return `${outcome.toUpperCase()} ${predicate}${label ? `: ${label}` : ""}:`;
}

const OPPOSITE: Record<Comparison, Comparison> = { "<=": ">", "<": ">=", ">=": "<", ">": "<=" };

/** What a straddling interval leaves undecided, for `Verdict.undecided`. */
export function undecidedText(ci: [number, number] | undefined, comparison: Comparison, t: number, what: string): string {
  if (!ci) return `${what}: no interval (one seed)`;
  return `${what}: the CI [${fmt(ci[0])}, ${fmt(ci[1])}] straddles ${fmt(t)} (claimed ${comparison} ${fmt(t)})`;
}

/**
 * A bound on the mean over seeds, judged on its t interval intersected with opts.range: reproduced
 * when the whole CI lies on the claimed side `comparison` of the threshold, contradicted when it
 * lies wholly on the other side, else inconclusive (with the seeds the spread would need). The
 * body of every rule that bounds a mean.
 */
export function meanBoundVerdict(predicate: string, values: ArrayLike<number>, threshold: number, comparison: Comparison, opts: PredicateOptions): Verdict {
  checkValues(predicate, "values", values);
  checkThreshold(predicate, "threshold", threshold);
  checkRange(predicate, opts.range);
  const level = opts.level ?? DEFAULT_LEVEL;
  const label = opts.label ?? "";
  const s = meanCi(values, level);
  const ci = s.ci ? intersect(s.ci, opts.range) : undefined;
  const changed = s.ci && ci && (ci[0] !== s.ci[0] || ci[1] !== s.ci[1]);
  const outcome = boundOutcome(ci, comparison, threshold);
  const undecided = outcome === "inconclusive" ? undecidedText(ci, comparison, threshold, `mean ${fmt(s.mean)}`) : undefined;
  const seedsNeeded = outcome === "inconclusive" ? seedsForMeanBound(s.n, s.mean, s.sd, threshold, level) : undefined;
  return {
    predicate,
    label,
    outcome,
    pass: outcome === "reproduced",
    statistic: s.mean,
    statisticName: "mean",
    comparison,
    threshold,
    ...(ci ? { ci } : {}),
    ...(changed ? { rawCi: s.ci! } : {}),
    level,
    n: s.n,
    ...(undecided ? { undecided, seedsNeeded } : {}),
    details: { values: Array.from(values), pointHolds: holds(s.mean, comparison, threshold) },
    message:
      `${verdictHead(outcome, predicate, label)} mean = ${fmt(s.mean)} (${ciText(ci, changed ? s.ci! : undefined, level, s.n)}); ` +
      `reproduced needs the whole CI ${comparison} ${fmt(threshold)}, contradicted the whole CI ${OPPOSITE[comparison]} ${fmt(threshold)}` +
      (undecided ? `; undecided: ${undecided}${seedsNeeded ? `, ~${seedsNeeded} seeds at this spread would decide it` : ""}` : ""),
  };
}

export interface TestPredicateOptions extends PredicateOptions {
  /** Significance level (default 0.05); reproduced needs p < alpha (strict). */
  alpha?: number;
}

/** The inconclusive verdict of a test that has too few points (`insufficient`, statistic NaN); `why` says what it needs. */
export function insufficientVerdict(predicate: string, label: string, statisticName: string, threshold: number, n: number, why: string, comparison: Comparison = "<"): Verdict {
  return {
    predicate,
    label,
    outcome: "inconclusive",
    pass: false,
    statistic: NaN,
    statisticName,
    comparison,
    threshold,
    n,
    insufficient: true,
    undecided: why,
    seedsNeeded: null,
    message: `${verdictHead("inconclusive", predicate, label)} ${why}`,
  };
}

/** Throws, naming the predicate, unless 0 < alpha < 1. */
export function checkAlpha(predicate: string, alpha: number): void {
  if (!(alpha > 0 && alpha < 1)) throw new Error(`${predicate}: alpha must lie in (0, 1), got ${alpha}`);
}

/**
 * Combined outcome of a compound claim (PROTOCOL.md): contradicted when some part is contradicted,
 * reproduced when every part is reproduced, else inconclusive.
 */
export function combineOutcomes(outcomes: readonly Outcome[]): Outcome {
  if (outcomes.length === 0) throw new Error("combineOutcomes: no outcomes");
  if (outcomes.includes("contradicted")) return "contradicted";
  return outcomes.every((o) => o === "reproduced") ? "reproduced" : "inconclusive";
}

/** Conjunction of several verdicts of one claim (combineOutcomes); message lists each. */
export function allOf(verdicts: readonly Verdict[]): { outcome: Outcome; pass: boolean; message: string; verdicts: Verdict[] } {
  if (verdicts.length === 0) throw new Error("allOf: no verdicts");
  const outcome = combineOutcomes(verdicts.map((v) => v.outcome));
  return { outcome, pass: outcome === "reproduced", message: verdicts.map((v) => v.message).join("\n"), verdicts: [...verdicts] };
}

/**
 * Estimator regression: I_u (bits) of real checkerboard activation snapshots
 * (fixtures/estimator/*.usnap, src/info/checks/snapshot.ts) per snapshot x label x decoder family
 * ("entry"), measured with the decoder seeds REGRESSION_SEEDS and stored in
 * fixtures/estimator/baselines.json, and the check that tells a changed estimator from seed noise.
 *
 * The check (issue 23). Every entry is re-estimated with the baseline's decoder seeds and paired
 * by seed: d_i = I_u(after, seed i) - I_u(before, seed i), i = 1..n. Per entry
 *   shift = mean(d),  se = sd(d) / sqrt(n),  t = shift / se,  df = n - 1,
 *   simultaneous CI = shift -/+ t_{1 - alpha / (2 m), df} se       (Bonferroni over the m entries),
 *   p_adj = min(1, m * 2 P(T_df >= |t|)).
 * An entry fails when its shift is significant (p_adj < alpha, i.e. its CI excludes 0) AND
 * |shift| > REGRESSION_MARGIN_BITS; the check fails when any entry fails. Under pure seed noise
 * (the "after" readings another draw of the decoder seeds) it fails with probability at most alpha
 * (Bonferroni: family-wise; the margin only makes it rarer).
 *
 * Power. The minimum detectable shift (MDS) of an entry is the smallest true shift delta that
 * makes the entry fail with probability REGRESSION_POWER, when its differences are
 * N(delta, 2 sigma^2): sigma the entry's seed sd in the baselines, sqrt(2) because a changed
 * estimator (or another backend) sends each decoder down another trajectory, so a pair is two
 * independent draws (pairs that stay correlated only make the check more sensitive). With
 * u = s_d / sd_d ~ sqrt(chi^2_df / df) independent of the mean (normal samples),
 *   P(fail | delta) = E_u[ Phi(lambda - c(u)) + Phi(-lambda - c(u)) ],
 *   lambda = delta / se_0, se_0 = sqrt(2) sigma / sqrt(n), c(u) = max(t_{1 - alpha/(2m), df} u, margin / se_0),
 * integrated numerically over u; the MDS solves P(fail | MDS) = power by bisection. Without the
 * margin this is the exact power of the two-sided one-sample t test (noncentral t); the textbook
 * approximation is MDS ~ (t_{1 - alpha/(2m), df} + t_{power, df}) se_0, which, measured, gives
 * 0.78 instead of 0.80 at n = 16, m = 30.
 *
 * Exact mode. On the baselines' own backend, decoder implementation and estimator version (src/runtime/versions.ts)
 * (codeVersion("estimator")) re-estimating is deterministic (each decoder is trained on its own,
 * bit for bit), so every seed's reading must also reproduce within EXACT_TOLERANCE_BITS: a
 * determinism check on top of the paired test.
 *
 * Protocol per scale (REGRESSION_PROTOCOL): ci uses fewer decoder epochs, so its baselines differ
 * from paper-scale ones; the file stores each scale separately (only the scales that were
 * baselined). H(Y): the estimator's default plug-in entropy of the snapshot's labels.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { DecoderConfig, DecoderTask, LabelledData, Scale } from "../../interfaces.js";
import { writeFileAtomic } from "../../runtime/files.js";
import { logGamma, normalCdf, tQuantile, tSurvival } from "../../stats/distributions.js";
import { readSnapshot, type Snapshot } from "./snapshot.js";
import { estimateUsableInfo } from "../core/estimate.js";
import { cbDecoder, cifarDecoder, linearDecoder } from "../core/families.js";

/**
 * Decoder seeds of the baselines and of the check. 16: the CB family's largest seed sd at ci scale
 * (0.024 bit, CB-10 last-layer colour, measured over these seeds) then gives a minimum detectable
 * shift of 0.041 bit, below the 0.05 bit the check must see (CB_TARGET_SHIFT_BITS); 12 seeds would
 * give 0.051, 10 seeds 0.059.
 */
export const REGRESSION_SEEDS: readonly number[] = Array.from({ length: 16 }, (_, i) => i + 1);
/** Family-wise level of the check: the registered test level (PROTOCOL.md section 2, p < 0.05), two-sided. */
export const REGRESSION_ALPHA = 0.05;
/** Power at which the minimum detectable shift is quoted (the conventional 80%). */
export const REGRESSION_POWER = 0.8;
/**
 * A significant shift fails the check only when larger than this, bits: the resolution at which
 * the suite reads I_u near a bound (the registered null claim's |I_u| <= 0.02 bit, PROTOCOL.md
 * section 5); a smaller shift of a near-deterministic entry (seed sd ~1e-4 bit) is real but moves
 * no claim.
 */
export const REGRESSION_MARGIN_BITS = 0.02;
/** A shift the check must see on every CB entry with REGRESSION_POWER (issue 23). */
export const CB_TARGET_SHIFT_BITS = 0.05;
/** Exact mode: same backend, implementation and estimator code; float noise only. */
export const EXACT_TOLERANCE_BITS = 1e-9;
/** Fewest seed pairs an entry is tested on: at df = 1 the Bonferroni t quantile is in the hundreds, no power at all. */
export const MIN_PAIRED_SEEDS = 3;

export type RegressionFamily = "cb" | "cifar" | "linear";
export const REGRESSION_FAMILIES: readonly RegressionFamily[] = ["cb", "cifar", "linear"];

/** Decoder epochs per scale. ci: CB 15 (of 100), CIFAR 8 (of 50) so that the check takes well under a minute on 2 cores. */
export const REGRESSION_PROTOCOL: Record<Scale, Record<RegressionFamily, number>> = {
  ci: { cb: 15, cifar: 8, linear: 50 },
  paper: { cb: 100, cifar: 50, linear: 50 },
};

/** Decoder config of a family on a snapshot: CB uses the run's decoder lr (snapshot meta.decoderLr: 0.05 Small FC, 0.5 Medium FC). */
export function regressionDecoder(family: RegressionFamily, snap: Snapshot, scale: Scale): DecoderConfig {
  const epochs = REGRESSION_PROTOCOL[scale][family];
  if (family === "cb") {
    const lr = Number(snap.header.meta?.decoderLr ?? 0.05);
    return { ...cbDecoder(lr), epochs };
  }
  if (family === "cifar") return { ...cifarDecoder(), epochs };
  return linearDecoder({ epochs });
}

export interface NamedSnapshot {
  /** File name, e.g. "CB-2-s2-L5-e15.usnap". */
  name: string;
  snapshot: Snapshot;
}

/** Every *.usnap in `dir`, sorted by name. */
export function loadSnapshots(dir: string): NamedSnapshot[] {
  if (!existsSync(dir)) throw new Error(`estimator regression: snapshot folder ${dir} does not exist (run scripts/make-estimator-snapshots.ts)`);
  const names = readdirSync(dir).filter((f) => f.endsWith(".usnap")).sort();
  if (names.length === 0) throw new Error(`estimator regression: no .usnap files in ${dir} (run scripts/make-estimator-snapshots.ts)`);
  return names.map((name) => ({ name, snapshot: readSnapshot(join(dir, name)) }));
}

/** Identity of each snapshot's data: the first 16 hex digits of its header checksum. */
export function snapshotIds(snaps: NamedSnapshot[]): Record<string, string> {
  return Object.fromEntries(snaps.map((s) => [s.name, s.snapshot.header.sha256.slice(0, 16)]));
}

export function entryKey(snapshot: string, label: string, family: string): string {
  return `${snapshot}|${label}|${family}`;
}

/** Decoder-train / decoder-test split of a snapshot: the first meta.decoderTrainRows rows train (CB protocol 1250). */
export function snapshotData(snap: Snapshot, label: string): { train: LabelledData; test: LabelledData } {
  const meta = snap.header.labels.find((l) => l.name === label);
  if (!meta) throw new Error(`snapshot has no label "${label}" (has ${snap.header.labels.map((l) => l.name).join(", ")})`);
  const [rows, dim] = snap.header.shape;
  const nTrain = Number(snap.header.meta?.decoderTrainRows ?? Math.round(rows / 4));
  if (!(nTrain >= 2 && nTrain < rows)) throw new Error(`snapshot: decoderTrainRows ${nTrain} must lie in [2, ${rows - 1}]`);
  const y = snap.labels[label];
  return {
    train: { z: snap.z.subarray(0, nTrain * dim), dim, labels: y.subarray(0, nTrain), numClasses: meta.classes },
    test: { z: snap.z.subarray(nTrain * dim), dim, labels: y.subarray(nTrain), numClasses: meta.classes },
  };
}

/** I_u of one entry per decoder seed: a measurement, and (read from the file) a baseline entry. */
export interface Measurement {
  key: string;
  snapshot: string;
  label: string;
  family: RegressionFamily;
  epochs: number;
  /** I_u per decoder seed, bits, in the order of `seeds`. */
  bits: number[];
  seeds: number[];
  /** H(Y) used, bits. */
  hYBits: number;
}

export interface MeasureOptions {
  seeds?: readonly number[];
  families?: readonly RegressionFamily[];
  /** Transform a family's decoder config before use (planted changes go through this). */
  override?: (family: RegressionFamily, cfg: DecoderConfig) => DecoderConfig;
}

/**
 * I_u of every snapshot x label x family x seed. One estimateUsableInfo call per family with all
 * snapshots, labels and seeds (the bank batches equal shapes), except CB decoders with different
 * learning rates, which need separate calls.
 */
export async function measureSnapshots(snaps: NamedSnapshot[], scale: Scale, opts: MeasureOptions = {}): Promise<Measurement[]> {
  const seeds = [...(opts.seeds ?? REGRESSION_SEEDS)];
  if (seeds.length === 0) throw new Error("measureSnapshots: no decoder seeds");
  const out: Measurement[] = [];
  for (const family of opts.families ?? REGRESSION_FAMILIES) {
    // Group by decoder config (CB lr differs per run).
    const groups = new Map<string, { cfg: DecoderConfig; items: { snap: NamedSnapshot; label: string }[] }>();
    for (const s of snaps) {
      let cfg = regressionDecoder(family, s.snapshot, scale);
      if (opts.override) cfg = opts.override(family, cfg);
      const gk = JSON.stringify(cfg);
      const g = groups.get(gk) ?? { cfg, items: [] };
      for (const l of s.snapshot.header.labels) g.items.push({ snap: s, label: l.name });
      groups.set(gk, g);
    }
    for (const g of groups.values()) {
      const tasks: DecoderTask[] = [];
      for (const it of g.items) {
        const { train, test } = snapshotData(it.snap.snapshot, it.label);
        for (const seed of seeds) tasks.push({ id: `${entryKey(it.snap.name, it.label, family)}#${seed}`, seed, train, test });
      }
      const res = await estimateUsableInfo(tasks, g.cfg);
      g.items.forEach((it, i) => {
        out.push({
          key: entryKey(it.snap.name, it.label, family),
          snapshot: it.snap.name,
          label: it.label,
          family,
          epochs: g.cfg.epochs,
          seeds,
          bits: seeds.map((_, j) => res[i * seeds.length + j].bits),
          hYBits: res[i * seeds.length].hYBits,
        });
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Power: the chance that the check fails an entry with a given true shift, and the MDS.

/** What the power of one entry's test depends on besides the shift and the spread. */
export interface PairedDesign {
  /** Seed pairs of the entry. */
  n: number;
  /** Entries tested together (Bonferroni's m). */
  entries: number;
  /** Family-wise level (default REGRESSION_ALPHA). */
  alpha?: number;
  /** Practical margin, bits (default REGRESSION_MARGIN_BITS). */
  marginBits?: number;
}

function checkDesign(d: PairedDesign, what: string): { n: number; m: number; alpha: number; margin: number } {
  const alpha = d.alpha ?? REGRESSION_ALPHA;
  const margin = d.marginBits ?? REGRESSION_MARGIN_BITS;
  if (!Number.isInteger(d.n) || d.n < 2) throw new Error(`${what}: needs n >= 2 seed pairs, got ${d.n}`);
  if (!Number.isInteger(d.entries) || d.entries < 1) throw new Error(`${what}: entries must be a positive integer, got ${d.entries}`);
  if (!(alpha > 0 && alpha < 1)) throw new Error(`${what}: alpha must lie in (0, 1), got ${alpha}`);
  if (!(margin >= 0) || !Number.isFinite(margin)) throw new Error(`${what}: margin must be finite and >= 0, got ${margin}`);
  return { n: d.n, m: d.entries, alpha, margin };
}

/** t_{1 - alpha / (2 m), n - 1}: the two-sided Bonferroni critical value of one entry's paired t test. */
export function bonferroniCriticalT(n: number, entries: number, alpha = REGRESSION_ALPHA): number {
  checkDesign({ n, entries, alpha }, "bonferroniCriticalT");
  return tQuantile(1 - alpha / (2 * entries), n - 1);
}

/** Simpson panels per piece of the u integral (even). Measured: within 2e-8 of 4000 panels in power over n = 2..31, m = 1 and 30, margins 0 and 0.02 (normalCdf itself is good to 1.2e-7). */
const POWER_PANELS = 200;

/**
 * log of the density of u = sqrt(X / df), X ~ chi^2_df: g(u) = 2 df u f_{chi^2_df}(df u^2)
 * (df = 1: 2 phi(u), the half-normal).
 */
function logDensityU(u: number, df: number, lnConst: number): number {
  if (u === 0) return df === 1 ? Math.log(Math.sqrt(2 / Math.PI)) : -Infinity;
  return lnConst + Math.log(u) + (df / 2 - 1) * Math.log(df * u * u) - (df * u * u) / 2;
}

/** Upper end of the u integral: leaves < 1e-12 of g's mass out (u has sd ~ 1 / sqrt(2 df); df = 1: |Z|). */
function uTop(df: number): number {
  return 1 + 10 / Math.sqrt(2 * df) + (df < 3 ? 3 : 0);
}

/** Integral of g(u) h(u) over [0, uTop(df)], composite Simpson on the pieces between `cuts` (clipped to the range). */
function integrateOverU(df: number, cuts: number[], h: (u: number) => number): number {
  const top = uTop(df);
  const lnConst = Math.log(2 * df) - (df / 2) * Math.LN2 - logGamma(df / 2);
  const points = [...new Set([0, top, ...cuts.filter((c) => c > 0 && c < top)])].sort((a, b) => a - b);
  let total = 0;
  for (let p = 0; p + 1 < points.length; p++) {
    const a = points[p];
    const step = (points[p + 1] - a) / POWER_PANELS;
    let s = 0;
    for (let i = 0; i <= POWER_PANELS; i++) {
      const u = a + i * step;
      s += (i === 0 || i === POWER_PANELS ? 1 : i % 2 === 1 ? 4 : 2) * Math.exp(logDensityU(u, df, lnConst)) * h(u);
    }
    total += (s * step) / 3;
  }
  return total;
}

/** Total mass of u's density by the same quadrature (1 up to quadrature error); exported for its test. */
export function powerGridMass(df: number): number {
  return integrateOverU(df, [], () => 1);
}

/**
 * P(the check fails an entry) when its n paired differences are N(shiftBits, sdDiffBits^2):
 * significant at Bonferroni level alpha / m (two-sided t, df = n - 1) and |mean| > margin.
 * Formula in the module comment. sdDiffBits = 0: the differences are all equal to the shift.
 */
export function failProbability(shiftBits: number, sdDiffBits: number, design: PairedDesign): number {
  const { n, m, alpha, margin } = checkDesign(design, "failProbability");
  if (!Number.isFinite(shiftBits)) throw new Error(`failProbability: shift must be finite, got ${shiftBits}`);
  if (!(sdDiffBits >= 0) || !Number.isFinite(sdDiffBits)) throw new Error(`failProbability: sd must be finite and >= 0, got ${sdDiffBits}`);
  if (sdDiffBits === 0) return Math.abs(shiftBits) > margin ? 1 : 0;
  const tc = tQuantile(1 - alpha / (2 * m), n - 1);
  const se = sdDiffBits / Math.sqrt(n);
  const lambda = shiftBits / se;
  const k = margin / se;
  // h(u) bends where tc u meets the margin (u = k / tc) and steps where tc u passes lambda (width
  // ~1 / tc in u; at df = 1, tc ~ 380): the pieces are cut there.
  const cuts = [k / tc, ...[-8, 0, 8].map((off) => (lambda + off) / tc), ...[-8, 0, 8].map((off) => (-lambda + off) / tc)];
  const p = integrateOverU(n - 1, cuts, (u) => {
    const c = Math.max(tc * u, k);
    return normalCdf(lambda - c) + normalCdf(-lambda - c);
  });
  return Math.min(1, Math.max(0, p));
}

/**
 * Minimum detectable shift, bits: the smallest delta >= 0 with failProbability(delta,
 * sqrt(2) sdSeedBits, design) >= power; sdSeedBits is the entry's seed-to-seed sd (before and
 * after drawn independently, module comment). sdSeedBits = 0: the margin.
 */
export function minimumDetectableShift(sdSeedBits: number, design: PairedDesign, power = REGRESSION_POWER): number {
  const { margin } = checkDesign(design, "minimumDetectableShift");
  if (!(sdSeedBits >= 0) || !Number.isFinite(sdSeedBits)) throw new Error(`minimumDetectableShift: seed sd must be finite and >= 0, got ${sdSeedBits}`);
  if (!(power > 0 && power < 1)) throw new Error(`minimumDetectableShift: power must lie in (0, 1), got ${power}`);
  if (sdSeedBits === 0) return margin;
  const sdDiff = Math.SQRT2 * sdSeedBits;
  if (failProbability(0, sdDiff, design) >= power) return 0;
  let lo = 0;
  let hi = margin + sdDiff;
  while (failProbability(hi, sdDiff, design) < power) {
    lo = hi;
    hi *= 2;
  }
  for (let i = 0; i < 60 && hi - lo > 1e-7 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (failProbability(mid, sdDiff, design) < power) lo = mid;
    else hi = mid;
  }
  return hi;
}

// ---------------------------------------------------------------------------------------------
// The paired comparison.

/** How measured seeds are paired with baseline seeds: the same seed (the check), or by position (a fresh-seed null run). */
export type Pairing = "seed" | "position";

export interface CompareOptions {
  alpha?: number;
  marginBits?: number;
  pairing?: Pairing;
}

/** One entry's shift, before -> after, over its seed pairs. */
export interface ShiftRow {
  key: string;
  snapshot: string;
  label: string;
  family: string;
  /** Seed pairs. */
  n: number;
  /** Mean over the paired seeds, bits (NaN: not measured). */
  beforeBits: number;
  afterBits: number;
  /** mean(after - before), bits. */
  shiftBits: number;
  /** Simultaneous CI of the shift (Bonferroni, level 1 - alpha / m), bits. */
  ci: [number, number];
  /** Bonferroni-adjusted two-sided p. */
  pAdjusted: number;
  significant: boolean;
  /** |shift| > margin. */
  beyondMargin: boolean;
  /** significant and beyond the margin (or not comparable). */
  fail: boolean;
  /** Largest |after - before| over the pairs (the exact check), bits. */
  maxSeedDeltaBits: number;
  /** Seed sd of the baseline over its seeds, bits (what the MDS is computed from). */
  baselineSdBits: number;
  /** Why the entry could not be compared (fails the check). */
  problem?: string;
}

export interface ShiftComparison {
  /** Every entry, largest |shift| first (entries that could not be compared on top). */
  rows: ShiftRow[];
  /** Entries tested (Bonferroni's m). */
  entries: number;
  alpha: number;
  marginBits: number;
  /** Level of each entry's CI, 1 - alpha / m. */
  ciLevel: number;
  pairing: Pairing;
  failed: ShiftRow[];
  pass: boolean;
}

function meanOf(xs: number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

function sdOf(xs: number[]): number {
  if (xs.length < 2) return Number.NaN;
  const m = meanOf(xs);
  let s = 0;
  for (const x of xs) s += (x - m) ** 2;
  return Math.sqrt(s / (xs.length - 1));
}

/** Pairs of (before, after) readings of one entry, or why there are none. */
function pairsOf(before: Measurement, after: Measurement | undefined, pairing: Pairing): { b: number[]; a: number[] } | string {
  if (!after) return "not measured";
  const b: number[] = [];
  const a: number[] = [];
  if (pairing === "position") {
    const n = Math.min(before.bits.length, after.bits.length);
    for (let i = 0; i < n; i++) {
      b.push(before.bits[i]);
      a.push(after.bits[i]);
    }
  } else {
    before.seeds.forEach((s, i) => {
      const j = after.seeds.indexOf(s);
      if (j >= 0) {
        b.push(before.bits[i]);
        a.push(after.bits[j]);
      }
    });
  }
  if (b.length < MIN_PAIRED_SEEDS) return `${b.length} seed pair(s) (${pairing === "seed" ? `baseline seeds ${before.seeds.join(",")}, measured ${after.seeds.join(",")}` : "by position"}); needs >= ${MIN_PAIRED_SEEDS}`;
  for (const v of [...a, ...b]) if (!Number.isFinite(v)) return `a reading is ${v}`;
  return { b, a };
}

/**
 * The paired check of every baseline entry against its measurement (module comment). An entry
 * without a measurement or with fewer than MIN_PAIRED_SEEDS pairs fails, with its problem.
 */
export function compareShifts(baselines: Measurement[], measured: Measurement[], opts: CompareOptions = {}): ShiftComparison {
  const alpha = opts.alpha ?? REGRESSION_ALPHA;
  const marginBits = opts.marginBits ?? REGRESSION_MARGIN_BITS;
  const pairing = opts.pairing ?? "seed";
  if (baselines.length === 0) throw new Error("compareShifts: no baseline entries");
  checkDesign({ n: 2, entries: baselines.length, alpha, marginBits }, "compareShifts");
  const m = baselines.length;
  const byKey = new Map(measured.map((x) => [x.key, x]));
  const tcByDf = new Map<number, number>();
  const tc = (df: number): number => {
    let v = tcByDf.get(df);
    if (v === undefined) {
      v = tQuantile(1 - alpha / (2 * m), df);
      tcByDf.set(df, v);
    }
    return v;
  };
  const rows = baselines.map((e): ShiftRow => {
    const head = { key: e.key, snapshot: e.snapshot, label: e.label, family: e.family, baselineSdBits: sdOf(e.bits) };
    const pr = pairsOf(e, byKey.get(e.key), pairing);
    if (typeof pr === "string") {
      const nan = Number.NaN;
      return { ...head, n: 0, beforeBits: nan, afterBits: nan, shiftBits: nan, ci: [nan, nan], pAdjusted: nan, significant: false, beyondMargin: false, fail: true, maxSeedDeltaBits: nan, problem: pr };
    }
    const n = pr.b.length;
    const d = pr.a.map((x, i) => x - pr.b[i]);
    const shift = meanOf(d);
    const sd = sdOf(d);
    const se = sd / Math.sqrt(n);
    let pAdjusted: number;
    let ci: [number, number];
    if (se === 0) {
      // Every difference equal: the shift is known exactly.
      pAdjusted = shift === 0 ? 1 : 0;
      ci = [shift, shift];
    } else {
      const half = tc(n - 1) * se;
      ci = [shift - half, shift + half];
      pAdjusted = Math.min(1, m * 2 * tSurvival(Math.abs(shift / se), n - 1));
    }
    const significant = pAdjusted < alpha;
    const beyondMargin = Math.abs(shift) > marginBits;
    return {
      ...head,
      n,
      beforeBits: meanOf(pr.b),
      afterBits: meanOf(pr.a),
      shiftBits: shift,
      ci,
      pAdjusted,
      significant,
      beyondMargin,
      fail: significant && beyondMargin,
      maxSeedDeltaBits: Math.max(...d.map(Math.abs)),
    };
  });
  rows.sort((x, y) => (Number.isNaN(y.shiftBits) ? Infinity : Math.abs(y.shiftBits)) - (Number.isNaN(x.shiftBits) ? Infinity : Math.abs(x.shiftBits)) || x.key.localeCompare(y.key));
  const failed = rows.filter((r) => r.fail);
  return { rows, entries: m, alpha, marginBits, ciLevel: 1 - alpha / m, pairing, failed, pass: failed.length === 0 };
}

/** Entries whose readings did not reproduce within EXACT_TOLERANCE_BITS on some seed pair (exact mode). */
export function notReproduced(cmp: ShiftComparison, toleranceBits = EXACT_TOLERANCE_BITS): ShiftRow[] {
  return cmp.rows.filter((r) => !(r.maxSeedDeltaBits <= toleranceBits));
}

/** What an entry's MDS depends on: its baseline seed sd and its number of seed pairs. */
export interface PowerItem {
  key: string;
  family: string;
  sdBits: number;
  n: number;
}

/** Power items of baseline entries checked on `n` seeds each (default: all their seeds). */
export function powerItemsOfBaselines(baselines: Measurement[], n?: number): PowerItem[] {
  return baselines.map((e) => ({ key: e.key, family: e.family, sdBits: sdOf(e.bits), n: n ?? e.bits.length }));
}

/** Power items of a comparison's rows (their own seed pairs; rows that could not be compared are left out). */
export function powerItemsOfRows(rows: ShiftRow[]): PowerItem[] {
  return rows.filter((r) => !r.problem && r.n >= 2).map((r) => ({ key: r.key, family: r.family, sdBits: r.baselineSdBits, n: r.n }));
}

/** MDS per entry (key -> bits) in a comparison of m entries. */
export function detectableShifts(items: PowerItem[], m: number, alpha = REGRESSION_ALPHA, marginBits = REGRESSION_MARGIN_BITS): Map<string, number> {
  return new Map(items.map((e) => [e.key, minimumDetectableShift(e.sdBits, { n: e.n, entries: m, alpha, marginBits })]));
}

/** Minimum detectable shift of one family: over its entries, from their baseline seed sd. */
export interface FamilyPower {
  family: string;
  entries: number;
  /** Seed pairs per entry (the smallest, if they differ). */
  n: number;
  /** Bonferroni m of the comparison. */
  m: number;
  /** Largest MDS of the family (its weakest entry), bits, and that entry. */
  largestBits: number;
  largestKey: string;
  medianBits: number;
  smallestBits: number;
}

/** Per family: the largest (weakest entry), median and smallest MDS, from `mds` (detectableShifts). */
export function powerByFamily(items: PowerItem[], mds: Map<string, number>, m: number): FamilyPower[] {
  const families = [...new Set(items.map((e) => e.family))];
  return families.map((family) => {
    const es = items.filter((e) => e.family === family).map((e) => ({ key: e.key, n: e.n, v: mds.get(e.key)! }));
    const sorted = es.map((x) => x.v).sort((a, b) => a - b);
    const top = es.reduce((a, b) => (b.v > a.v ? b : a));
    const mid = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : 0.5 * (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]);
    return { family, entries: es.length, n: Math.min(...es.map((e) => e.n)), m, largestBits: top.v, largestKey: top.key, medianBits: mid, smallestBits: sorted[0] };
  });
}

// ---------------------------------------------------------------------------------------------
// Formatting.

export type TableFormat = "text" | "markdown";

function table(head: string[], body: string[][], format: TableFormat): string {
  if (format === "markdown") {
    const esc = (c: string): string => c.replace(/\|/g, "\\|");
    return [head, head.map(() => "---"), ...body].map((r) => `| ${r.map(esc).join(" | ")} |`).join("\n");
  }
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  return [head, ...body].map((r) => r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd()).join("\n");
}

const signed = (x: number, digits = 4): string => (Number.isNaN(x) ? "–" : `${x >= 0 ? "+" : ""}${x.toFixed(digits)}`);

/** Verdict word of a row. */
export function rowStatus(r: ShiftRow): string {
  if (r.problem) return `FAIL (${r.problem})`;
  if (r.fail) return "FAIL";
  if (r.significant) return "significant, within margin";
  return "ok";
}

/** Columns of the shift table (shared by the claim record and the printed tables). */
export const SHIFT_COLUMNS = ["snapshot", "label", "family", "seeds", "before", "after", "shift", "CI low", "CI high", "p (Bonferroni)", "MDS", "status"];

/** Cells of one row: bits to 4 decimals, p to 2 significant digits, MDS from `mds` (key -> bits). */
export function shiftCells(r: ShiftRow, mds?: Map<string, number>): string[] {
  const p = Number.isNaN(r.pAdjusted) ? "–" : r.pAdjusted >= 0.01 ? r.pAdjusted.toFixed(2) : r.pAdjusted.toExponential(1);
  const d = mds?.get(r.key);
  return [r.snapshot, r.label, r.family, String(r.n), Number.isNaN(r.beforeBits) ? "–" : r.beforeBits.toFixed(4), Number.isNaN(r.afterBits) ? "–" : r.afterBits.toFixed(4), signed(r.shiftBits), signed(r.ci[0]), signed(r.ci[1]), p, d === undefined ? "–" : d.toFixed(4), rowStatus(r)];
}

/** Every shift with its CI, largest first. */
export function formatShiftTable(cmp: ShiftComparison, mds?: Map<string, number>, format: TableFormat = "text"): string {
  return table(SHIFT_COLUMNS, cmp.rows.map((r) => shiftCells(r, mds)), format);
}

/** One line per family: the MDS and what it means. */
export function formatPower(power: FamilyPower[], alpha = REGRESSION_ALPHA, marginBits = REGRESSION_MARGIN_BITS, powerLevel = REGRESSION_POWER): string {
  const head = `minimum detectable shift (${Math.round(powerLevel * 100)}% power; paired t over n seeds, Bonferroni alpha ${alpha}/${power[0]?.m ?? "?"}, margin ${marginBits} bit; from the baseline seed sd, pairs drawn independently):`;
  return [head, ...power.map((p) => `  ${p.family.padEnd(6)} <= ${p.largestBits.toFixed(4)} bit (weakest entry ${p.largestKey}); median ${p.medianBits.toFixed(4)}, smallest ${p.smallestBits.toFixed(4)}; ${p.entries} entries x ${p.n} seeds`)].join("\n");
}

export const POWER_COLUMNS = ["family", "entries", "seeds", "largest MDS (bits)", "weakest entry", "median MDS", "smallest MDS"];

export function powerCells(p: FamilyPower): string[] {
  return [p.family, String(p.entries), String(p.n), p.largestBits.toFixed(4), p.largestKey, p.medianBits.toFixed(4), p.smallestBits.toFixed(4)];
}

// ---------------------------------------------------------------------------------------------
// The baselines file.

/** What produced a set of baselines: a check on the same triple also compares exactly. */
export interface BaselineOrigin {
  backend: string;
  decoderImplementation: string;
  estimatorVersion: string;
}

export interface ScaleBaselines extends BaselineOrigin {
  protocol: Record<RegressionFamily, number>;
  /** Decoder seeds of every entry. */
  seeds: number[];
  /** Snapshot file name -> first 16 hex digits of its data checksum (absent in files converted from version 2). */
  snapshots?: Record<string, string>;
  /** Entries, each with `seeds` and `bits` (in the file `seeds` is stored once, per scale). */
  entries: Measurement[];
}

export interface BaselineFile {
  format: "usable-info-estimator-baselines";
  version: 3;
  rule: { alpha: number; power: number; marginBits: number; correction: "bonferroni"; exactToleranceBits: number; text: string };
  scales: Partial<Record<Scale, ScaleBaselines>>;
}

export const BASELINE_RULE_TEXT =
  `per entry, paired by decoder seed: shift = mean(after - before), simultaneous CI t_{1-alpha/(2m), n-1} sd/sqrt(n) (Bonferroni over the m entries); ` +
  `an entry fails when its CI excludes 0 and |shift| > marginBits; on the baselines' backend, decoder implementation and estimator version every seed's reading must also reproduce within exactToleranceBits`;

export function emptyBaselineFile(): BaselineFile {
  return {
    format: "usable-info-estimator-baselines",
    version: 3,
    rule: { alpha: REGRESSION_ALPHA, power: REGRESSION_POWER, marginBits: REGRESSION_MARGIN_BITS, correction: "bonferroni", exactToleranceBits: EXACT_TOLERANCE_BITS, text: BASELINE_RULE_TEXT },
    scales: {},
  };
}

/** Baseline entries from measurements (all with the same seeds). */
export function baselinesFrom(ms: Measurement[]): { seeds: number[]; entries: Measurement[] } {
  if (ms.length === 0) throw new Error("baselinesFrom: no measurements");
  const seeds = ms[0].seeds;
  for (const m of ms) {
    if (m.seeds.join(",") !== seeds.join(",")) throw new Error(`baselinesFrom: ${m.key} has seeds ${m.seeds.join(",")}, others ${seeds.join(",")}`);
    if (m.seeds.length < MIN_PAIRED_SEEDS) throw new Error(`baselinesFrom: ${m.key} has ${m.seeds.length} seeds; the paired check needs >= ${MIN_PAIRED_SEEDS}`);
  }
  return { seeds: [...seeds], entries: ms.map((m) => ({ ...m, seeds: [...seeds], bits: [...m.bits] })) };
}

function fail(where: string, msg: string): never {
  throw new Error(`estimator regression: ${where}: ${msg}`);
}

const STORED_KEYS = ["key", "snapshot", "label", "family", "epochs", "hYBits", "bits"] as const;

function checkEntry(e: Measurement, seeds: number[], where: string): void {
  for (const k of STORED_KEYS) if (e[k] === undefined) fail(where, `entry ${JSON.stringify(e.key)} lacks "${k}"`);
  if (!REGRESSION_FAMILIES.includes(e.family)) fail(where, `entry ${e.key}: unknown family ${JSON.stringify(e.family)}`);
  if (!Array.isArray(e.bits) || e.bits.length !== seeds.length) fail(where, `entry ${e.key}: ${Array.isArray(e.bits) ? e.bits.length : "no"} readings for ${seeds.length} seeds`);
  e.bits.forEach((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v)) fail(where, `entry ${e.key}: reading ${v} at seed ${seeds[i]}`);
  });
}

/** Version 2 (5 spread seeds per entry, single-seed comparison) as version 3: the same readings, paired on those seeds. */
function fromVersion2(raw: { scales?: Record<string, { entries?: { seeds?: number[]; seedBits?: number[] }[] } & BaselineOrigin & { protocol: Record<RegressionFamily, number> }> }, where: string): BaselineFile {
  const out = emptyBaselineFile();
  for (const [scale, s] of Object.entries(raw.scales ?? {})) {
    if (scale !== "ci" && scale !== "paper") fail(where, `unknown scale ${JSON.stringify(scale)}`);
    const entries = (s.entries ?? []) as unknown as (Measurement & { seedBits: number[] })[];
    if (entries.length === 0) fail(where, `scale ${scale} has no entries`);
    const seeds = entries[0].seeds;
    out.scales[scale] = {
      protocol: s.protocol,
      backend: s.backend,
      decoderImplementation: s.decoderImplementation,
      estimatorVersion: s.estimatorVersion,
      seeds,
      entries: entries.map((e) => ({ key: e.key, snapshot: e.snapshot, label: e.label, family: e.family, epochs: e.epochs, hYBits: e.hYBits, seeds, bits: e.seedBits })),
    };
  }
  return out;
}

/**
 * Parses a baselines file (version 3, or version 2 converted: its spread seeds become the paired
 * seeds); `where` names the source in errors. Every scale's entries get their `seeds`.
 */
export function parseBaselines(text: string, where: string): BaselineFile {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    fail(where, `not valid JSON: ${(err as Error).message}`);
  }
  if (raw === null || typeof raw !== "object" || raw.format !== "usable-info-estimator-baselines") fail(where, `format ${JSON.stringify((raw as { format?: unknown } | null)?.format)}; expected "usable-info-estimator-baselines"`);
  let f: BaselineFile;
  if (raw.version === 2) f = fromVersion2(raw as never, where);
  else if (raw.version === 3) {
    f = raw as unknown as BaselineFile;
    for (const s of Object.values(f.scales ?? {})) {
      if (!s || !Array.isArray(s.seeds) || !Array.isArray(s.entries)) fail(where, "a scale lacks seeds or entries");
      s.entries = s.entries.map((e) => ({ ...e, seeds: s.seeds }));
    }
  } else fail(where, `version ${JSON.stringify(raw.version)}; this code reads versions 2 and 3 (re-create it with npm run estimator:rebaseline)`);
  for (const [scale, s] of Object.entries(f.scales)) {
    if (!s) continue;
    if (s.seeds.length < MIN_PAIRED_SEEDS) fail(where, `scale ${scale}: ${s.seeds.length} decoder seeds; the paired check needs >= ${MIN_PAIRED_SEEDS}`);
    for (const e of s.entries) checkEntry(e, s.seeds, `${where} (${scale})`);
  }
  return f;
}

export function readBaselines(path: string): BaselineFile {
  if (!existsSync(path)) throw new Error(`estimator regression: no baselines at ${path}; run npm run estimator:rebaseline`);
  return parseBaselines(readFileSync(path, "utf8"), path);
}

/** Path of the baselines file inside the repository. */
export const BASELINES_REPO_PATH = "fixtures/estimator/baselines.json";

/** The baselines file of a git commit or ref (`git show REF:fixtures/estimator/baselines.json`), run in `repoRoot`. */
export function readBaselinesAtRef(ref: string, repoRoot: string): BaselineFile {
  if (!/^[\w./~^@{}-]+$/.test(ref) || ref.startsWith("-")) throw new Error(`estimator regression: ${JSON.stringify(ref)} does not look like a git ref`);
  const git = (args: string[]): string => execFileSync("git", args, { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20 });
  let commit: string;
  try {
    commit = git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).trim();
  } catch {
    throw new Error(`estimator regression: ${JSON.stringify(ref)} is not a commit in ${repoRoot} (git rev-parse failed)`);
  }
  let text: string;
  try {
    text = git(["show", `${commit}:${BASELINES_REPO_PATH}`]);
  } catch {
    throw new Error(`estimator regression: commit ${ref} (${commit.slice(0, 12)}) has no ${BASELINES_REPO_PATH}`);
  }
  return parseBaselines(text, `${ref}:${BASELINES_REPO_PATH}`);
}

/**
 * The file as text: the rule and each scale's header indented, one entry per line (stable,
 * readable diffs), entries sorted by key, `seeds` stored once per scale.
 */
export function formatBaselines(f: BaselineFile): string {
  const scales: Record<string, unknown> = {};
  const placeholders: string[] = [];
  for (const [scale, s] of Object.entries(f.scales)) {
    if (!s) continue;
    const entries = [...s.entries].sort((a, b) => a.key.localeCompare(b.key)).map((e) => JSON.stringify(Object.fromEntries(STORED_KEYS.map((k) => [k, e[k]]))));
    placeholders.push(entries.map((e) => `        ${e}`).join(",\n"));
    scales[scale] = { ...s, seeds: s.seeds, entries: `@@ENTRIES${placeholders.length - 1}@@` };
  }
  const text = JSON.stringify({ ...f, scales }, null, 2).replace(/"seeds": \[\s*([\d,\s]*?)\s*\]/g, (_, list: string) => `"seeds": [${list.split(/[\s,]+/).filter(Boolean).join(", ")}]`);
  return `${text.replace(/"@@ENTRIES(\d+)@@"/g, (_, i: string) => `[\n${placeholders[Number(i)]}\n      ]`)}\n`;
}

/** Writes the file atomically (formatBaselines). */
export function writeBaselines(path: string, f: BaselineFile): void {
  writeFileAtomic(path, formatBaselines(f));
}

export type ComparisonMode = "exact" | "paired";

/** "exact" when the check runs on the baselines' backend, implementation and estimator code (paired test plus determinism), else "paired". */
export function comparisonMode(baselines: BaselineOrigin, now: BaselineOrigin): ComparisonMode {
  return baselines.backend === now.backend && baselines.decoderImplementation === now.decoderImplementation && baselines.estimatorVersion === now.estimatorVersion ? "exact" : "paired";
}

/** Snapshots whose data differ between the baselines and now (their entries cannot be compared). */
export function changedSnapshots(base: ScaleBaselines, now: Record<string, string>): string[] {
  const ids = base.snapshots;
  if (!ids) return [];
  return Object.keys(ids).filter((name) => now[name] !== undefined && now[name] !== ids[name]);
}

/** Everything one run of the check found. */
export interface RegressionReport {
  mode: ComparisonMode;
  comparison: ShiftComparison;
  /** MDS per entry, bits. */
  mds: Map<string, number>;
  power: FamilyPower[];
  /** Exact mode: entries with a seed reading that did not reproduce within EXACT_TOLERANCE_BITS; [] in paired mode. */
  notReproduced: ShiftRow[];
  pass: boolean;
}

/** The check of `measured` against `baselines` (paired test; in exact mode also determinism). */
export function regressionReport(baselines: Measurement[], measured: Measurement[], mode: ComparisonMode, opts: CompareOptions = {}): RegressionReport {
  const comparison = compareShifts(baselines, measured, opts);
  const items = powerItemsOfRows(comparison.rows);
  const mds = detectableShifts(items, comparison.entries, comparison.alpha, comparison.marginBits);
  const power = powerByFamily(items, mds, comparison.entries);
  const bad = mode === "exact" ? notReproduced(comparison) : [];
  return { mode, comparison, mds, power, notReproduced: bad, pass: comparison.pass && bad.length === 0 };
}

/** Headline of a report (one line). */
export function reportHeadline(r: RegressionReport): string {
  const c = r.comparison;
  const sig = c.rows.filter((x) => x.significant).length;
  const head = `${c.failed.length} of ${c.entries} entries shifted (significant at Bonferroni alpha ${c.alpha}/${c.entries} and |shift| > ${c.marginBits} bit); ${sig} significant in all; largest |shift| ${c.rows[0] && !Number.isNaN(c.rows[0].shiftBits) ? Math.abs(c.rows[0].shiftBits).toFixed(4) : "–"} bit (${c.rows[0]?.key ?? "–"})`;
  if (r.mode !== "exact") return `${head}; paired comparison`;
  return `${head}; exact mode: ${r.notReproduced.length === 0 ? `every seed's reading reproduced within ${EXACT_TOLERANCE_BITS} bit` : `${r.notReproduced.length} entr${r.notReproduced.length === 1 ? "y" : "ies"} with a seed reading off by more than ${EXACT_TOLERANCE_BITS} bit (non-determinism, or a change of numbers without a bump of the estimator version)`}`;
}

/** Headline, the power lines and the shift table, as text or Markdown. */
export function formatReport(r: RegressionReport, format: TableFormat = "text"): string {
  const power = formatPower(r.power, r.comparison.alpha, r.comparison.marginBits);
  const ciNote = `CI: simultaneous ${(100 * (1 - r.comparison.alpha)).toFixed(0)}% (each at level 1 - ${r.comparison.alpha}/${r.comparison.entries}); MDS: minimum detectable shift of the entry`;
  if (format === "markdown") {
    return [`**${reportHeadline(r)}**`, "", "```", power, "```", "", ciNote, "", formatShiftTable(r.comparison, r.mds, "markdown"), ""].join("\n");
  }
  return [reportHeadline(r), power, ciNote, formatShiftTable(r.comparison, r.mds, "text")].join("\n");
}

// ---------------------------------------------------------------------------------------------
// Planted changes: for the planted tests and `npm run estimator:compare -- --plant NAME`.

export interface PlantedChange {
  description: string;
  /** Decoder config change (real decoders are trained). */
  override?: MeasureOptions["override"];
  /** Change of the readings after measuring. */
  readings?: (m: Measurement) => Measurement;
}

export const PLANTED_CHANGES: Record<string, PlantedChange> = {
  "cb-first-hidden-64": {
    description: "CB decoder's first hidden layer halved, 128 -> 64 units ([64, 64, 32])",
    override: (family, cfg) => (family === "cb" ? { ...cfg, hidden: [64, ...cfg.hidden.slice(1)] } : cfg),
  },
  "offset-0.05": {
    description: "+0.05 bit added to every reading",
    readings: (m) => ({ ...m, bits: m.bits.map((b) => b + 0.05) }),
  },
};

/** Default location of the fixtures. */
export function fixturesDir(root: string): string {
  return join(root, "fixtures", "estimator");
}

export const BASELINES_FILE = "baselines.json";

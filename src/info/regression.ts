/**
 * Estimator regression: baseline I_u values (bits) of real checkerboard activation snapshots
 * (fixtures/estimator/*.usnap, src/info/snapshot.ts) per snapshot x label x decoder family,
 * stored in fixtures/estimator/baselines.json, and the comparison that flags a value that moved.
 *
 * Baseline: the I_u of decoder seed REGRESSION_REFERENCE_SEED (what the check re-estimates).
 * Two comparison modes:
 * - exact: the check runs on the baselines' backend, decoder implementation and estimator code
 *   version (codeVersion("estimator")). Re-estimating is then deterministic (each decoder is
 *   trained on its own, bit for bit), so any move beyond EXACT_TOLERANCE_BITS is a change.
 * - spread (another backend or estimator code): a change to the arithmetic that is not meant to
 *   change the estimator (operation order, a faster kernel) sends training down another
 *   trajectory, which behaves like another seed; tolerance per entry
 *     tolerance = min(max(REGRESSION_FLOOR_BITS, REGRESSION_K * sd), REGRESSION_CAP_FRACTION * H(Y)),
 *   sd the sample standard deviation of I_u over the decoder seeds REGRESSION_SPREAD_SEEDS (same
 *   rows); the difference of two seeds has sd sqrt(2) sd, so K = 5 is ~3.5 standard deviations of
 *   it. The cap keeps a band from covering a large part of the label's range.
 * An entry whose seed-to-seed sd exceeds REGRESSION_DEGENERATE_FRACTION * H(Y) is degenerate (the
 * family does not give a stable number on that layer, e.g. the CIFAR decoder on a 3-unit layer):
 * it is compared exactly in exact mode and reported as degenerate, not compared, in spread mode
 * (never given a band wide enough to pass anything).
 *
 * Protocol per scale (REGRESSION_PROTOCOL): ci uses fewer decoder epochs, so its baselines differ
 * from paper-scale ones; the file stores each scale separately (only the scales that were baselined).
 * H(Y): the estimator's default plug-in entropy of the snapshot's labels.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { DecoderConfig, DecoderTask, LabelledData, Scale } from "../interfaces.js";
import { writeFileAtomic } from "../runtime/files.js";
import { readSnapshot, type Snapshot } from "./snapshot.js";
import { estimateUsableInfo } from "./estimate.js";
import { cbDecoder, cifarDecoder, linearDecoder } from "./families.js";

/** Tolerance = max(floor, K * seed-to-seed sd), capped. */
export const REGRESSION_K = 5;
/** Smallest spread tolerance, bits. */
export const REGRESSION_FLOOR_BITS = 0.01;
/** Largest spread tolerance as a fraction of H(Y) (0.05 bit on a 1-bit label). */
export const REGRESSION_CAP_FRACTION = 0.05;
/** Seed sd above this fraction of H(Y): a degenerate entry. */
export const REGRESSION_DEGENERATE_FRACTION = 0.05;
/** Exact mode: same backend, implementation and estimator code; float noise only. */
export const EXACT_TOLERANCE_BITS = 1e-9;
/** Decoder seed of the baseline value and of the check. */
export const REGRESSION_REFERENCE_SEED = 1;
/** Decoder seeds whose spread sets the tolerance (includes the reference seed). */
export const REGRESSION_SPREAD_SEEDS = [1, 2, 3, 4, 5];

export type RegressionFamily = "cb" | "cifar" | "linear";
export const REGRESSION_FAMILIES: readonly RegressionFamily[] = ["cb", "cifar", "linear"];

/** Decoder epochs per scale. ci: CB 15 (of 100), CIFAR 8 (of 50) so that the check takes ~1 minute on 2 cores. */
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

export interface Measurement {
  key: string;
  snapshot: string;
  label: string;
  family: RegressionFamily;
  epochs: number;
  /** I_u per decoder seed, in the order of `seeds`. */
  bits: number[];
  seeds: number[];
  /** H(Y) used, bits. */
  hYBits: number;
}

export interface MeasureOptions {
  seeds?: number[];
  families?: readonly RegressionFamily[];
  /** Transform a family's decoder config before use (tests plant changes through this). */
  override?: (family: RegressionFamily, cfg: DecoderConfig) => DecoderConfig;
}

/**
 * I_u of every snapshot x label x family x seed. One estimateUsableInfo call per family with all
 * snapshots, labels and seeds (the bank batches equal shapes), except CB decoders with different
 * learning rates, which need separate calls.
 */
export async function measureSnapshots(snaps: NamedSnapshot[], scale: Scale, opts: MeasureOptions = {}): Promise<Measurement[]> {
  const seeds = opts.seeds ?? [REGRESSION_REFERENCE_SEED];
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

/**
 * Sample sd (n - 1) of the values, the spread tolerance min(max(floor, K sd), cap * H(Y)), and
 * whether the entry is degenerate (sd > REGRESSION_DEGENERATE_FRACTION * H(Y)).
 */
export function toleranceFromSpread(values: number[], hYBits: number, k = REGRESSION_K, floorBits = REGRESSION_FLOOR_BITS): { sdBits: number; toleranceBits: number; degenerate: boolean } {
  if (values.length < 2) throw new Error(`toleranceFromSpread: needs >= 2 seeds, got ${values.length}`);
  if (!(hYBits > 0)) throw new Error(`toleranceFromSpread: H(Y) must be > 0, got ${hYBits}`);
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / (values.length - 1));
  return { sdBits: sd, toleranceBits: Math.min(Math.max(floorBits, k * sd), REGRESSION_CAP_FRACTION * hYBits), degenerate: sd > REGRESSION_DEGENERATE_FRACTION * hYBits };
}

export interface BaselineEntry {
  key: string;
  snapshot: string;
  label: string;
  family: RegressionFamily;
  epochs: number;
  /** I_u at the reference decoder seed, bits. */
  bits: number;
  /** I_u per spread seed, bits. */
  seedBits: number[];
  seeds: number[];
  hYBits: number;
  sdBits: number;
  /** Spread-mode tolerance (see the module comment). */
  toleranceBits: number;
  /** Seed sd > REGRESSION_DEGENERATE_FRACTION * H(Y). */
  degenerate: boolean;
}

/** What produced a set of baselines: a check on the same triple compares exactly. */
export interface BaselineOrigin {
  backend: string;
  decoderImplementation: string;
  estimatorVersion: string;
}

export interface ScaleBaselines extends BaselineOrigin {
  protocol: Record<RegressionFamily, number>;
  entries: BaselineEntry[];
}

export interface BaselineFile {
  format: "usable-info-estimator-baselines";
  version: 2;
  tolerance: { k: number; floorBits: number; referenceSeed: number; spreadSeeds: number[]; rule: string };
  scales: Partial<Record<Scale, ScaleBaselines>>;
}

/** Baseline entries from measurements over REGRESSION_SPREAD_SEEDS (reference seed first or anywhere in the list). */
export function baselinesFrom(ms: Measurement[]): BaselineEntry[] {
  return ms.map((m) => {
    const ref = m.seeds.indexOf(REGRESSION_REFERENCE_SEED);
    if (ref < 0) throw new Error(`baselinesFrom: ${m.key} was not measured with the reference seed ${REGRESSION_REFERENCE_SEED}`);
    const { sdBits, toleranceBits, degenerate } = toleranceFromSpread(m.bits, m.hYBits);
    return { key: m.key, snapshot: m.snapshot, label: m.label, family: m.family, epochs: m.epochs, bits: m.bits[ref], seedBits: m.bits, seeds: m.seeds, hYBits: m.hYBits, sdBits, toleranceBits, degenerate };
  });
}

export function emptyBaselineFile(): BaselineFile {
  return {
    format: "usable-info-estimator-baselines",
    version: 2,
    tolerance: {
      k: REGRESSION_K,
      floorBits: REGRESSION_FLOOR_BITS,
      referenceSeed: REGRESSION_REFERENCE_SEED,
      spreadSeeds: REGRESSION_SPREAD_SEEDS,
      rule:
        `exact (same backend, decoder implementation and estimator code version): |delta| <= ${EXACT_TOLERANCE_BITS}; ` +
        `otherwise tolerance = min(max(floorBits, k * sd of I_u over spreadSeeds), ${REGRESSION_CAP_FRACTION} H(Y)), degenerate entries (sd > ${REGRESSION_DEGENERATE_FRACTION} H(Y)) not compared; baseline = I_u at referenceSeed`,
    },
    scales: {},
  };
}

export function readBaselines(path: string): BaselineFile {
  if (!existsSync(path)) throw new Error(`estimator regression: no baselines at ${path}; run scripts/rebaseline-estimator.ts`);
  let f: BaselineFile;
  try {
    f = JSON.parse(readFileSync(path, "utf8")) as BaselineFile;
  } catch (err) {
    throw new Error(`estimator regression: ${path} is not valid JSON: ${(err as Error).message}`);
  }
  if (f.format !== "usable-info-estimator-baselines" || f.version !== 2) throw new Error(`estimator regression: ${path} has format ${JSON.stringify(f.format)} version ${f.version}; expected usable-info-estimator-baselines v2 (re-create it with npm run estimator:rebaseline)`);
  return f;
}

/** Writes the file atomically, entries sorted by key (stable diffs). */
export function writeBaselines(path: string, f: BaselineFile): void {
  for (const s of Object.values(f.scales)) s?.entries.sort((a, b) => a.key.localeCompare(b.key));
  writeFileAtomic(path, `${JSON.stringify(f, null, 2)}\n`);
}

export type ComparisonMode = "exact" | "spread";

export interface ComparisonRow {
  key: string;
  snapshot: string;
  label: string;
  family: string;
  baselineBits: number;
  /** NaN when the entry was not measured. */
  measuredBits: number;
  deltaBits: number;
  toleranceBits: number;
  /** How the entry was compared; "degenerate": not compared (spread mode, unstable entry). */
  mode: ComparisonMode | "degenerate";
  pass: boolean;
}

/** "exact" when the check runs on the baselines' backend, implementation and estimator code, else "spread". */
export function comparisonMode(baselines: BaselineOrigin, now: BaselineOrigin): ComparisonMode {
  return baselines.backend === now.backend && baselines.decoderImplementation === now.decoderImplementation && baselines.estimatorVersion === now.estimatorVersion ? "exact" : "spread";
}

/**
 * Each baseline entry against its measurement (reference seed), in `mode`; a missing
 * measurement fails; in spread mode a degenerate entry is reported, not compared.
 */
export function compareToBaselines(entries: BaselineEntry[], measured: Measurement[], mode: ComparisonMode): ComparisonRow[] {
  const byKey = new Map(measured.map((m) => [m.key, m]));
  return entries.map((e) => {
    const m = byKey.get(e.key);
    const i = m ? m.seeds.indexOf(REGRESSION_REFERENCE_SEED) : -1;
    const v = m && i >= 0 ? m.bits[i] : Number.NaN;
    const delta = v - e.bits;
    const base = { key: e.key, snapshot: e.snapshot, label: e.label, family: e.family, baselineBits: e.bits, measuredBits: v, deltaBits: delta };
    if (mode === "spread" && e.degenerate) return { ...base, toleranceBits: Number.NaN, mode: "degenerate" as const, pass: Number.isFinite(v) };
    const tol = mode === "exact" ? EXACT_TOLERANCE_BITS : e.toleranceBits;
    return { ...base, toleranceBits: tol, mode, pass: Number.isFinite(delta) && Math.abs(delta) <= tol };
  });
}

/** Plain-text table of a comparison, failing rows marked, degenerate rows labelled. */
export function formatComparison(rows: ComparisonRow[]): string {
  const head = ["", "snapshot", "label", "family", "baseline", "measured", "delta", "tolerance", "mode"];
  const body = rows.map((r) => [r.pass ? (r.mode === "degenerate" ? "degen" : "ok") : "MOVED", r.snapshot, r.label, r.family, r.baselineBits.toFixed(4), r.measuredBits.toFixed(4), r.deltaBits.toExponential(2), Number.isNaN(r.toleranceBits) ? "-" : r.toleranceBits.toExponential(1), r.mode]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  return [head, ...body].map((r) => r.map((c, i) => c.padEnd(widths[i])).join("  ")).join("\n");
}

/** Default location of the fixtures. */
export function fixturesDir(root: string): string {
  return join(root, "fixtures", "estimator");
}

export const BASELINES_FILE = "baselines.json";


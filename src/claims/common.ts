/**
 * Shared pieces of claim evaluation: skipped records, learned-seed selection, clipping of the points a claim uses,
 * conversion of stats verdicts into report checks, and the seed-run table.
 */
import type { ClaimCheck, ClaimRecord, ClaimStatus, LineFigure, ReadingOutcome, ReportTable } from "../claim-interfaces.js";
import type { DecoderInput, Scale } from "../interfaces.js";
import { registeredReading, type CbInfoPoint, type CbLabel, type CbSeedResult } from "../experiments/cb-runner.js";
import { readingOf } from "../info/core/whiten.js";
import { clipUsableInfo, combineOutcomes, meanCi, type Verdict } from "../stats/index.js";
import { flagSummary, pointFlags } from "./flags.js";

/** The record of a claim not run here, with the reason (the report shows it; a silent pass never happens). */
export function skippedRecord(claim: Pick<ClaimRecord, "id" | "paper" | "statement">, ctx: { scale: Scale; backend: string }, reason: string): ClaimRecord {
  return {
    ...claim,
    scale: ctx.scale,
    backend: ctx.backend,
    status: "skipped",
    reason,
    checks: [],
    seeds: { total: 0, learned: null },
    clipping: { points: 0, clipped: 0, decoderFailures: 0 },
    tables: [],
    runs: [],
  };
}

/** A predicate's verdict as a report check of rule `rule` (a stable id within the claim). */
export function toCheck(v: Verdict, rule: string): ClaimCheck {
  const values = v.details ? Object.fromEntries(Object.entries(v.details).filter(([k]) => ["values", "a", "b", "x", "y", "perSeed", "diffs", "perEpochMeans", "epochs", "layerValues"].includes(k))) : undefined;
  return {
    rule,
    name: v.label,
    outcome: v.outcome,
    pass: v.pass,
    statistic: v.statistic,
    statisticName: v.statisticName,
    ci: v.ci ?? null,
    comparison: v.comparison,
    threshold: v.threshold,
    ...(v.undecided ? { undecided: v.undecided, seedsNeeded: v.seedsNeeded ?? null } : {}),
    ...(values && Object.keys(values).length ? { values } : {}),
    message: v.message,
  };
}

/** A check on one number without a statistic (pipeline checks, exports): it holds or it does not. */
export function pointCheck(rule: string, name: string, statistic: number, comparison: ClaimCheck["comparison"], threshold: number, holds: boolean, detail: string): ClaimCheck {
  return { rule, name, outcome: holds ? "reproduced" : "contradicted", pass: holds, statistic, ci: null, comparison, threshold, message: `${holds ? "OK" : "FAILED"} ${name}: ${detail}` };
}

/**
 * How a claim reads its usable-information points: the registered protocol (replicate 1 in each
 * seed-run's registered reading, every point), a sensitivity view of the decoder (issue 9): every
 * point from its second decoder seed, or flagged points left out; or a sensitivity reading
 * (PROTOCOL.md section 0, amended 2026-12-02): the rule points read from raw or from per-unit
 * standardised Z with the first decoder's seed. `used`, when given, collects the points a rule
 * read (registered view only).
 */
export interface PointView {
  name: "registered" | "second-decoder" | "without-flagged" | DecoderInput;
  replicate: 1 | 2;
  /** The reading of the points; "registered": each seed-run's own (registeredReading). */
  input: "registered" | DecoderInput;
  dropFlagged: boolean;
  used?: Set<CbInfoPoint>;
}

export function registeredView(): PointView {
  return { name: "registered", replicate: 1, input: "registered", dropFlagged: false, used: new Set() };
}
export const SENSITIVITY_VIEWS: readonly PointView[] = [
  { name: "second-decoder", replicate: 2, input: "registered", dropFlagged: false },
  { name: "without-flagged", replicate: 1, input: "registered", dropFlagged: true },
];
/** The sensitivity readings shown beside the registered (whitened) one. */
export const READING_VIEWS: readonly PointView[] = [
  { name: "raw", replicate: 1, input: "raw", dropFlagged: false },
  { name: "standardised", replicate: 1, input: "standardised", dropFlagged: false },
];

/** Whether a stored point is (label, layer, epoch, replicate) in `input` (default: the seed-run's registered reading). */
function matches(r: CbSeedResult, q: CbInfoPoint, label: CbLabel, layer: number, epoch: number, replicate: number, input: "registered" | DecoderInput): boolean {
  return q.label === label && q.layer === layer && q.epoch === epoch && (q.replicate ?? 1) === replicate && readingOf(q) === (input === "registered" ? registeredReading(r) : input);
}

/** Raw bits of a point under a view; null when the view leaves it out (flagged, or no such replicate or reading). */
export function viewBits(r: CbSeedResult, label: CbLabel, layer: number, epoch: number, view: PointView): number | null {
  const p = r.info.find((q) => matches(r, q, label, layer, epoch, view.replicate, view.input));
  if (!p) {
    if (view.replicate === 1 && view.input === "registered") throw new Error(`no usable-information point for ${label}, layer ${layer}, epoch ${epoch} in seed ${r.seed} of ${r.config.run}`);
    return null;
  }
  if (view.dropFlagged && pointFlags(r, p).length > 0) return null;
  view.used?.add(p);
  return p.bits;
}

/**
 * Per seed the raw bits of several points, keeping only the seeds where every point is present
 * under the view: `values[k][i]` is point k of kept seed i.
 */
export function viewValues(seeds: readonly CbSeedResult[], points: (r: CbSeedResult) => [CbLabel, number, number][], view: PointView): { seeds: CbSeedResult[]; values: number[][] } {
  const kept: CbSeedResult[] = [];
  const cols: number[][] = [];
  for (const r of seeds) {
    const vs = points(r).map(([label, layer, epoch]) => viewBits(r, label, layer, epoch, view));
    if (vs.some((v) => v === null)) continue;
    kept.push(r);
    vs.forEach((v, k) => (cols[k] ??= []).push(v as number));
  }
  const k = seeds.length ? points(seeds[0]).length : 0;
  for (let j = 0; j < k; j++) cols[j] ??= [];
  return { seeds: kept, values: cols };
}

/** Clipped copy (max(0, x)) of raw bits, for views that do not count clipping. */
export function clip0(xs: readonly number[]): number[] {
  return xs.map((x) => Math.max(0, x));
}

/**
 * Attach the sensitivity views and readings to a judged record: each check gets the outcome of
 * the same rule under the second-decoder and without-flagged views and, with its statistic and
 * interval, under the raw and standardised readings (`evaluate(view)` recomputes the checks; a
 * rule it cannot evaluate there, or an evaluation that throws, gives null); the record gets the
 * verdict under each, whether the registered one is robust to the decoder views, and whether it
 * is reading-dependent (differs under a reading that could be judged).
 */
export function withSensitivity(record: ClaimRecord, evaluate: (view: PointView) => ClaimCheck[]): ClaimRecord {
  const run = (view: PointView): ClaimCheck[] | null => {
    try {
      return evaluate(view);
    } catch {
      return null;
    }
  };
  const alts = SENSITIVITY_VIEWS.map(run);
  const [raw, standardised] = READING_VIEWS.map(run);
  const find = (checks: ClaimCheck[] | null, rule: string): ClaimCheck | null => checks?.find((c) => c.rule === rule) ?? null;
  const reading = (c: ClaimCheck | null): ReadingOutcome | null => (c ? { outcome: c.outcome, statistic: c.statistic, ci: c.ci } : null);
  const checks = record.checks.map((c) => ({
    ...c,
    sensitivity: { secondDecoder: find(alts[0], c.rule)?.outcome ?? null, withoutFlagged: find(alts[1], c.rule)?.outcome ?? null },
    readings: { raw: reading(find(raw, c.rule)), standardised: reading(find(standardised, c.rule)) },
  }));
  const viewStatus = (alt: ClaimCheck[] | null): ClaimStatus | null => {
    if (record.status === "task-not-learned") return "task-not-learned";
    if (!alt || alt.length === 0 || record.checks.some((c) => !alt.some((a) => a.rule === c.rule))) return null;
    return combineOutcomes(alt.map((a) => a.outcome));
  };
  const secondDecoder = viewStatus(alts[0]);
  const withoutFlagged = viewStatus(alts[1]);
  const rawStatus = viewStatus(raw);
  const stdStatus = viewStatus(standardised);
  const readingStatuses = [rawStatus, stdStatus].filter((s): s is ClaimStatus => s !== null);
  const registered = readingsOf(record);
  return {
    ...record,
    checks,
    sensitivity: { registered: record.status, secondDecoder, withoutFlagged, robust: secondDecoder === record.status && withoutFlagged === record.status },
    readings: { registered, status: record.status, raw: rawStatus, standardised: stdStatus, dependent: readingStatuses.some((s) => s !== record.status) },
  };
}

/** The registered reading of a record's seed-runs ("whitened"; "raw" for data measured before 2026-12-02; "mixed" when they differ). */
function readingsOf(record: ClaimRecord): DecoderInput | "mixed" {
  const set = new Set(record.runs.map((r) => r.reading ?? "raw"));
  return set.size === 1 ? [...set][0] : set.size === 0 ? "whitened" : "mixed";
}

/** The claim's flags: every point of its seed-runs, marked when the registered view used it. */
export function claimFlags(results: readonly CbSeedResult[], view: PointView): NonNullable<ClaimRecord["flags"]> {
  return flagSummary(results, (_r, p) => view.used?.has(p) ?? false);
}

/** Seeds with final validation accuracy >= LEARNED_ACCURACY. */
export function learnedSeeds(results: readonly CbSeedResult[]): CbSeedResult[] {
  return results.filter((r) => r.learned);
}

/** PROTOCOL.md: a representation claim fails as "task not learned" when fewer than half the seeds learned. */
export function tooFewLearned(results: readonly CbSeedResult[]): boolean {
  return 2 * learnedSeeds(results).length < results.length;
}

/** Final probe epoch of a seed result. */
export function finalEpoch(r: CbSeedResult): number {
  return Math.max(...r.config.probeEpochs);
}

/** Raw usable information of one seed at (label, layer, epoch); throws when the point is missing. */
export function infoAt(r: CbSeedResult, label: CbLabel, layer: number, epoch: number): number {
  return pointAt(r, label, layer, epoch).bits;
}

/**
 * The stored decoder result of one seed at (label, layer, epoch, replicate: 1 = the claims' point)
 * in a reading (default: the seed-run's registered one); throws when missing.
 */
export function pointAt(r: CbSeedResult, label: CbLabel, layer: number, epoch: number, replicate = 1, input: "registered" | DecoderInput = "registered"): CbInfoPoint {
  const p = r.info.find((q) => matches(r, q, label, layer, epoch, replicate, input));
  if (!p) throw new Error(`no usable-information point for ${label}, layer ${layer}, epoch ${epoch}${replicate > 1 ? `, replicate ${replicate}` : ""}${input === "registered" ? "" : `, ${input}`} in seed ${r.seed} of ${r.config.run}`);
  return p;
}

/** Counts clipped points and decoder failures over every raw value a claim's statistics use. */
export class ClipLedger {
  points = 0;
  clipped = 0;
  decoderFailures = 0;

  /** Clip raw values at 0 (PROTOCOL.md section 0) and count them. */
  use(raw: readonly number[], what: string): number[] {
    const c = clipUsableInfo(raw, what);
    this.points += c.n;
    this.clipped += c.clipped;
    this.decoderFailures += c.decoderFailures;
    return c.values;
  }

  summary(): ClaimRecord["clipping"] {
    return { points: this.points, clipped: this.clipped, decoderFailures: this.decoderFailures };
  }
}

export function runsOf(results: readonly CbSeedResult[]): ClaimRecord["runs"] {
  return results.map((r) => ({
    run: `${r.config.run}${r.config.pretrainEpochs ? ` P=${r.config.pretrainEpochs}` : ""}`,
    seed: r.seed,
    reading: registeredReading(r),
    trainSeconds: r.wallSeconds.train,
    decodeSeconds: r.wallSeconds.decode,
    peakRssMiB: r.peakRssMiB,
  }));
}

function meanCell(values: readonly number[]): string {
  if (values.length === 0) return "–";
  const s = meanCi(values);
  return s.ci ? `${s.mean.toFixed(3)} [${s.ci[0].toFixed(3)}, ${s.ci[1].toFixed(3)}]` : `${s.mean.toFixed(3)} (n=1)`;
}

/**
 * Per-layer table at the final epoch over the given seeds: mean and 95% CI of clipped colour and
 * direction information, and the raw means beside them.
 */
export function finalLayerTable(title: string, seeds: readonly CbSeedResult[], layers: number): ReportTable {
  const rows: (string | number | null)[][] = [];
  for (let layer = 1; layer <= layers; layer++) {
    const raw = (label: CbLabel) => seeds.map((r) => infoAt(r, label, layer, finalEpoch(r)));
    const clip = (xs: number[]) => xs.map((x) => Math.max(0, x));
    const rc = raw("colour");
    const rd = raw("direction");
    rows.push([`layer ${layer}`, meanCell(clip(rc)), meanCell(clip(rd)), rc.length ? meanCi(rc).mean : null, rd.length ? meanCi(rd).mean : null]);
  }
  return {
    title,
    columns: ["layer", "colour bits, mean [95% CI]", "direction bits, mean [95% CI]", "colour raw mean", "direction raw mean"],
    rows,
  };
}

/** A point of a figure: mean and 95% CI (t) of the values; no interval for one value. */
export function meanPoint(x: number, values: readonly number[]): LineFigure["series"][number]["points"][number] {
  if (values.length === 0) return { x, y: NaN };
  const s = meanCi(values);
  return s.ci ? { x, y: s.mean, lo: s.ci[0], hi: s.ci[1] } : { x, y: s.mean };
}

/**
 * Usable information about one label against probe epoch, one series per hidden layer: the mean
 * and 95% CI over the given (learned) seeds of the clipped values, as in the paper's Fig 2 curves.
 * Epochs are the probe epochs every seed has.
 */
export function infoCurveFigure(
  name: string,
  title: string,
  seeds: readonly CbSeedResult[],
  label: CbLabel,
  refLines: LineFigure["refLines"] = [],
): LineFigure {
  const layers = seeds[0]?.widths.length ?? 0;
  const epochs = seeds.length ? [...seeds[0].config.probeEpochs].filter((e) => seeds.every((r) => r.config.probeEpochs.includes(e))).sort((a, b) => a - b) : [];
  const series = [];
  // Thin per-seed lines under each mean: a seed that collapses between two probes, or one seed
  // that keeps what the others lose, shows in the figure, not only in the flags.
  const traces: NonNullable<LineFigure["traces"]> = {};
  // Bands are clipped to what is possible: [0, H(Y)] bits.
  const hY = seeds[0]?.info.find((p) => p.label === label)?.hYBits;
  for (let layer = 1; layer <= layers; layer++) {
    const name = `layer ${layer}`;
    series.push({ name, points: epochs.map((e) => meanPoint(e, seeds.map((r) => Math.max(0, infoAt(r, label, layer, e))))) });
    traces[name] = seeds.map((r) => ({ seed: r.seed, points: epochs.map((e) => ({ x: e, y: Math.max(0, infoAt(r, label, layer, e)) })) }));
  }
  return { kind: "lines", name, title, xLabel: "epoch", yLabel: `${label} usable information (bits, clipped at 0; thin lines: seeds)`, series, refLines, family: label, ...(hY !== undefined ? { yDomain: [0, hY] as [number, number] } : {}), ...(seeds.length > 1 ? { traces } : {}) };
}

/**
 * Last-layer colour information against probe epoch under each reading of Z (PROTOCOL.md section 0,
 * amended 2026-12-02): mean and 95% CI over the given (learned) seeds of the clipped values, one
 * series per reading the seeds have at every probe epoch (data measured before the amendment has
 * only the raw one). The figure where the three readings are compared; the other curves use the
 * registered reading.
 */
export function readingsFigure(name: string, title: string, seeds: readonly CbSeedResult[], refLines: LineFigure["refLines"] = []): LineFigure {
  const layer = seeds[0]?.widths.length ?? 0;
  const epochs = seeds.length ? [...seeds[0].config.probeEpochs].filter((e) => seeds.every((r) => r.config.probeEpochs.includes(e))).sort((a, b) => a - b) : [];
  const hY = seeds[0] ? Math.log2(seeds[0].config.n) : undefined;
  const series: LineFigure["series"] = [];
  for (const input of ["whitened", "raw", "standardised"] as const) {
    const has = (r: CbSeedResult, e: number) => r.info.some((p) => p.label === "colour" && p.layer === layer && p.epoch === e && (p.replicate ?? 1) === 1 && readingOf(p) === input);
    if (!seeds.length || !seeds.every((r) => epochs.every((e) => has(r, e)))) continue;
    series.push({ name: input === "whitened" ? "whitened (registered)" : input, points: epochs.map((e) => meanPoint(e, seeds.map((r) => Math.max(0, pointAt(r, "colour", layer, e, 1, input).bits)))) });
  }
  return { kind: "lines", name, title, xLabel: "epoch", yLabel: "last-layer colour usable information (bits, clipped at 0)", series, refLines, ...(hY !== undefined ? { yDomain: [0, hY] as [number, number] } : {}) };
}

/**
 * Per seed, the last hidden layer at the final epoch: the network's own validation accuracy on
 * the direction beside the decoder's test accuracy and bits for direction and colour. A decoder
 * accuracy well below the network's says the estimate is limited by the decoder, not by what the
 * layer holds (the network reads direction from this layer through one linear map).
 */
export function readoutTable(title: string, seeds: readonly CbSeedResult[]): ReportTable {
  return {
    title,
    columns: ["seed", "network val acc (direction)", "decoder test acc (direction)", "direction bits", "decoder test acc (colour)", "colour bits"],
    rows: seeds.map((r) => {
      const layer = r.widths.length;
      const d = pointAt(r, "direction", layer, finalEpoch(r));
      const c = pointAt(r, "colour", layer, finalEpoch(r));
      return [r.seed, r.finalValAccuracy, d.testAccuracy, d.bits, c.testAccuracy, c.bits];
    }),
  };
}

/** Per-seed table: final validation accuracy, learned or not. */
export function seedTable(title: string, results: readonly CbSeedResult[]): ReportTable {
  return {
    title,
    columns: ["seed", "final val acc", "learned", "train s", "decoders s"],
    rows: results.map((r) => [r.seed, r.finalValAccuracy, r.learned ? "yes" : "no", r.wallSeconds.train, r.wallSeconds.decode]),
  };
}

/**
 * Verdict of a judged claim from its checks and the learned-seed rule: task-not-learned, else the
 * combined outcome of the checks (PROTOCOL.md: contradicted when a part is; reproduced when all
 * are), inconclusive when there is nothing to judge.
 */
export function statusOf(checks: readonly ClaimCheck[], notLearned: boolean): ClaimStatus {
  if (notLearned) return "task-not-learned";
  return checks.length > 0 ? combineOutcomes(checks.map((c) => c.outcome)) : "inconclusive";
}

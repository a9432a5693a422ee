/**
 * Shared pieces of claim evaluation: learned-seed selection, clipping of the points a claim uses,
 * conversion of stats verdicts into report checks, and the seed-run table.
 */
import type { ClaimCheck, ClaimRecord, ClaimStatus, LineFigure, ReportTable } from "../claim-interfaces.js";
import type { CbLabel, CbSeedResult } from "../experiments/cb-runner.js";
import { clipUsableInfo, meanCi, type Verdict } from "../stats/index.js";

export function toCheck(v: Verdict): ClaimCheck {
  return { name: v.label, pass: v.pass, statistic: v.statistic, ci: v.ci ?? null, threshold: v.threshold, message: v.message };
}

/** Seeds with final validation accuracy >= LEARNED_ACCURACY. */
export function learnedSeeds(results: readonly CbSeedResult[]): CbSeedResult[] {
  return results.filter((r) => r.learned);
}

/** CLAIMS.md: a representation claim fails as "task not learned" when fewer than half the seeds learned. */
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

/** The stored decoder result of one seed at (label, layer, epoch, replicate: 1 = the claims' point); throws when missing. */
export function pointAt(r: CbSeedResult, label: CbLabel, layer: number, epoch: number, replicate = 1) {
  const p = r.info.find((q) => q.label === label && q.layer === layer && q.epoch === epoch && (q.replicate ?? 1) === replicate);
  if (!p) throw new Error(`no usable-information point for ${label}, layer ${layer}, epoch ${epoch}${replicate > 1 ? `, replicate ${replicate}` : ""} in seed ${r.seed} of ${r.config.run}`);
  return p;
}

/** Counts clipped points and decoder failures over every raw value a claim's statistics use. */
export class ClipLedger {
  points = 0;
  clipped = 0;
  decoderFailures = 0;

  /** Clip raw values at 0 (CLAIMS.md section 0) and count them. */
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
  for (let layer = 1; layer <= layers; layer++) {
    series.push({ name: `layer ${layer}`, points: epochs.map((e) => meanPoint(e, seeds.map((r) => Math.max(0, infoAt(r, label, layer, e))))) });
  }
  return { kind: "lines", name, title, xLabel: "epoch", yLabel: `${label} usable information (bits, clipped at 0)`, series, refLines };
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

/** Status from checks and the learned-seed rule. */
export function statusOf(checks: readonly ClaimCheck[], notLearned: boolean): ClaimStatus {
  if (notLearned) return "task-not-learned";
  return checks.length > 0 && checks.every((c) => c.pass) ? "pass" : "fail";
}

/**
 * Evaluation of the CIFAR claims fig3, fig4bs, fig4lr, fig5a, fig5b, fig5c (PROTOCOL.md section 2)
 * from per-seed results, and of the ci-scale pipeline checks. Pure functions.
 */
import type { Scale } from "../interfaces.js";
import type { ClaimCheck, ClaimRecord, LineFigure, ReportTable } from "../claim-interfaces.js";
import type { CifarInfoLabel, CifarSeedResult } from "../experiments/cifar-result.js";
import { CIFAR100_FINE_TO_COARSE, type CifarSplit } from "../data/cifar.js";
import { labelOfEpoch, totalEpochs } from "../training/cifar-config.js";
import { atLeast, atMost, dropLessThan, fmt, greaterThanPaired, greaterThanWelch, mean, meanCi, pairedTTest, risesThenFalls, type Verdict } from "../stats/index.js";
import { ClipLedger, meanPoint, pointCheck, statusOf, toCheck } from "./common.js";

interface Context {
  scale: Scale;
  backend: string;
}

/** fig3, fig4bs bs 64, fig4lr lr 0.075 / 0.05, fig5a: the mean peak - final fine information is at least this, bits (PROTOCOL.md section 2). */
export const FORGET_MIN_DROP_BITS = 0.3;
/** fig4lr lr 0.01 / 0.001: the mean peak - final fine information stays below this, bits (PROTOCOL.md section 2). */
export const NO_FORGET_MAX_DROP_BITS = 0.15;
/** Every comparison between arms is a one-sided test at p < this, in the claimed direction (PROTOCOL.md section 2, registered 2026-12-02). */
export const CIFAR_ARM_ALPHA = 0.05;
/** fig3: final fine - final coarse at most this, bits ("near minimal"). */
export const FIG3_MAX_EXCESS_BITS = 0.25;
/** fig3: final coarse information at least this, bits (of 1). */
export const FIG3_MIN_COARSE_BITS = 0.9;
/** fig3: final validation accuracy at least this. */
export const FIG3_MIN_ACCURACY = 0.94;
/** fig4bs / fig4lr non-forgetting arms: final fine - final coarse at least this, bits. */
export const NON_MINIMAL_MIN_EXCESS_BITS = 0.3;
/** fig5b: final coarse information at least this, bits (of log2 20 = 4.32). */
export const FIG5B_MIN_COARSE_BITS = 3.0;
/** fig5b: final fine - final coarse at most this, bits. */
export const FIG5B_MAX_EXCESS_BITS = 0.5;

function epochsOf(r: CifarSeedResult): number[] {
  return [...r.probeEpochs].sort((a, b) => a - b);
}

function infoAt(r: CifarSeedResult, label: CifarInfoLabel, epoch: number): number {
  const p = r.info.find((q) => q.label === label && q.epoch === epoch);
  if (!p) throw new Error(`no ${label} information at epoch ${epoch} in seed ${r.seed} of ${r.arm}`);
  return p.bits;
}

/** Clipped fine-information curves of the seeds (seeds x probe epochs, common grid). */
function fineCurves(rs: readonly CifarSeedResult[], ledger: ClipLedger, what: string): { curves: number[][]; epochs: number[] } {
  const epochs = epochsOf(rs[0]);
  for (const r of rs) if (epochsOf(r).join() !== epochs.join()) throw new Error(`${what}: seeds of ${rs[0].arm} probe different epochs`);
  return { curves: rs.map((r) => ledger.use(epochs.map((e) => infoAt(r, "fine", e)), `${what} seed ${r.seed}`)), epochs };
}

function final(rs: readonly CifarSeedResult[], label: CifarInfoLabel, ledger: ClipLedger, what: string): number[] {
  return ledger.use(rs.map((r) => infoAt(r, label, Math.max(...r.probeEpochs))), what);
}

/** Final fine - final coarse per seed (clipped values). */
function excess(rs: readonly CifarSeedResult[], ledger: ClipLedger, what: string): number[] {
  const f = final(rs, "fine", ledger, `${what} fine`);
  const c = final(rs, "coarse", ledger, `${what} coarse`);
  return f.map((v, i) => v - c[i]);
}

/** Entropy of the fine label, bits: the feasible range of a fine-information drop is [0, this]. */
function fineBits(rs: readonly CifarSeedResult[]): number {
  return Math.log2(rs[0]?.config.dataset === "cifar100" ? 100 : 10);
}

/**
 * The forgetting rules. "as-fig3" (fig3, and fig4bs's bs 64 arm): the mean peak - final fine
 * information >= 0.3 bit on its 95% CI, AND every seed's own drop >= 0.3 bit with its peak
 * strictly inside the run, plus fig3's near-minimal, coarse-information and accuracy bounds.
 * "mean" (fig4lr lr 0.075 and 0.05, fig5a): the bound on the mean drop alone (PROTOCOL.md section 2:
 * "every seed" and "peak strictly inside the run" apply only to fig3 and bs 64).
 */
function forgettingChecks(rs: readonly CifarSeedResult[], ledger: ClipLedger, arm: string, rule: "as-fig3" | "mean"): ClaimCheck[] {
  const { curves, epochs } = fineCurves(rs, ledger, arm);
  const id = arm.replace(/\s+/g, "-");
  const hFine = fineBits(rs);
  const asFig3 = rule === "as-fig3";
  const label = asFig3
    ? `${arm}: fine info peak - final >= ${FORGET_MIN_DROP_BITS} bit (mean over seeds, 95% CI), in every seed, peak strictly inside the run`
    : `${arm}: fine info peak - final >= ${FORGET_MIN_DROP_BITS} bit (mean over seeds, 95% CI)`;
  const checks = [toCheck(risesThenFalls(curves, { minDrop: FORGET_MIN_DROP_BITS, epochs, everySeed: asFig3, interior: asFig3, range: [0, hFine], seedIds: rs.map((r) => r.seed), label }), `${id}-rises-then-falls`)];
  if (asFig3) {
    checks.push(toCheck(atMost(excess(rs, ledger, arm), FIG3_MAX_EXCESS_BITS, { range: [-hFine, hFine], label: `${arm}: final fine - final coarse info (bits)` }), `${id}-near-minimal`));
    checks.push(toCheck(atLeast(final(rs, "coarse", ledger, `${arm} coarse`), FIG3_MIN_COARSE_BITS, { range: [0, 1], label: `${arm}: final coarse info (bits)` }), `${id}-coarse-info`));
    checks.push(toCheck(atLeast(rs.map((r) => r.finalValAccuracy), FIG3_MIN_ACCURACY, { range: [0, 1], label: `${arm}: final validation accuracy` }), `${id}-accuracy`));
  }
  return checks;
}

/** Final validation accuracy of `better` > of `worse`: one-sided Welch test at CIFAR_ARM_ALPHA (the arms are separate runs, not registered as paired). */
function accuracyExceeds(better: readonly CifarSeedResult[], worse: readonly CifarSeedResult[], what: string): Verdict {
  return greaterThanWelch(better.map((r) => r.finalValAccuracy), worse.map((r) => r.finalValAccuracy), { alpha: CIFAR_ARM_ALPHA, range: [0, 1], label: `final validation accuracy, ${what}, one-sided Welch` });
}

function curveTable(title: string, arms: { arm: string; results: readonly CifarSeedResult[] }[]): ReportTable {
  const rows: (string | number | null)[][] = [];
  for (const { arm, results } of arms) {
    if (results.length === 0) continue;
    for (const e of epochsOf(results[0])) {
      const f = results.map((r) => Math.max(0, infoAt(r, "fine", e)));
      const c = results.map((r) => Math.max(0, infoAt(r, "coarse", e)));
      rows.push([arm, e, mean(f), mean(c), mean(results.map((r) => r.valAccuracy[e] ?? Number.NaN))]);
    }
  }
  return { title, columns: ["arm", "epoch", "fine bits (mean)", "coarse bits (mean)", "val acc (mean)"], rows };
}

/**
 * Fine and coarse usable information against epoch, one series per (arm, label): mean and 95% CI
 * over seeds of the clipped values, as in the paper's Fig 3-5 curves. Arms without results are
 * left out.
 */
function curveFigure(title: string, arms: { arm: string; results: readonly CifarSeedResult[] }[]): LineFigure {
  const series: LineFigure["series"] = [];
  for (const { arm, results } of arms) {
    if (results.length === 0) continue;
    const epochs = epochsOf(results[0]).filter((e) => results.every((r) => r.probeEpochs.includes(e)));
    for (const label of ["fine", "coarse"] as const) {
      series.push({ name: `${arm}: ${label}`, points: epochs.map((e) => meanPoint(e, results.map((r) => Math.max(0, infoAt(r, label, e))))) });
    }
  }
  return { kind: "lines", name: "info-by-epoch", title, xLabel: "epoch", yLabel: "usable information (bits, clipped at 0)", series };
}

function record(id: string, paper: string, statement: string, ctx: Context, all: readonly CifarSeedResult[], checks: ClaimCheck[], ledger: ClipLedger, tables: ReportTable[], figures: LineFigure[] = []): ClaimRecord {
  return {
    id,
    paper,
    statement,
    scale: ctx.scale,
    backend: ctx.backend,
    status: statusOf(checks, false),
    checks,
    seeds: { total: all.length, learned: null },
    clipping: ledger.summary(),
    tables,
    ...(figures.length ? { figures } : {}),
    runs: all.map((r) => ({ run: r.arm, seed: r.seed, trainSeconds: r.wallSeconds.train, decodeSeconds: r.wallSeconds.decode, peakRssMiB: r.peakRssMiB })),
  };
}

export type Arms = Record<string, readonly CifarSeedResult[]>;

function need(arms: Arms, name: string): readonly CifarSeedResult[] {
  const rs = arms[name];
  if (!rs || rs.length === 0) throw new Error(`missing arm '${name}' (have: ${Object.keys(arms).join(", ") || "none"})`);
  return rs;
}

/** fig3, Fig 3: ResNet-18, CIFAR-10, lr 0.1, bs 128: fine info rises then falls to near minimal. */
export function evaluateFig3(base: readonly CifarSeedResult[], ctx: Context): ClaimRecord {
  const ledger = new ClipLedger();
  const checks = forgettingChecks(base, ledger, "lr 0.1 bs 128", "as-fig3");
  return record("fig3", "Fig 3", "ResNet-18, CIFAR-10 parity labels, lr 0.1, bs 128: fine information rises, then falls to near minimal", ctx, base, checks, ledger, [curveTable("Information curves (learned or not; clipped at 0)", [{ arm: "lr 0.1 bs 128", results: base }])], [curveFigure("ResNet-18, CIFAR-10 parity, lr 0.1, bs 128: fine and coarse information (mean, 95% CI over seeds)", [{ arm: "lr 0.1 bs 128", results: base }])]);
}

/**
 * fig4bs: bs 64 forgets as fig3 does (every seed, peak inside, near minimal, coarse, accuracy);
 * bs 512 and 1024 stay non-minimal (mean bound on the CI); accuracy at bs 1024 < at bs 128 (one-sided
 * Welch, p < CIFAR_ARM_ALPHA). Arms keyed "bs64", "bs128", "bs512", "bs1024".
 */
export function evaluateFig4bs(arms: Arms, ctx: Context): ClaimRecord {
  const ledger = new ClipLedger();
  const checks = forgettingChecks(need(arms, "bs64"), ledger, "bs 64", "as-fig3");
  for (const bs of ["bs512", "bs1024"]) {
    checks.push(toCheck(atLeast(excess(need(arms, bs), ledger, bs), NON_MINIMAL_MIN_EXCESS_BITS, { range: [-Math.log2(10), Math.log2(10)], label: `${bs}: final fine - final coarse info (bits)` }), `${bs}-non-minimal`));
  }
  checks.push(toCheck(accuracyExceeds(need(arms, "bs128"), need(arms, "bs1024"), "bs 128 (a) > bs 1024 (b)"), "accuracy-falls-with-batch"));
  const all = Object.values(arms).flat();
  return record("fig4bs", "Fig 4a-c, Fig 8 right", "Compression only at small batch: 64 and 128 forget, 512 and 1024 do not; accuracy falls with batch size", ctx, all, checks, ledger, [curveTable("Information curves per batch size", Object.entries(arms).map(([arm, results]) => ({ arm, results })))], [curveFigure("Fine and coarse information per batch size (mean, 95% CI over seeds)", Object.entries(arms).map(([arm, results]) => ({ arm, results })))]);
}

/**
 * fig4lr: lr 0.075 and 0.05 forget (mean peak - final >= 0.3 bit on its CI); lr 0.01 and 0.001 do
 * not (mean peak - final < 0.15 bit on its CI) and stay non-minimal; accuracy at lr 0.001 < at
 * lr 0.1 (one-sided Welch, p < CIFAR_ARM_ALPHA). Arms keyed "lr0.1", "lr0.075", "lr0.05",
 * "lr0.01", "lr0.001".
 */
export function evaluateFig4lr(arms: Arms, ctx: Context): ClaimRecord {
  const ledger = new ClipLedger();
  const checks: ClaimCheck[] = [];
  for (const lr of ["lr0.075", "lr0.05"]) checks.push(...forgettingChecks(need(arms, lr), ledger, lr, "mean"));
  for (const lr of ["lr0.01", "lr0.001"]) {
    const rs = need(arms, lr);
    const { curves, epochs } = fineCurves(rs, ledger, lr);
    checks.push(toCheck(dropLessThan(curves, NO_FORGET_MAX_DROP_BITS, { epochs, range: [0, fineBits(rs)], seedIds: rs.map((r) => r.seed), label: `${lr}: fine info peak - final < ${NO_FORGET_MAX_DROP_BITS} bit (mean over seeds, 95% CI)` }), `${lr}-no-forgetting`));
    checks.push(toCheck(atLeast(excess(rs, ledger, lr), NON_MINIMAL_MIN_EXCESS_BITS, { range: [-Math.log2(10), Math.log2(10)], label: `${lr}: final fine - final coarse info (bits)` }), `${lr}-non-minimal`));
  }
  checks.push(toCheck(accuracyExceeds(need(arms, "lr0.1"), need(arms, "lr0.001"), "lr 0.1 (a) > lr 0.001 (b)"), "accuracy-falls-with-small-lr"));
  const all = Object.values(arms).flat();
  return record("fig4lr", "Fig 4d-f, Fig 8 left", "Forgetting needs a large initial learning rate: 0.075 and 0.05 forget, 0.01 and 0.001 rise without falling", ctx, all, checks, ledger, [curveTable("Information curves per initial learning rate", Object.entries(arms).map(([arm, results]) => ({ arm, results })))], [curveFigure("Fine and coarse information per initial learning rate (mean, 95% CI over seeds)", Object.entries(arms).map(([arm, results]) => ({ arm, results })))]);
}

/** fig5a: All-CNN on CIFAR-10: fine info rises then falls substantially (mean peak - final >= 0.3 bit on its 95% CI). */
export function evaluateFig5a(results: readonly CifarSeedResult[], ctx: Context): ClaimRecord {
  const ledger = new ClipLedger();
  const checks = forgettingChecks(results, ledger, "All-CNN", "mean");
  return record("fig5a", "Fig 5a", "All-CNN, CIFAR-10: fine information rises then falls substantially, not fully to minimal", ctx, results, checks, ledger, [curveTable("Information curves", [{ arm: "All-CNN", results }])], [curveFigure("All-CNN, CIFAR-10 parity: fine and coarse information (mean, 95% CI over seeds)", [{ arm: "All-CNN", results }])]);
}

/** fig5b: ResNet-18 on CIFAR-100 superclasses: final coarse >= 3.0 bit; final fine - coarse <= 0.5 bit. */
export function evaluateFig5b(results: readonly CifarSeedResult[], ctx: Context): ClaimRecord {
  const ledger = new ClipLedger();
  const checks = [
    toCheck(atLeast(final(results, "coarse", ledger, "fig5b coarse"), FIG5B_MIN_COARSE_BITS, { range: [0, Math.log2(20)], label: "final coarse (superclass) info (bits)" }), "coarse-info"),
    toCheck(atMost(excess(results, ledger, "fig5b"), FIG5B_MAX_EXCESS_BITS, { range: [-Math.log2(100), Math.log2(100)], label: "final fine - final coarse info (bits)" }), "near-minimal"),
  ];
  return record("fig5b", "Fig 5b", "ResNet-18, CIFAR-100 superclasses: coarse information reaches ~3.5 bit; nearly minimal; no marked rise-fall", ctx, results, checks, ledger, [curveTable("Information curves", [{ arm: "CIFAR-100 coarse", results }])], [curveFigure("ResNet-18, CIFAR-100 superclasses: fine and coarse information (mean, 95% CI over seeds)", [{ arm: "CIFAR-100 coarse", results }])]);
}

/** "[lo, hi]" of a 95% t interval over seeds, or "–" for one seed. */
function ciCell(values: readonly number[]): string {
  const ci = meanCi(values).ci;
  return ci ? `[${fmt(Math.max(0, ci[0]))}, ${fmt(Math.min(1, ci[1]))}]` : "–";
}

function differenceCells(a: readonly number[], b: readonly number[]): (string | number | null)[] {
  const d = a.map((v, i) => v - b[i]);
  if (d.length < 2) return [mean(d), "–", d.map(fmt).join(", "), null];
  const t = pairedTTest(a, b, "greater");
  return [t.estimate, `[${fmt(Math.max(-1, t.ci[0]))}, ${fmt(Math.min(1, t.ci[1]))}]`, d.map(fmt).join(", "), t.p];
}

/**
 * fig5c's accuracy table: coarse validation accuracy of both arms at their final epochs (what the
 * rule compares) and of the pretrained run at the baseline's epoch count (20 fine + 140 coarse =
 * 160 epochs in all; PROTOCOL.md section 2 registers that the report shows it), with the paired
 * differences. The equal-epoch row is reported, not judged.
 */
function fig5cTable(pretrained: readonly CifarSeedResult[], base: readonly CifarSeedResult[]): ReportTable {
  const equal = totalEpochs(base[0].config);
  for (const r of base) if (r.config.pretrainFineEpochs !== 0) throw new Error(`fig5c: the coarse-only arm ${r.arm} pretrains for ${r.config.pretrainFineEpochs} epochs`);
  for (const r of pretrained) {
    const p = r.config.pretrainFineEpochs;
    if (!(p > 0 && equal > p && r.valAccuracy.length > equal && labelOfEpoch(r.config, equal) === "coarse")) {
      throw new Error(`fig5c: seed ${r.seed} of ${r.arm} (${p} fine + ${r.config.epochs} coarse epochs, ${r.valAccuracy.length - 1} recorded) has no coarse accuracy at epoch ${equal}, the baseline's epoch count`);
    }
  }
  const p = pretrained[0].config.pretrainFineEpochs;
  const finalPre = pretrained.map((r) => r.finalValAccuracy);
  const equalPre = pretrained.map((r) => r.valAccuracy[equal]);
  const finalBase = base.map((r) => r.finalValAccuracy);
  const row = (name: string, epochs: string, v: number[]) => [name, epochs, mean(v), ciCell(v), v.map(fmt).join(", "), null];
  const preTotal = totalEpochs(pretrained[0].config);
  return {
    title: `Coarse validation accuracy at the final epochs (the rule) and at equal epochs (${p} fine + ${equal - p} coarse = ${equal}; reported, not judged); seeds ${base.map((r) => r.seed).join(", ")}`,
    columns: ["run or paired difference", "epochs (fine + coarse)", "mean", "95% CI", "per seed", "one-sided paired t p"],
    rows: [
      row("coarse only, final", `0 + ${base[0].config.epochs}`, finalBase),
      row("fine-pretrained, final", `${p} + ${pretrained[0].config.epochs}`, finalPre),
      row("fine-pretrained, equal epochs", `${p} + ${equal - p}`, equalPre),
      [`fine-pretrained - coarse only, final epochs (the rule)`, `${preTotal} vs ${equal}`, ...differenceCells(finalPre, finalBase)],
      [`fine-pretrained - coarse only, equal epochs (reported)`, `${equal} vs ${equal}`, ...differenceCells(equalPre, finalBase)],
    ],
  };
}

/**
 * fig5c: fine pretraining (20 epochs) then coarse beats coarse only in final coarse accuracy:
 * a one-sided paired t-test over seeds at p < CIFAR_ARM_ALPHA. Both arms must hold the same seeds.
 * The record's table also shows the pretrained run at the baseline's epoch count.
 */
export function evaluateFig5c(pretrained: readonly CifarSeedResult[], base: readonly CifarSeedResult[], ctx: Context): ClaimRecord {
  const ledger = new ClipLedger();
  const seedsOf = (rs: readonly CifarSeedResult[]) => rs.map((r) => r.seed).sort((x, y) => x - y);
  if (pretrained.length === 0 || base.length === 0) throw new Error(`fig5c: an arm has no seeds (fine-pretrained ${pretrained.length}, coarse only ${base.length})`);
  if (seedsOf(pretrained).join() !== seedsOf(base).join() || new Set(seedsOf(base)).size !== base.length) {
    throw new Error(`fig5c: the arms must hold the same seeds, once each, to be paired; fine-pretrained has ${seedsOf(pretrained).join(", ")}, coarse only ${seedsOf(base).join(", ")}`);
  }
  const pre = [...pretrained].sort((x, y) => x.seed - y.seed);
  const bas = [...base].sort((x, y) => x.seed - y.seed);
  const checks = [
    toCheck(greaterThanPaired(pre.map((r) => r.finalValAccuracy), bas.map((r) => r.finalValAccuracy), { alpha: CIFAR_ARM_ALPHA, range: [0, 1], label: "final coarse validation accuracy, fine-pretrained (a) > coarse only (b), one-sided paired t over seeds" }), "fine-pretraining-helps"),
  ];
  return record("fig5c", "Fig 5c", "Pretraining on the 100 fine labels for 20 epochs, then coarse, improves coarse accuracy (paper: 85.6% vs 83.5%)", ctx, [...pre, ...bas], checks, ledger, [fig5cTable(pre, bas)]);
}

/** Smallest share of chance the pipeline check's final validation accuracy must beat. */
export const PIPELINE_MIN_ACCURACY_OVER_CHANCE = 0.05;
/** H(Y) the probe used vs the plug-in entropy of the probe rows' labels: float64 rounding only. */
export const PROBE_ENTROPY_TOL_BITS = 1e-9;

/** The labels of a split, as the pipeline loaded them (what the network trains on and the probe reads). */
export type SplitLabels = Pick<CifarSplit, "dataset" | "rows" | "fine" | "coarse" | "numFine" | "numCoarse">;

/** The official coarse label of a fine label: CIFAR-10 parity (fine % 2), CIFAR-100 its superclass (CIFAR100_FINE_TO_COARSE). */
export function officialCoarse(dataset: CifarSplit["dataset"], fine: number): number {
  return dataset === "cifar10" ? fine % 2 : CIFAR100_FINE_TO_COARSE[fine];
}

/**
 * Wiring problems of a split's labels (empty: none): a fine label outside 0..numFine-1, a coarse
 * label that is not the official coarse label of the row's fine label, or arrays of the wrong
 * length. A swap of the fine and coarse arrays breaks the map on nearly every row: CIFAR-10, every
 * row whose class is not 0 or 1; CIFAR-100, every row but those of the fine classes 0, 1, 4 and 7
 * (the only f with map(map(f)) = f).
 */
export function labelMapProblems(split: SplitLabels, what: string): string[] {
  const out: string[] = [];
  if (split.fine.length !== split.rows || split.coarse.length !== split.rows) out.push(`${what}: ${split.rows} rows but ${split.fine.length} fine and ${split.coarse.length} coarse labels`);
  let wrong = 0;
  let first = "";
  for (let i = 0; i < Math.min(split.fine.length, split.coarse.length); i++) {
    const f = split.fine[i];
    const ok = Number.isInteger(f) && f >= 0 && f < split.numFine && split.coarse[i] === officialCoarse(split.dataset, f);
    if (!ok && wrong++ === 0) first = `row ${i}: fine ${f}, coarse ${split.coarse[i]}, official coarse of that fine label ${Number.isInteger(f) && f >= 0 && f < split.numFine ? officialCoarse(split.dataset, f) : "none (out of range)"}`;
  }
  if (wrong > 0) out.push(`${what}: ${wrong} of ${split.rows} rows break the official ${split.dataset === "cifar10" ? "parity" : "superclass"} map (first: ${first})`);
  return out;
}

/** Plug-in entropy of labels in 0..k-1, bits (computed here, not by the estimator). */
function labelEntropyBits(labels: ArrayLike<number>, k: number): number {
  const counts = new Float64Array(k);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / labels.length) * Math.log2(c / labels.length);
  return h;
}

/**
 * Wiring problems of the probe (empty: none): each information point must have been estimated with
 * the H(Y) of the label it names on the probe rows (the decoder rows are all the probe rows), so a
 * probe that reads the coarse array as "fine" or the other way round is caught wherever the two
 * entropies differ (CIFAR-10 always: log2 10 against 1 bit).
 */
export function probeEntropyProblems(results: readonly CifarSeedResult[], probe: SplitLabels): string[] {
  const want: Record<CifarInfoLabel, number> = { fine: labelEntropyBits(probe.fine, probe.numFine), coarse: labelEntropyBits(probe.coarse, probe.numCoarse) };
  const out: string[] = [];
  for (const r of results) {
    for (const p of r.info) {
      if (!(Math.abs(p.hYBits - want[p.label]) <= PROBE_ENTROPY_TOL_BITS)) out.push(`seed ${r.seed} ${p.label} at epoch ${p.epoch}: H(Y) ${p.hYBits.toFixed(6)} bit, but the ${p.label} labels of the ${probe.rows} probe rows have ${want[p.label].toFixed(6)}`);
    }
  }
  return out;
}

/** The labels the pipeline loaded: training rows (what the network trains on) and probe rows (what the probe reads). */
export interface PipelineLabels {
  train: SplitLabels;
  probe: SplitLabels;
}

/**
 * ci-scale pipeline check (never a reproduction): the loss falls, validation accuracy ends above
 * chance + 0.05, every probe gives finite information values; with the loaded labels, also that
 * the training and probe labels follow the official fine-to-coarse map and that each probe point
 * read the label it names (labelMapProblems, probeEntropyProblems). What these shape checks cannot
 * see (which label the network trained on, a planted feature read through the probe path, the
 * learning-rate schedule, augmentation) is checked on planted data in test/experiments/cifar-wiring.test.ts.
 */
export function evaluatePipelineCheck(id: string, paper: string, results: readonly CifarSeedResult[], chance: number, ctx: Context, labels?: PipelineLabels): ClaimRecord {
  const ledger = new ClipLedger();
  const firstLoss = results.map((r) => r.trainLoss.find((l): l is number => l !== null) ?? Number.NaN);
  const lastLoss = results.map((r) => r.trainLoss[r.trainLoss.length - 1] ?? Number.NaN);
  const finite = results.every((r) => r.info.every((p) => Number.isFinite(p.bits)));
  const total = results.reduce((s, r) => s + r.info.length, 0);
  const lossFalls = results.every((_, i) => lastLoss[i] < firstLoss[i]);
  const minAcc = Math.min(...results.map((r) => r.finalValAccuracy));
  const accBound = chance + PIPELINE_MIN_ACCURACY_OVER_CHANCE;
  // Point checks of one small run each (no statistics: the pipeline either works or it does not).
  const checks: ClaimCheck[] = [
    pointCheck("loss-falls", "training loss, last epoch < first epoch (every seed)", Math.max(...results.map((_, i) => lastLoss[i] - firstLoss[i])), "<", 0, lossFalls, `loss first ${firstLoss.map((v) => v.toFixed(4)).join(", ")} -> last ${lastLoss.map((v) => v.toFixed(4)).join(", ")}`),
    pointCheck("accuracy-above-chance", `final validation accuracy above chance (${chance.toFixed(3)}) + ${PIPELINE_MIN_ACCURACY_OVER_CHANCE} (every seed)`, minAcc, ">", accBound, minAcc > accBound, `smallest final validation accuracy ${minAcc.toFixed(4)}`),
    pointCheck("finite-information", "probes give finite usable information", total, ">=", 1, finite && total > 0, `${total} usable-information values, all finite: ${finite}`),
  ];
  if (labels) {
    const map = [...labelMapProblems(labels.train, "training rows"), ...labelMapProblems(labels.probe, "probe rows")];
    checks.push(pointCheck("labels-follow-official-map", "training and probe labels: coarse = the official coarse label of the fine one (CIFAR-10 parity, CIFAR-100 superclass)", map.length, "<=", 0, map.length === 0, map.length ? map.join("; ") : `${labels.train.rows} training and ${labels.probe.rows} probe rows follow the map`));
    const probe = probeEntropyProblems(results, labels.probe);
    checks.push(pointCheck("probe-reads-named-labels", `each probe point's H(Y) is its label's plug-in entropy on the probe rows (to ${PROBE_ENTROPY_TOL_BITS} bit)`, probe.length, "<=", 0, probe.length === 0, probe.length ? probe.slice(0, 4).join("; ") + (probe.length > 4 ? `; ... ${probe.length} in all` : "") : `${total} points, each with the entropy of the label it names`));
  }
  ledger.use(results.flatMap((r) => r.info.map((p) => p.bits)), `${id} pipeline`);
  const r = record(id, paper, `PIPELINE CHECK (not a reproduction): the ${paper} pipeline trains, probes and estimates on a small convnet and a few hundred images on the CPU`, ctx, results, checks, ledger, [curveTable("Pipeline-check curves", [{ arm: results[0]?.arm ?? "", results }])], [curveFigure("Pipeline check (not a reproduction): fine and coarse information", [{ arm: "small convnet", results }])]);
  return { ...r, status: checks.every((c) => c.pass) ? "pipeline-ok" : "pipeline-failed", scaleNote: "ci pipeline check: small convnet, a few hundred images, CPU; says nothing about the paper's claim" };
}

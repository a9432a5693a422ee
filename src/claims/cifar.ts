/**
 * Evaluation of the CIFAR claims fig3, fig4bs, fig4lr, fig5a, fig5b, fig5c (CLAIMS.md section 2)
 * from per-seed results, and of the ci-scale pipeline checks. Pure functions.
 */
import type { Scale } from "../interfaces.js";
import type { ClaimCheck, ClaimRecord, LineFigure, ReportTable } from "../claim-interfaces.js";
import type { CifarInfoLabel, CifarSeedResult } from "../experiments/cifar-result.js";
import { above, atLeast, atMost, dropLessThan, lessThan, mean, pairedGreater, risesThenFalls } from "../stats/index.js";
import { ClipLedger, meanPoint, pointCheck, statusOf, toCheck } from "./common.js";

interface Context {
  scale: Scale;
  backend: string;
}

/** fig3 and the forgetting arms: minimum peak - final fine information, bits (every seed). */
export const FORGET_MIN_DROP_BITS = 0.3;
/** fig4lr small-lr arms: peak - final must stay below this, bits. */
export const NO_FORGET_MAX_DROP_BITS = 0.15;
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

/** The forgetting rules of fig3 (and of bs 64 in fig4bs). */
function forgettingChecks(rs: readonly CifarSeedResult[], ledger: ClipLedger, arm: string, full: boolean): ClaimCheck[] {
  const { curves, epochs } = fineCurves(rs, ledger, arm);
  const id = arm.replace(/\s+/g, "-");
  const checks = [toCheck(risesThenFalls(curves, { minDrop: FORGET_MIN_DROP_BITS, epochs, everySeed: true, pooled: false, label: `${arm}: fine info rises then falls by >= ${FORGET_MIN_DROP_BITS} bit, peak inside the run (every seed)` }), `${id}-rises-then-falls`)];
  if (full) {
    const hFine = Math.log2(rs[0]?.config.dataset === "cifar100" ? 100 : 10);
    checks.push(toCheck(atMost(excess(rs, ledger, arm), FIG3_MAX_EXCESS_BITS, { range: [-hFine, hFine], label: `${arm}: final fine - final coarse info (bits)` }), `${id}-near-minimal`));
    checks.push(toCheck(atLeast(final(rs, "coarse", ledger, `${arm} coarse`), FIG3_MIN_COARSE_BITS, { range: [0, 1], label: `${arm}: final coarse info (bits)` }), `${id}-coarse-info`));
    checks.push(toCheck(atLeast(rs.map((r) => r.finalValAccuracy), FIG3_MIN_ACCURACY, { range: [0, 1], label: `${arm}: final validation accuracy` }), `${id}-accuracy`));
  }
  return checks;
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
  const checks = forgettingChecks(base, ledger, "lr 0.1 bs 128", true);
  return record("fig3", "Fig 3", "ResNet-18, CIFAR-10 parity labels, lr 0.1, bs 128: fine information rises, then falls to near minimal", ctx, base, checks, ledger, [curveTable("Information curves (learned or not; clipped at 0)", [{ arm: "lr 0.1 bs 128", results: base }])], [curveFigure("ResNet-18, CIFAR-10 parity, lr 0.1, bs 128: fine and coarse information (mean, 95% CI over seeds)", [{ arm: "lr 0.1 bs 128", results: base }])]);
}

/** fig4bs: bs 64 forgets like fig3; bs >= 512 stay non-minimal; accuracy(bs 1024) < accuracy(bs 128). Arms keyed "bs64", "bs128", "bs512", "bs1024". */
export function evaluateFig4bs(arms: Arms, ctx: Context): ClaimRecord {
  const ledger = new ClipLedger();
  const checks = forgettingChecks(need(arms, "bs64"), ledger, "bs 64", true);
  for (const bs of ["bs512", "bs1024"]) {
    checks.push(toCheck(atLeast(excess(need(arms, bs), ledger, bs), NON_MINIMAL_MIN_EXCESS_BITS, { range: [-Math.log2(10), Math.log2(10)], label: `${bs}: final fine - final coarse info (bits)` }), `${bs}-non-minimal`));
  }
  checks.push(toCheck(lessThan(need(arms, "bs1024").map((r) => r.finalValAccuracy), need(arms, "bs128").map((r) => r.finalValAccuracy), { range: [0, 1], label: "final validation accuracy, bs 1024 (a) < bs 128 (b)" }), "accuracy-falls-with-batch"));
  const all = Object.values(arms).flat();
  return record("fig4bs", "Fig 4a-c, Fig 8 right", "Compression only at small batch: 64 and 128 forget, 512 and 1024 do not; accuracy falls with batch size", ctx, all, checks, ledger, [curveTable("Information curves per batch size", Object.entries(arms).map(([arm, results]) => ({ arm, results })))], [curveFigure("Fine and coarse information per batch size (mean, 95% CI over seeds)", Object.entries(arms).map(([arm, results]) => ({ arm, results })))]);
}

/** fig4lr: lr 0.075 and 0.05 forget; lr 0.01 and 0.001 do not and stay non-minimal; accuracy(0.001) < accuracy(0.1). Arms keyed "lr0.1", "lr0.075", "lr0.05", "lr0.01", "lr0.001". */
export function evaluateFig4lr(arms: Arms, ctx: Context): ClaimRecord {
  const ledger = new ClipLedger();
  const checks: ClaimCheck[] = [];
  for (const lr of ["lr0.075", "lr0.05"]) checks.push(...forgettingChecks(need(arms, lr), ledger, lr, false));
  for (const lr of ["lr0.01", "lr0.001"]) {
    const { curves, epochs } = fineCurves(need(arms, lr), ledger, lr);
    checks.push(toCheck(dropLessThan(curves, NO_FORGET_MAX_DROP_BITS, { epochs, everySeed: true, label: `${lr}: fine info peak - final < ${NO_FORGET_MAX_DROP_BITS} bit (every seed)` }), `${lr}-no-forgetting`));
    checks.push(toCheck(atLeast(excess(need(arms, lr), ledger, lr), NON_MINIMAL_MIN_EXCESS_BITS, { range: [-Math.log2(10), Math.log2(10)], label: `${lr}: final fine - final coarse info (bits)` }), `${lr}-non-minimal`));
  }
  checks.push(toCheck(lessThan(need(arms, "lr0.001").map((r) => r.finalValAccuracy), need(arms, "lr0.1").map((r) => r.finalValAccuracy), { range: [0, 1], label: "final validation accuracy, lr 0.001 (a) < lr 0.1 (b)" }), "accuracy-falls-with-small-lr"));
  const all = Object.values(arms).flat();
  return record("fig4lr", "Fig 4d-f, Fig 8 left", "Forgetting needs a large initial learning rate: 0.075 and 0.05 forget, 0.01 and 0.001 rise without falling", ctx, all, checks, ledger, [curveTable("Information curves per initial learning rate", Object.entries(arms).map(([arm, results]) => ({ arm, results })))], [curveFigure("Fine and coarse information per initial learning rate (mean, 95% CI over seeds)", Object.entries(arms).map(([arm, results]) => ({ arm, results })))]);
}

/** fig5a: All-CNN on CIFAR-10: fine info rises then falls substantially (peak - final >= 0.3 bit, every seed). */
export function evaluateFig5a(results: readonly CifarSeedResult[], ctx: Context): ClaimRecord {
  const ledger = new ClipLedger();
  const checks = forgettingChecks(results, ledger, "All-CNN", false);
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

/** fig5c: fine pretraining (20 epochs) then coarse beats coarse only in final coarse accuracy, paired over seeds. */
export function evaluateFig5c(pretrained: readonly CifarSeedResult[], base: readonly CifarSeedResult[], ctx: Context): ClaimRecord {
  const ledger = new ClipLedger();
  const bySeed = new Map(base.map((r) => [r.seed, r]));
  const pairs = pretrained.filter((r) => bySeed.has(r.seed));
  if (pairs.length === 0) throw new Error("fig5c: no seed has both arms");
  const checks = [
    toCheck(pairedGreater(pairs.map((r) => r.finalValAccuracy), pairs.map((r) => bySeed.get(r.seed)!.finalValAccuracy), { range: [0, 1], label: "final coarse validation accuracy, fine-pretrained (a) > coarse only (b), paired over seeds" }), "fine-pretraining-helps"),
  ];
  return record("fig5c", "Fig 5c", "Pretraining on the 100 fine labels for 20 epochs, then coarse, improves coarse accuracy (paper: 85.6% vs 83.5%)", ctx, [...pretrained, ...base], checks, ledger, []);
}

/** Smallest share of chance the pipeline check's final validation accuracy must beat. */
export const PIPELINE_MIN_ACCURACY_OVER_CHANCE = 0.05;

/**
 * ci-scale pipeline check (never a reproduction): the loss falls, validation accuracy ends above
 * chance + 0.05, every probe gives finite information values.
 */
export function evaluatePipelineCheck(id: string, paper: string, results: readonly CifarSeedResult[], chance: number, ctx: Context): ClaimRecord {
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
  ledger.use(results.flatMap((r) => r.info.map((p) => p.bits)), `${id} pipeline`);
  const r = record(id, paper, `PIPELINE CHECK (not a reproduction): the ${paper} pipeline trains, probes and estimates on a small convnet and a few hundred images on the CPU`, ctx, results, checks, ledger, [curveTable("Pipeline-check curves", [{ arm: results[0]?.arm ?? "", results }])], [curveFigure("Pipeline check (not a reproduction): fine and coarse information", [{ arm: "small convnet", results }])]);
  return { ...r, status: checks.every((c) => c.pass) ? "pipeline-ok" : "pipeline-failed", scaleNote: "ci pipeline check: small convnet, a few hundred images, CPU; says nothing about the paper's claim" };
}

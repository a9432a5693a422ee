/**
 * Evaluation of the pretraining claims fig6 and fig7 (PROTOCOL.md section 1, paper appendix
 * B.1/B.2): pretraining on the colour label for P epochs leaves colour in the last layer
 * (non-minimal) and hurts generalisation. Pure functions over per-seed results.
 */
import type { Scale } from "../interfaces.js";
import type { ClaimCheck, ClaimRecord, LineFigure, ReportTable } from "../claim-interfaces.js";
import type { CbSeedResult } from "../experiments/cb-runner.js";
import { above, correlationAbove, greaterThanWelch, meanCi, negativelyRelated } from "../stats/index.js";
import { claimFlags, clip0, ClipLedger, finalEpoch, infoAt, learnedSeeds, meanPoint, registeredView, runsOf, statusOf, toCheck, tooFewLearned, viewValues, withSensitivity, type PointView } from "./common.js";

interface Context {
  scale: Scale;
  backend: string;
}

/** fig6: significance of the one-sided Welch test P=20 vs P=0. */
export const FIG6_ALPHA = 0.05;
/** fig6: the P=20 mean must exceed this fraction of log2 n (the fig2b "nearly minimal" bound). */
export const FIG6_MIN_COLOUR_FRACTION = 0.1;
/** fig7: significance of the negative Spearman correlation of P with final validation accuracy. */
export const FIG7_ALPHA = 0.05;

/** Final last-layer colour information (raw bits) of a seed. */
export function lastLayerColour(r: CbSeedResult): number {
  return infoAt(r, "colour", r.widths.length, finalEpoch(r));
}

function colourCell(values: number[]): string {
  if (values.length === 0) return "–";
  const s = meanCi(values);
  return s.ci ? `${s.mean.toFixed(3)} [${s.ci[0].toFixed(3)}, ${s.ci[1].toFixed(3)}]` : `${s.mean.toFixed(3)} (n=1)`;
}

/** Per-P table: seeds, learned, mean final validation accuracy, mean last-layer colour (learned seeds, clipped). */
export function pretrainTable(run: string, arms: { p: number; results: readonly CbSeedResult[] }[]): ReportTable {
  return {
    title: `${run}: final validation accuracy (all seeds) and last-layer final colour info (learned seeds, clipped at 0) per pretraining length P`,
    columns: ["P", "seeds", "learned", "val acc, mean [95% CI]", "colour bits, mean [95% CI]"],
    rows: arms.map(({ p, results }) => {
      const learned = learnedSeeds(results);
      return [p, results.length, learned.length, colourCell(results.map((r) => r.finalValAccuracy)), colourCell(learned.map((r) => Math.max(0, lastLayerColour(r))))];
    }),
  };
}

/**
 * Figures against the pretraining length P, one series per run: final validation accuracy (all
 * seeds) and last-layer final colour information (learned seeds, clipped), mean and 95% CI, with
 * every seed's value beside its mean (the accuracies split into learned seeds near 1 and stuck
 * ones near chance, which a mean and band hide).
 */
export function pretrainFigures(arms: readonly { run: string; byP: readonly { p: number; results: readonly CbSeedResult[] }[] }[], colourRefs: LineFigure["refLines"] = []): LineFigure[] {
  return [
    {
      kind: "lines",
      name: "accuracy-by-P",
      title: "Final validation accuracy against colour pretraining P (all seeds: mean, 95% CI, and each seed)",
      xLabel: "P (epochs of colour pretraining)",
      yLabel: "final validation accuracy",
      series: arms.map((a) => ({ name: a.run, points: a.byP.map(({ p, results }) => meanPoint(p, results.map((r) => r.finalValAccuracy))) })),
      dots: arms.flatMap((a) => a.byP.flatMap(({ p, results }) => results.map((r) => ({ series: a.run, x: p, y: r.finalValAccuracy, seed: r.seed })))),
    },
    {
      kind: "lines",
      name: "colour-by-P",
      title: "Last-layer final colour information against P (learned seeds: mean, 95% CI, and each seed)",
      xLabel: "P (epochs of colour pretraining)",
      yLabel: "colour usable information (bits, clipped at 0)",
      series: arms.map((a) => ({ name: a.run, points: a.byP.map(({ p, results }) => meanPoint(p, learnedSeeds(results).map((r) => Math.max(0, lastLayerColour(r))))) })),
      dots: arms.flatMap((a) => a.byP.flatMap(({ p, results }) => learnedSeeds(results).map((r) => ({ series: a.run, x: p, y: Math.max(0, lastLayerColour(r)), seed: r.seed })))),
      refLines: colourRefs,
    },
  ];
}

export interface Fig6Arm {
  run: string;
  /** P = 0 seeds. */
  base: readonly CbSeedResult[];
  /** P = 20 seeds. */
  pretrained: readonly CbSeedResult[];
}

/** Last-layer final colour of the learned seeds under a view (raw bits). */
function colourValues(rs: readonly CbSeedResult[], view: PointView): number[] {
  return viewValues(learnedSeeds(rs), (r) => [["colour", r.widths.length, finalEpoch(r)]], view).values[0] ?? [];
}

/** fig6 rules of every arm under a view. */
function fig6Checks(arms: readonly Fig6Arm[], view: PointView, ledger: ClipLedger | null): ClaimCheck[] {
  const checks: ClaimCheck[] = [];
  for (const arm of arms) {
    const rawA = colourValues(arm.pretrained, view);
    const rawB = colourValues(arm.base, view);
    const a = ledger ? ledger.use(rawA, `fig6 ${arm.run} P=20`) : clip0(rawA);
    const b = ledger ? ledger.use(rawB, `fig6 ${arm.run} P=0`) : clip0(rawB);
    const n = arm.base[0]?.config.n ?? arm.pretrained[0]?.config.n ?? 2;
    const range: [number, number] = [0, Math.log2(n)];
    if (a.length > 0 && b.length > 0) {
      checks.push(toCheck(greaterThanWelch(a, b, { alpha: FIG6_ALPHA, range, label: `${arm.run}: last-layer final colour info, P=20 (a) > P=0 (b), bits` }), `${arm.run}-pretrained-exceeds-base`));
    }
    if (a.length > 0) {
      const bound = FIG6_MIN_COLOUR_FRACTION * Math.log2(n);
      checks.push(toCheck(above(a, bound, { range, label: `${arm.run}: mean last-layer final colour info with P=20 exceeds 10% of log2 ${n} (bits)` }), `${arm.run}-pretrained-non-minimal`));
    }
  }
  return checks;
}

/** fig6, Fig 6a-c: last-layer final colour with P=20 exceeds P=0 (Welch p < 0.05) and its mean exceeds 10% of log2 n. */
export function evaluateFig6(arms: readonly Fig6Arm[], ctx: Context): ClaimRecord {
  const ledger = new ClipLedger();
  const view = registeredView();
  const tables: ReportTable[] = [];
  const reasons: string[] = [];
  let notLearned = false;
  for (const arm of arms) {
    for (const [name, rs] of [["P=0", arm.base], ["P=20", arm.pretrained]] as const) {
      if (tooFewLearned(rs)) {
        notLearned = true;
        reasons.push(`task not learned: ${learnedSeeds(rs).length} of ${rs.length} seeds of ${arm.run} ${name} reached validation accuracy >= 0.9`);
      }
    }
    tables.push(pretrainTable(arm.run, [{ p: 0, results: arm.base }, { p: 20, results: arm.pretrained }]));
  }
  const checks = fig6Checks(arms, view, ledger);
  const all = arms.flatMap((a) => [...a.base, ...a.pretrained]);
  const record: ClaimRecord = {
    id: "fig6",
    paper: "Fig 6a-c, B.1",
    statement: "Pretraining on colour for 20 epochs leaves a non-minimal last layer (CB-2, CB-10)",
    scale: ctx.scale,
    backend: ctx.backend,
    status: statusOf(checks, notLearned),
    ...(reasons.length ? { reason: reasons.join("; ") } : {}),
    checks,
    seeds: { total: all.length, learned: learnedSeeds(all).length },
    clipping: ledger.summary(),
    flags: claimFlags(all, view),
    tables,
    figures: pretrainFigures(arms.map((a) => ({ run: a.run, byP: [{ p: 0, results: a.base }, { p: 20, results: a.pretrained }] }))),
    runs: runsOf(all),
  };
  return withSensitivity(record, (v) => fig6Checks(arms, v, null));
}

export interface Fig7Arm {
  run: string;
  /** Asserted (CB-10, CB-20) or only measured and reported (CB-2). */
  asserted: boolean;
  byP: { p: number; results: readonly CbSeedResult[] }[];
}

/** fig7 rules of the asserted arms under a view: accuracy (all runs) and colour (learned runs). */
function fig7Checks(arms: readonly Fig7Arm[], view: PointView, ledger: ClipLedger | null): ClaimCheck[] {
  const checks: ClaimCheck[] = [];
  for (const arm of arms) {
    if (!arm.asserted) continue;
    const runs = arm.byP.flatMap(({ p, results }) => results.map((r) => ({ p, r })));
    checks.push(toCheck(negativelyRelated(runs.map((x) => x.p), runs.map((x) => x.r.finalValAccuracy), { alpha: FIG7_ALPHA, label: `${arm.run}: P vs final validation accuracy, all ${runs.length} runs` }), `${arm.run}-pretraining-hurts-accuracy`));
    const learned = runs.filter(({ r }) => r.learned);
    const kept = learned.filter(({ r }) => viewValues([r], (q) => [["colour", q.widths.length, finalEpoch(q)]], view).seeds.length === 1);
    const raw = kept.map(({ r }) => viewValues([r], (q) => [["colour", q.widths.length, finalEpoch(q)]], view).values[0][0]);
    const colour = ledger ? ledger.use(raw, `fig7 ${arm.run}`) : clip0(raw);
    checks.push(toCheck(correlationAbove(kept.map((x) => x.p), colour, 0, { label: `${arm.run}: P vs last-layer final colour info, ${kept.length} learned runs` }), `${arm.run}-pretraining-adds-colour`));
  }
  return checks;
}

/**
 * fig7, Fig 7a-c: over all runs, Spearman(P, final validation accuracy) negative with one-sided
 * p < 0.05; over learned runs, Spearman(P, last-layer final colour info) positive. Generalisation
 * uses all seeds, so no learned-seed rule applies to the accuracy part.
 */
export function evaluateFig7(arms: readonly Fig7Arm[], ctx: Context): ClaimRecord {
  const ledger = new ClipLedger();
  const view = registeredView();
  const tables: ReportTable[] = [];
  for (const arm of arms) tables.push(pretrainTable(`${arm.run}${arm.asserted ? "" : " (measured, not asserted)"}`, arm.byP));
  const checks = fig7Checks(arms, view, ledger);
  const all = arms.flatMap((a) => a.byP.flatMap((b) => b.results));
  return withSensitivity({
    id: "fig7",
    paper: "Fig 7a-c, B.2",
    statement: "Longer pretraining on colour gives less minimal representations and worse generalisation",
    scale: ctx.scale,
    backend: ctx.backend,
    status: statusOf(checks, false),
    checks,
    seeds: { total: all.length, learned: learnedSeeds(all).length },
    clipping: ledger.summary(),
    flags: claimFlags(all, view),
    tables,
    figures: pretrainFigures(arms),
    runs: runsOf(all),
  }, (v) => fig7Checks(arms, v, null));
}

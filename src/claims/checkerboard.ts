/**
 * Evaluation of the checkerboard representation claims fig2a, fig2b, fig2c, fig2xt (CLAIMS.md
 * section 1) from per-seed results. Pure functions: the claim specs run the experiments, these
 * turn results into a ClaimRecord, and unit tests feed them planted results.
 */
import type { Scale } from "../interfaces.js";
import type { ClaimCheck, ClaimRecord } from "../claim-interfaces.js";
import type { CbSeedResult } from "../experiments/cb-runner.js";
import { atLeast, atMost, decreasesWithDepth, everyEpochAtMost, lessThan, mean } from "../stats/index.js";
import { pca2 } from "../report/svg.js";
import { ClipLedger, finalEpoch, finalLayerTable, infoAt, infoCurveFigure, learnedSeeds, readoutTable, runsOf, seedTable, statusOf, toCheck, tooFewLearned } from "./common.js";

/** fig2a: "approximately zero" colour info in the last layer, bits (CLAIMS.md). */
export const FIG2A_MAX_COLOUR_BITS = 0.1;
/** fig2a: direction info of the last layer, bits (of log2 2 = 1). */
export const FIG2A_MIN_DIRECTION_BITS = 0.9;
/** fig2b/fig2c: Spearman rho of colour info against depth must be at most this. */
export const FIG2_MAX_DEPTH_RHO = -0.8;

interface Context {
  scale: Scale;
  backend: string;
}

function base(id: string, paper: string, statement: string, ctx: Context, results: readonly CbSeedResult[]): Omit<ClaimRecord, "status" | "checks" | "clipping" | "tables"> {
  return {
    id,
    paper,
    statement,
    scale: ctx.scale,
    backend: ctx.backend,
    seeds: { total: results.length, learned: learnedSeeds(results).length },
    runs: runsOf(results),
  };
}

function notLearnedReason(results: readonly CbSeedResult[], run: string): string {
  return `task not learned: ${learnedSeeds(results).length} of ${results.length} seeds of ${run} reached final validation accuracy >= 0.9 (fewer than half)`;
}

/** fig2a, Fig 2a: Small FC on CB-2 ends with ~0 colour and ~1 bit direction in its last hidden layer. */
export function evaluateFig2a(results: readonly CbSeedResult[], ctx: Context): ClaimRecord {
  const statement = "Small FC, CB-2: the last hidden layer keeps ~0 colour and ~1 bit direction information";
  const learned = learnedSeeds(results);
  const ledger = new ClipLedger();
  const checks: ClaimCheck[] = [];
  const layers = results[0]?.widths.length ?? 0;
  if (learned.length > 0) {
    const last = layers;
    const fin = (label: "colour" | "direction", layer: number) => ledger.use(learned.map((r) => infoAt(r, label, layer, finalEpoch(r))), `fig2a ${label} layer ${layer}`);
    const colLast = fin("colour", last);
    const dirLast = fin("direction", last);
    const colFirst = fin("colour", 1);
    checks.push(toCheck(atMost(colLast, FIG2A_MAX_COLOUR_BITS, { label: `final colour info of layer ${last} (bits)` })));
    checks.push(toCheck(atLeast(dirLast, FIG2A_MIN_DIRECTION_BITS, { label: `final direction info of layer ${last} (bits)` })));
    checks.push(toCheck(lessThan(colLast, colFirst, { paired: true, label: `final colour info, layer ${last} minus layer 1 (bits)` })));
  }
  const notLearned = tooFewLearned(results);
  return {
    ...base("fig2a", "Fig 2a", statement, ctx, results),
    status: statusOf(checks, notLearned),
    ...(notLearned ? { reason: notLearnedReason(results, "CB-2") } : {}),
    checks,
    clipping: ledger.summary(),
    tables: [
      finalLayerTable("Final epoch, learned seeds (clipped at 0)", learned, layers),
      readoutTable(`Last layer, final epoch, learned seeds (raw bits): the network's own direction accuracy beside the decoders'`, learned),
      seedTable("Seeds", results),
    ],
    figures: fig2Curves("CB-2", learned, [{ y: FIG2A_MAX_COLOUR_BITS, label: `colour bound ${FIG2A_MAX_COLOUR_BITS}` }], [{ y: FIG2A_MIN_DIRECTION_BITS, label: `direction bound ${FIG2A_MIN_DIRECTION_BITS}` }]),
  };
}

/** Colour and direction curves per layer over training (mean and 95% CI over learned seeds), as in Fig 2. */
function fig2Curves(run: string, learned: readonly CbSeedResult[], colourRefs: { y: number; label: string }[], directionRefs: { y: number; label: string }[]): NonNullable<ClaimRecord["figures"]> {
  if (learned.length === 0) return [];
  const n = `${learned.length} learned seed${learned.length === 1 ? "" : "s"}`;
  return [
    infoCurveFigure("colour-by-epoch", `${run}: colour information per layer (${n}, mean, 95% CI)`, learned, "colour", colourRefs),
    infoCurveFigure("direction-by-epoch", `${run}: direction information per layer (${n}, mean, 95% CI)`, learned, "direction", directionRefs),
  ];
}

/** Thresholds of fig2b (CB-10) and fig2c (CB-20) as fractions of log2 n. */
export interface Fig2bcRule {
  id: "fig2b" | "fig2c";
  paper: string;
  run: string;
  statement: string;
  maxColourFraction: number;
  minDirectionFraction: number;
}

export const FIG2B: Fig2bcRule = {
  id: "fig2b",
  paper: "Fig 2b",
  run: "CB-10",
  statement: "Medium FC, CB-10: colour info falls with depth, direction info rises; the last layer is nearly minimal",
  maxColourFraction: 0.1,
  minDirectionFraction: 0.9,
};

export const FIG2C: Fig2bcRule = {
  id: "fig2c",
  paper: "Fig 2c",
  run: "CB-20",
  statement: "Medium FC, CB-20: same shape as fig2b, with small colour info in the later layers",
  maxColourFraction: 0.2,
  minDirectionFraction: 0.8,
};

/** fig2b / fig2c: colour decreases with depth (rho <= -0.8), last layer colour and direction bounds. */
export function evaluateFig2bc(rule: Fig2bcRule, results: readonly CbSeedResult[], ctx: Context): ClaimRecord {
  const learned = learnedSeeds(results);
  const ledger = new ClipLedger();
  const checks: ClaimCheck[] = [];
  const layers = results[0]?.widths.length ?? 0;
  const n = results[0]?.config.n ?? 0;
  const hY = Math.log2(n);
  if (learned.length > 0) {
    const perLayerColour: number[] = [];
    let colLast: number[] = [];
    for (let layer = 1; layer <= layers; layer++) {
      const c = ledger.use(learned.map((r) => infoAt(r, "colour", layer, finalEpoch(r))), `${rule.id} colour layer ${layer}`);
      perLayerColour.push(mean(c));
      if (layer === layers) colLast = c;
    }
    const dirLast = ledger.use(learned.map((r) => infoAt(r, "direction", layers, finalEpoch(r))), `${rule.id} direction layer ${layers}`);
    checks.push(toCheck(decreasesWithDepth(perLayerColour, FIG2_MAX_DEPTH_RHO, { label: "final colour info against depth (Spearman rho over layers of the seed means)" })));
    checks.push(toCheck(atMost(colLast, rule.maxColourFraction * hY, { label: `final last-layer colour info (bits; bound ${rule.maxColourFraction * 100}% of log2 ${n})` })));
    checks.push(toCheck(atLeast(dirLast, rule.minDirectionFraction * hY, { label: `final last-layer direction info (bits; bound ${rule.minDirectionFraction * 100}% of log2 ${n})` })));
  }
  const notLearned = tooFewLearned(results);
  return {
    ...base(rule.id, rule.paper, rule.statement, ctx, results),
    status: statusOf(checks, notLearned),
    ...(notLearned ? { reason: notLearnedReason(results, rule.run) } : {}),
    checks,
    clipping: ledger.summary(),
    tables: [
      finalLayerTable(`${rule.run} final epoch, learned seeds (clipped at 0); log2 n = ${hY.toFixed(3)} bits`, learned, layers),
      readoutTable(`${rule.run} last layer, final epoch, learned seeds (raw bits): the network's own direction accuracy beside the decoders'`, learned),
      seedTable(`${rule.run} seeds`, results),
    ],
    figures: fig2Curves(
      rule.run,
      learned,
      [{ y: rule.maxColourFraction * hY, label: `last-layer colour bound ${(rule.maxColourFraction * hY).toFixed(2)}` }],
      [{ y: rule.minDirectionFraction * hY, label: `last-layer direction bound ${(rule.minDirectionFraction * hY).toFixed(2)}` }],
    ),
  };
}

/** fig2xt: at every probe epoch, mean last-layer colour info <= the fig2b / fig2c bound. */
export function evaluateFig2xt(arms: { rule: Fig2bcRule; results: readonly CbSeedResult[] }[], ctx: Context): ClaimRecord {
  const statement = "Sec 4.1: the network solves CB-10 and CB-20 with nearly zero usable colour information in its last layer across training";
  const ledger = new ClipLedger();
  const checks: ClaimCheck[] = [];
  const tables: ClaimRecord["tables"] = [];
  const all = arms.flatMap((a) => a.results);
  let notLearned = false;
  const reasons: string[] = [];
  for (const { rule, results } of arms) {
    const learned = learnedSeeds(results);
    if (tooFewLearned(results)) {
      notLearned = true;
      reasons.push(notLearnedReason(results, rule.run));
    }
    if (learned.length === 0) continue;
    const layers = learned[0].widths.length;
    const n = learned[0].config.n;
    const epochs = [...learned[0].config.probeEpochs].sort((a, b) => a - b);
    const curves = learned.map((r) => ledger.use(epochs.map((e) => infoAt(r, "colour", layers, e)), `fig2xt ${rule.run} seed ${r.seed}`));
    const bound = rule.maxColourFraction * Math.log2(n);
    const v = everyEpochAtMost(curves, bound, { epochs, label: `${rule.run} last-layer colour info at every probe epoch (bits; bound ${rule.maxColourFraction * 100}% of log2 ${n})` });
    checks.push(toCheck(v));
    const perEpoch = (v.details?.perEpochMeans as number[]) ?? [];
    tables.push({
      title: `${rule.run}: mean last-layer colour info per probe epoch, learned seeds (clipped at 0); bound ${bound.toFixed(3)} bits`,
      columns: ["epoch", "mean colour bits", "over bound"],
      rows: epochs.map((e, j) => [e, perEpoch[j], perEpoch[j] > bound ? "yes" : ""]),
    });
  }
  return {
    id: "fig2xt",
    paper: "Sec 4.1, Fig 2b,c",
    statement,
    scale: ctx.scale,
    backend: ctx.backend,
    seeds: { total: all.length, learned: learnedSeeds(all).length },
    runs: runsOf(all),
    status: statusOf(checks, notLearned),
    ...(reasons.length ? { reason: reasons.join("; ") } : {}),
    checks,
    clipping: ledger.summary(),
    tables,
  };
}

/**
 * fig2d (Fig 2d/6d): scatter data of the last hidden layer of Small FC at epochs 0, 10, 20 and
 * the final epoch, coloured by colour and by direction. CLAIMS.md asserts nothing beyond fig2a;
 * the record's checks verify only that the export is complete and finite.
 */
export function evaluateFig2d(results: readonly CbSeedResult[], ctx: Context): ClaimRecord {
  const statement = "Last-layer activations of Small FC (CB-2): colours overlap, directions separate (data export for the scatter plots; asserted only through fig2a)";
  const seed = learnedSeeds(results)[0] ?? results[0];
  const figures: NonNullable<ClaimRecord["figures"]> = [];
  const checks: ClaimCheck[] = [];
  const wanted = seed ? [...new Set([0, 10, 20, finalEpoch(seed)])].filter((e) => seed.config.probeEpochs.includes(e)) : [];
  const got = seed ? seed.scatter.map((s) => s.epoch) : [];
  const finite = seed ? seed.scatter.every((s) => s.z.every(Number.isFinite) && s.z.length === s.width * s.colour.length) : false;
  const complete = seed !== undefined && wanted.every((e) => got.includes(e)) && finite;
  checks.push({
    name: "scatter export complete",
    pass: complete,
    statistic: got.length,
    ci: null,
    threshold: wanted.length,
    message: `${complete ? "PASS" : "FAIL"} export: seed ${seed?.seed ?? "none"} has last-layer scatter data at epochs [${got.join(", ")}] (wanted [${wanted.join(", ")}]), all values finite: ${finite}`,
  });
  for (const s of seed?.scatter ?? []) {
    const { x, y } = pca2(s.z, s.width);
    for (const [by, labels] of [["colour", s.colour], ["direction", s.direction]] as const) {
      figures.push({
        name: `epoch${s.epoch}-${by}`,
        title: `Small FC layer ${s.layer}, epoch ${s.epoch}, seed ${seed!.seed}: by ${by}`,
        xLabel: "PC 1",
        yLabel: "PC 2",
        groupNames: [...new Set(labels)].sort((a, b) => a - b).map((v) => `${by} ${v}`),
        points: labels.map((g, i) => ({ x: x[i], y: y[i], group: g })),
      });
    }
  }
  return {
    ...base("fig2d", "Fig 2d/6d", statement, ctx, results),
    status: statusOf(checks, false),
    checks,
    clipping: { points: 0, clipped: 0, decoderFailures: 0 },
    tables: [],
    figures,
  };
}

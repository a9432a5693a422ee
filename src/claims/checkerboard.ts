/**
 * Evaluation of the checkerboard representation claims fig2a, fig2b, fig2c, fig2xt (PROTOCOL.md
 * section 1) from per-seed results. Pure functions: the claim specs run the experiments, these
 * turn results into a ClaimRecord, and unit tests feed them planted results.
 */
import type { Scale } from "../interfaces.js";
import type { ClaimCheck, ClaimRecord } from "../claim-interfaces.js";
import { cbRunConfig } from "../experiments/cb-config.js";
import type { CbSeedResult } from "../experiments/cb-runner.js";
import { atLeast, atMost, decreasesWithDepth, everyEpochAtMost, lessThan } from "../stats/index.js";
import { pca2 } from "../stats/pca.js";
import {
  claimFlags,
  clip0,
  ClipLedger,
  finalEpoch,
  finalLayerTable,
  infoCurveFigure,
  learnedSeeds,
  pointAt,
  readingsFigure,
  readoutTable,
  registeredView,
  runsOf,
  seedTable,
  statusOf,
  toCheck,
  tooFewLearned,
  viewValues,
  withSensitivity,
  type PointView,
} from "./common.js";

/** fig2a: "approximately zero" colour info in the last layer, bits (PROTOCOL.md). */
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

/** Clip (registered view: counted in the ledger) or just clip (sensitivity views). */
function clipper(ledger: ClipLedger | null) {
  return (raw: number[], what: string): number[] => (ledger ? ledger.use(raw, what) : clip0(raw));
}

/** fig2a rules over the learned seeds under a view. */
function fig2aChecks(learned: readonly CbSeedResult[], view: PointView, ledger: ClipLedger | null): ClaimCheck[] {
  if (learned.length === 0) return [];
  const clip = clipper(ledger);
  const last = learned[0].widths.length;
  const range: [number, number] = [0, 1];
  const checks: ClaimCheck[] = [];
  const col = viewValues(learned, (r) => [["colour", last, finalEpoch(r)]], view);
  if (col.seeds.length) checks.push(toCheck(atMost(clip(col.values[0], `fig2a colour layer ${last}`), FIG2A_MAX_COLOUR_BITS, { label: `final colour info of layer ${last} (bits)`, range }), "last-layer-colour"));
  const dir = viewValues(learned, (r) => [["direction", last, finalEpoch(r)]], view);
  if (dir.seeds.length) checks.push(toCheck(atLeast(clip(dir.values[0], `fig2a direction layer ${last}`), FIG2A_MIN_DIRECTION_BITS, { label: `final direction info of layer ${last} (bits)`, range }), "last-layer-direction"));
  const pair = viewValues(learned, (r) => [["colour", last, finalEpoch(r)], ["colour", 1, finalEpoch(r)]], view);
  if (pair.seeds.length) {
    checks.push(
      toCheck(
        lessThan(clip0(pair.values[0]), ledger ? ledger.use(pair.values[1], "fig2a colour layer 1") : clip0(pair.values[1]), { paired: true, range, label: `final colour info, layer ${last} minus layer 1 (bits)` }),
        "colour-falls-from-layer-1",
      ),
    );
  }
  return checks;
}

/** fig2a, Fig 2a: Small FC on CB-2 ends with ~0 colour and ~1 bit direction in its last hidden layer. */
export function evaluateFig2a(results: readonly CbSeedResult[], ctx: Context): ClaimRecord {
  const statement = "Small FC, CB-2: the last hidden layer keeps ~0 colour and ~1 bit direction information";
  const learned = learnedSeeds(results);
  const ledger = new ClipLedger();
  const view = registeredView();
  const checks = fig2aChecks(learned, view, ledger);
  const layers = results[0]?.widths.length ?? 0;
  const notLearned = tooFewLearned(results);
  const record: ClaimRecord = {
    ...base("fig2a", "Fig 2a", statement, ctx, results),
    status: statusOf(checks, notLearned),
    ...(notLearned ? { reason: notLearnedReason(results, "CB-2") } : {}),
    checks,
    clipping: ledger.summary(),
    flags: claimFlags(results, view),
    tables: [
      finalLayerTable("Final epoch, learned seeds (clipped at 0)", learned, layers),
      readoutTable(`Last layer, final epoch, learned seeds (raw bits): the network's own direction accuracy beside the decoders'`, learned),
      seedTable("Seeds", results),
    ],
    figures: fig2Curves("CB-2", learned, [{ y: FIG2A_MAX_COLOUR_BITS, label: `colour bound ${FIG2A_MAX_COLOUR_BITS}` }], [{ y: FIG2A_MIN_DIRECTION_BITS, label: `direction bound ${FIG2A_MIN_DIRECTION_BITS}` }]),
  };
  return withSensitivity(record, (v) => fig2aChecks(learned, v, null));
}

/** Colour and direction curves per layer over training (mean and 95% CI over learned seeds), as in Fig 2. */
function fig2Curves(run: string, learned: readonly CbSeedResult[], colourRefs: { y: number; label: string }[], directionRefs: { y: number; label: string }[]): NonNullable<ClaimRecord["figures"]> {
  if (learned.length === 0) return [];
  const n = `${learned.length} learned seed${learned.length === 1 ? "" : "s"}`;
  return [
    infoCurveFigure("colour-by-epoch", `${run}: colour information per layer (${n}, mean, 95% CI)`, learned, "colour", colourRefs),
    infoCurveFigure("direction-by-epoch", `${run}: direction information per layer (${n}, mean, 95% CI)`, learned, "direction", directionRefs),
    readingsFigure("last-layer-colour-readings", `${run}: last-layer colour information read from whitened (registered), raw and standardised activations (${n}, mean, 95% CI)`, learned, colourRefs),
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

/** fig2b / fig2c rules over the learned seeds under a view. */
function fig2bcChecks(rule: Fig2bcRule, learned: readonly CbSeedResult[], view: PointView, ledger: ClipLedger | null): ClaimCheck[] {
  if (learned.length === 0) return [];
  const clip = clipper(ledger);
  const layers = learned[0].widths.length;
  const n = learned[0].config.n;
  const hY = Math.log2(n);
  const range: [number, number] = [0, hY];
  const checks: ClaimCheck[] = [];
  const depth = viewValues(learned, (r) => Array.from({ length: layers }, (_, j) => ["colour", j + 1, finalEpoch(r)] as ["colour", number, number]), view);
  if (depth.seeds.length) {
    const perLayer = depth.values.map((col, j) => clip(col, `${rule.id} colour layer ${j + 1}`));
    const perSeed = depth.seeds.map((_, i) => perLayer.map((col) => col[i]));
    checks.push(toCheck(decreasesWithDepth(perSeed, FIG2_MAX_DEPTH_RHO, { label: "final colour info against depth (Spearman rho of the layer means; bootstrap over seeds)" }), "colour-falls-with-depth"));
  }
  const col = viewValues(learned, (r) => [["colour", layers, finalEpoch(r)]], view);
  if (col.seeds.length) {
    checks.push(toCheck(atMost(clip0(col.values[0]), rule.maxColourFraction * hY, { label: `final last-layer colour info (bits; bound ${rule.maxColourFraction * 100}% of log2 ${n})`, range }), "last-layer-colour"));
  }
  const dir = viewValues(learned, (r) => [["direction", layers, finalEpoch(r)]], view);
  if (dir.seeds.length) {
    checks.push(toCheck(atLeast(clip(dir.values[0], `${rule.id} direction layer ${layers}`), rule.minDirectionFraction * hY, { label: `final last-layer direction info (bits; bound ${rule.minDirectionFraction * 100}% of log2 ${n})`, range }), "last-layer-direction"));
  }
  return checks;
}

/** fig2b / fig2c: colour decreases with depth (rho <= -0.8), last layer colour and direction bounds. */
export function evaluateFig2bc(rule: Fig2bcRule, results: readonly CbSeedResult[], ctx: Context): ClaimRecord {
  const learned = learnedSeeds(results);
  const ledger = new ClipLedger();
  const view = registeredView();
  const checks = fig2bcChecks(rule, learned, view, ledger);
  const layers = results[0]?.widths.length ?? 0;
  const n = results[0]?.config.n ?? 0;
  const hY = Math.log2(n);
  const notLearned = tooFewLearned(results);
  const record: ClaimRecord = {
    ...base(rule.id, rule.paper, rule.statement, ctx, results),
    status: statusOf(checks, notLearned),
    ...(notLearned ? { reason: notLearnedReason(results, rule.run) } : {}),
    checks,
    clipping: ledger.summary(),
    flags: claimFlags(results, view),
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
  return withSensitivity(record, (v) => fig2bcChecks(rule, learned, v, null));
}

/** fig2xt rule of one arm under a view: every probe epoch of the learned seeds. */
function fig2xtCheck(rule: Fig2bcRule, learned: readonly CbSeedResult[], view: PointView, ledger: ClipLedger | null): ClaimCheck | null {
  if (learned.length === 0) return null;
  const layers = learned[0].widths.length;
  const n = learned[0].config.n;
  const epochs = [...learned[0].config.probeEpochs].sort((a, b) => a - b);
  const got = viewValues(learned, () => epochs.map((e) => ["colour", layers, e] as ["colour", number, number]), view);
  if (got.seeds.length === 0) return null;
  const curves = got.seeds.map((r, i) => {
    const raw = got.values.map((col) => col[i]);
    return ledger ? ledger.use(raw, `fig2xt ${rule.run} seed ${r.seed}`) : clip0(raw);
  });
  const bound = rule.maxColourFraction * Math.log2(n);
  const v = everyEpochAtMost(curves, bound, { epochs, range: [0, Math.log2(n)], label: `${rule.run} last-layer colour info at every probe epoch (bits; bound ${rule.maxColourFraction * 100}% of log2 ${n})` });
  return toCheck(v, `${rule.run}-every-epoch`);
}

/** fig2xt: at every probe epoch, mean last-layer colour info <= the fig2b / fig2c bound. */
export function evaluateFig2xt(arms: { rule: Fig2bcRule; results: readonly CbSeedResult[] }[], ctx: Context): ClaimRecord {
  const statement = "Sec 4.1: the network solves CB-10 and CB-20 with nearly zero usable colour information in its last layer across training";
  const ledger = new ClipLedger();
  const view = registeredView();
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
    const c = fig2xtCheck(rule, learned, view, ledger);
    if (!c) continue;
    checks.push(c);
    const n = learned[0].config.n;
    const bound = rule.maxColourFraction * Math.log2(n);
    const perEpoch = (c.values?.perEpochMeans as number[]) ?? [];
    const epochs = (c.values?.epochs as number[]) ?? [];
    tables.push({
      title: `${rule.run}: mean last-layer colour info per probe epoch, learned seeds (clipped at 0); bound ${bound.toFixed(3)} bits`,
      columns: ["epoch", "mean colour bits", "over bound"],
      rows: epochs.map((e, j) => [e, perEpoch[j], perEpoch[j] > bound ? "yes" : ""]),
    });
  }
  const record: ClaimRecord = {
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
    flags: claimFlags(all, view),
    tables,
    figures: arms
      .filter(({ results }) => learnedSeeds(results).length > 0)
      .map(({ rule, results }) =>
        readingsFigure(`${rule.run}-last-layer-colour-readings`, `${rule.run}: last-layer colour across training, whitened (registered), raw and standardised readings (learned seeds, mean, 95% CI)`, learnedSeeds(results), [
          { y: rule.maxColourFraction * Math.log2(learnedSeeds(results)[0].config.n), label: `bound ${(rule.maxColourFraction * Math.log2(learnedSeeds(results)[0].config.n)).toFixed(2)}` },
        ]),
      ),
  };
  return withSensitivity(record, (v) => arms.map(({ rule, results }) => fig2xtCheck(rule, learnedSeeds(results), v, null)).filter((c): c is ClaimCheck => c !== null));
}

/** Positive check: the decoder may read at most this much less accuracy than the network's own readout. */
export const READOUT_AGREEMENT_SLACK = 0.02;

/**
 * A positive check that the measurement works where the paper is not in doubt (issue 14): on the
 * CB-10 runs' learned seeds, the first hidden layer holds the colour (>= 90% of log2 n: it is a
 * linear image of the input, which carries it), the last layer holds the direction (>= 90%: the
 * network reads it from there at >= 0.99 accuracy), and the last-layer direction decoder reads it
 * about as well as the network does (decoder test accuracy >= network validation accuracy - 0.02).
 * A decoder failure that pulls numbers down (as the 2-row batch did) fails it.
 */
export function evaluateMeasurementCheck(results: readonly CbSeedResult[], ctx: Context): ClaimRecord {
  const learned = learnedSeeds(results);
  const ledger = new ClipLedger();
  const view = registeredView();
  const checks: ClaimCheck[] = [];
  if (learned.length > 0) {
    const layers = learned[0].widths.length;
    const n = learned[0].config.n;
    const hY = Math.log2(n);
    const range: [number, number] = [0, hY];
    const col = viewValues(learned, (r) => [["colour", 1, finalEpoch(r)]], view);
    checks.push(toCheck(atLeast(ledger.use(col.values[0], "layer-1 colour"), 0.9 * hY, { range, label: `final layer-1 colour info (bits; >= 90% of log2 ${n})` }), "layer-1-colour"));
    const dir = viewValues(learned, (r) => [["direction", layers, finalEpoch(r)]], view);
    checks.push(toCheck(atLeast(ledger.use(dir.values[0], "last-layer direction"), 0.9 * hY, { range, label: `final last-layer direction info (bits; >= 90% of log2 ${n})` }), "last-layer-direction"));
    const gaps = learned.map((r) => pointAt(r, "direction", layers, finalEpoch(r)).testAccuracy - r.finalValAccuracy);
    checks.push(toCheck(atLeast(gaps, -READOUT_AGREEMENT_SLACK, { range: [-1, 1], label: "last-layer direction: decoder test accuracy minus the network's validation accuracy" }), "decoder-reads-what-network-reads"));
  }
  const notLearned = tooFewLearned(results);
  return {
    ...base("check-measurement", "App. A.1, Fig 2b", "Positive check (not a paper claim): on CB-10 the decoders read the colour in layer 1 and the direction in the last layer about as well as the network reads it", ctx, results),
    status: statusOf(checks, notLearned),
    ...(notLearned ? { reason: notLearnedReason(results, "CB-10") } : {}),
    checks,
    clipping: ledger.summary(),
    flags: claimFlags(results, view),
    tables: [readoutTable("CB-10 last layer, final epoch, learned seeds (raw bits): the network's own direction accuracy beside the decoders'", learned)],
  };
}

/** Epochs of the fig2d scatter plots (paper Fig 2d/6d), besides the final epoch. */
export const FIG2D_EPOCHS = [0, 10, 20];

/**
 * The probe epochs the protocol registers for a seed-run's run and scale (cb-config.ts), not the
 * ones its config happens to hold: the epochs an export must have are decided by the protocol.
 */
function registeredProbeEpochs(r: CbSeedResult): number[] {
  return cbRunConfig(r.config.run, r.config.scale, { pretrainEpochs: r.config.pretrainEpochs }).probeEpochs;
}

/**
 * fig2d (Fig 2d/6d): scatter data of the last hidden layer of Small FC at epochs 0, 10, 20 and
 * the final epoch, coloured by colour and by direction. PROTOCOL.md asserts nothing beyond fig2a;
 * the record's checks verify only that the export is complete and finite. The wanted epochs are
 * those of FIG2D_EPOCHS that the scale's protocol probes (paper scale: all; ci scale probes 0, 3,
 * 10 and the last epoch, so epoch 20 is not exported there, as the message says) and the
 * protocol's final epoch; one missing from the seed-run's scatter data, for whatever reason
 * (a probe left out of its config included), makes the export incomplete.
 */
export function evaluateFig2d(results: readonly CbSeedResult[], ctx: Context): ClaimRecord {
  const statement = "Last-layer activations of Small FC (CB-2): colours overlap, directions separate (data export for the scatter plots; asserted only through fig2a)";
  const seed = learnedSeeds(results)[0] ?? results[0];
  const figures: NonNullable<ClaimRecord["figures"]> = [];
  const checks: ClaimCheck[] = [];
  const probed = seed ? registeredProbeEpochs(seed) : [];
  const wanted = seed ? [...new Set([...FIG2D_EPOCHS.filter((e) => probed.includes(e)), Math.max(...probed)])] : [];
  const notProbed = FIG2D_EPOCHS.filter((e) => seed && !probed.includes(e) && e < Math.max(...probed));
  const got = seed ? seed.scatter.map((s) => s.epoch) : [];
  const missing = wanted.filter((e) => !got.includes(e));
  const finite = seed ? seed.scatter.every((s) => s.z.every(Number.isFinite) && s.z.length === s.width * s.colour.length) : false;
  const complete = seed !== undefined && missing.length === 0 && finite;
  checks.push({
    rule: "scatter-export-complete",
    name: "scatter export complete",
    outcome: complete ? "reproduced" : "contradicted",
    pass: complete,
    statistic: got.length,
    ci: null,
    comparison: ">=",
    threshold: wanted.length,
    message:
      `${complete ? "EXPORTED" : "INCOMPLETE"} export: seed ${seed?.seed ?? "none"} has last-layer scatter data at epochs [${got.join(", ")}] (wanted [${wanted.join(", ")}]` +
      `${missing.length ? `; missing ${missing.join(", ")}` : ""}${notProbed.length ? `; epoch${notProbed.length === 1 ? "" : "s"} ${notProbed.join(", ")} not probed at ${seed!.config.scale} scale` : ""}), all values finite: ${finite}`,
  });
  for (const s of seed?.scatter ?? []) {
    // A snapshot with non-finite values is reported by the check above, not drawn (PCA rejects it).
    if (!s.z.every(Number.isFinite)) continue;
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
    // An export, not a claim (PROTOCOL.md): "exported" when complete; an incomplete export is a failure of the pipeline.
    status: complete ? "exported" : "pipeline-failed",
    checks,
    clipping: { points: 0, clipped: 0, decoderFailures: 0 },
    tables: [],
    figures,
  };
}

/**
 * Input-scaling sensitivity of the checkerboard last-layer verdicts (a study, not a claim).
 *
 * Usable information is defined for a decoder family, and the registered CB decoder (128-64-32,
 * batch-norm, dropout 0.7, plain SGD) reads raw activations. Its function class is invariant to a
 * per-unit affine map of Z, but SGD is not: a weight's gradient scales with its input, so units
 * with a small spread (or a large offset) are learned slowly, and batch-norm's running statistics
 * lag a pre-activation whose mean moves faster than its spread (README, "Decoders and input
 * scale"). This script retrains the paper-scale networks of fig2a, fig2b and fig2c (the same seeds
 * and code, so the registered readings reproduce the committed data exactly, which it checks),
 * takes the last layer at the final epoch, and reads colour and direction three ways, each with the
 * registered decoder seed:
 *   registered    the protocol: the registered decoder on raw Z;
 *   global        the same decoder on Z divided by one number, the largest unit SD (a control: a
 *                 single rescaling should change little);
 *   centred       the same decoder on Z minus each unit's decoder-train mean;
 *   scaled        the same decoder on Z divided by each unit's decoder-train SD (no centring);
 *   standardised  both: per-unit mean 0 and SD 1 on the decoder-train rows (an invertible affine
 *                 map; constant units set to 0);
 *   linear        a linear-softmax decoder (Adam, 50 epochs) on raw Z.
 * Then it applies each claim's last-layer bounds to the learned seeds under each reading.
 *
 *   npx tsx scripts/input-scaling.ts [--runs CB-2,CB-10,CB-20] [--seeds 1,...,8] [--out DIR]
 *
 * Writes DIR/input-scaling.json and .md (default reports/paper), atomically. ~2 min on 2 cores.
 */
import { join } from "node:path";
import { FIG2A_MAX_COLOUR_BITS, FIG2A_MIN_DIRECTION_BITS, FIG2B, FIG2C } from "../src/claims/checkerboard.js";
import { cbRunConfig, type CbRunId } from "../src/experiments/cb-config.js";
import { readSeedData } from "../src/experiments/seed-data.js";
import { estimateUsableInfo, linearDecoder, splitDecoderRows, standardiseUnits, unitStats } from "../src/info/index.js";
import type { DecoderTask } from "../src/interfaces.js";
import { initBackend } from "../src/runtime/backend.js";
import { REPO_ROOT, writeFileAtomic } from "../src/runtime/files.js";
import { deriveSeed } from "../src/runtime/rng.js";
import { atLeast, atMost } from "../src/stats/rules.js";
import { spearmanRho } from "../src/stats/tests.js";
import { trainCheckerboard } from "../src/training/train-cb.js";
import { parseSeedList, runScript, UsageError } from "./lib/cli.js";

type Reading = "registered" | "global" | "centred" | "scaled" | "standardised" | "linear";
const READINGS: Reading[] = ["registered", "global", "centred", "scaled", "standardised", "linear"];
type Label = "colour" | "direction";

/** Each claim's last-layer bounds, from the claim definitions (src/claims/checkerboard.ts). */
const CLAIMS: Record<string, { claim: string; colourAtMost: number; directionAtLeast: number }> = {
  "CB-2": { claim: "fig2a", colourAtMost: FIG2A_MAX_COLOUR_BITS, directionAtLeast: FIG2A_MIN_DIRECTION_BITS },
  "CB-10": { claim: FIG2B.id, colourAtMost: FIG2B.maxColourFraction * Math.log2(10), directionAtLeast: FIG2B.minDirectionFraction * Math.log2(10) },
  "CB-20": { claim: FIG2C.id, colourAtMost: FIG2C.maxColourFraction * Math.log2(20), directionAtLeast: FIG2C.minDirectionFraction * Math.log2(20) },
};
/**
 * The 8-seed pilot (raw decoder inputs, as registered until 2026-12-02): this study asked the
 * question that led to the whitening amendment and reproduces its report from the pilot data.
 * Every decoder here reads the map given to it (input "raw": no whitening on top).
 */
const DATA_ROOT = join(REPO_ROOT, "reports", "paper", "pilot-2026-12-01");

interface SeedRow {
  seed: number;
  learned: boolean;
  committed: Record<Label, number>;
  bits: Record<Reading, Record<Label, number>>;
  testAccuracy: Record<Reading, Record<Label, number>>;
  /** The decoder's mean training loss in its last epoch, bits. */
  finalTrainLossBits: Record<Reading, Record<Label, number>>;
  /** Spread of the last layer's units: ratio of the largest to the smallest nonzero SD, and units with SD 0. */
  unitSdRatio: number;
  constantUnits: number;
}

await runScript(
  {
    usage: "npx tsx scripts/input-scaling.ts [--runs CB-2,CB-10,CB-20] [--seeds 1,...,8] [--out DIR]",
    options: { runs: { type: "string" }, seeds: { type: "string" }, out: { type: "string" } },
  },
  async ({ values }) => {
    const runs = (values.runs ?? "CB-2,CB-10,CB-20").split(",") as CbRunId[];
    for (const r of runs) if (!CLAIMS[r]) throw new UsageError(`--runs: unknown run "${r}"; choose from ${Object.keys(CLAIMS).join(", ")}`);
    const seeds = values.seeds ? parseSeedList("--seeds", values.seeds) : [1, 2, 3, 4, 5, 6, 7, 8];
    const outDir = values.out ?? join(REPO_ROOT, "reports", "paper");
    const backend = await initBackend(process.env.CLAIMS_BACKEND ?? "wasm");
    const t0 = performance.now();
    const result: Record<string, { claim: string; rows: SeedRow[]; summary: Record<Reading, Record<Label, { mean: number; ci: [number, number]; verdict: string }>>; gainRho: number }> = {};
    let done = 0;
    const total = runs.length * seeds.length;
    for (const run of runs) {
      const cfg = cbRunConfig(run, "paper");
      const final = Math.max(...cfg.probeEpochs);
      const rows: SeedRow[] = [];
      for (const seed of seeds) {
        const [committed] = readSeedData(DATA_ROOT, cfg, [seed]);
        const trained = trainCheckerboard(cfg, seed);
        const li = trained.widths.length - 1;
        const dim = trained.widths[li];
        const probe = trained.probes.find((p) => p.epoch === final);
        if (!probe) throw new Error(`${run} seed ${seed}: no probe at the final epoch ${final}`);
        const z = probe.layers[li];
        const stats = unitStats(z, dim, cfg.decoderTrainRows);
        const sds = Array.from(stats.sd);
        const maxSd = Math.max(...sds);
        const inputs: Record<Exclude<Reading, "linear">, Float32Array> = {
          registered: z,
          global: maxSd > 1e-12 ? z.map((v) => v / maxSd) : z,
          centred: z.map((v, k) => v - stats.mean[k % dim]),
          scaled: z.map((v, k) => (sds[k % dim] > 1e-12 ? v / sds[k % dim] : 0)),
          standardised: standardiseUnits(z, dim, cfg.decoderTrainRows),
        };
        const live = sds.filter((s) => s > 1e-12);
        const row: SeedRow = {
          seed,
          learned: committed.learned,
          committed: { colour: NaN, direction: NaN },
          bits: Object.fromEntries(READINGS.map((r) => [r, { colour: NaN, direction: NaN }])) as SeedRow["bits"],
          testAccuracy: Object.fromEntries(READINGS.map((r) => [r, { colour: NaN, direction: NaN }])) as SeedRow["testAccuracy"],
          finalTrainLossBits: Object.fromEntries(READINGS.map((r) => [r, { colour: NaN, direction: NaN }])) as SeedRow["finalTrainLossBits"],
          unitSdRatio: live.length ? Math.max(...live) / Math.min(...live) : NaN,
          constantUnits: dim - live.length,
        };
        // All readings of a seed in two estimateUsableInfo calls (one per decoder config), so the
        // worker pool trains them side by side.
        const registeredTasks: { reading: Reading; label: Label; task: DecoderTask }[] = [];
        const linearTasks: { reading: Reading; label: Label; task: DecoderTask }[] = [];
        for (const label of ["colour", "direction"] as const) {
          const c = committed.info.find((p) => p.label === label && p.layer === li + 1 && p.epoch === final && p.replicate === 1);
          if (!c) throw new Error(`committed ${run} seed ${seed}: no ${label} point at layer ${li + 1}, epoch ${final}`);
          row.committed[label] = c.bits;
          const labels = label === "colour" ? trained.probeColour : trained.probeDirection;
          const task = (reading: Reading, zz: Float32Array): DecoderTask => {
            const [{ train, test }] = splitDecoderRows(zz, dim, [{ labels, numClasses: cfg.n }], { trainRows: cfg.decoderTrainRows, testRows: cfg.decoderTestRows }, "iid");
            return { id: `${reading}/${label}`, train, test, hYBits: Math.log2(cfg.n), seed: deriveSeed(seed, "decoder", label, li + 1, final), input: "raw" };
          };
          for (const [reading, zz] of Object.entries(inputs) as [Reading, Float32Array][]) registeredTasks.push({ reading, label, task: task(reading, zz) });
          linearTasks.push({ reading: "linear", label, task: task("linear", z) });
        }
        for (const [group, dec] of [[registeredTasks, cfg.decoder], [linearTasks, linearDecoder()]] as const) {
          const got = await estimateUsableInfo(group.map((g) => g.task), dec);
          group.forEach((g, i) => {
            row.bits[g.reading][g.label] = got[i].bits;
            row.testAccuracy[g.reading][g.label] = got[i].testAccuracy;
            row.finalTrainLossBits[g.reading][g.label] = (got[i].diagnostics.finalTrainLossNats ?? NaN) / Math.LN2;
          });
        }
        for (const label of ["colour", "direction"] as const) {
          const delta = Math.abs(row.bits.registered[label] - row.committed[label]);
          if (delta > 1e-9) throw new Error(`${run} seed ${seed} ${label}: registered reading ${row.bits.registered[label]} differs from the committed ${row.committed[label]} by ${delta.toExponential(2)} (other code or backend than the committed data)`);
        }
        rows.push(row);
        done++;
        const el = (performance.now() - t0) / 1000;
        console.error(`[${run}] seed ${seed}: colour ${READINGS.map((r) => `${r} ${row.bits[r].colour.toFixed(3)}`).join(", ")} | direction ${READINGS.map((r) => `${r} ${row.bits[r].direction.toFixed(3)}`).join(", ")} | ${done}/${total}, ETA ${Math.round((el / done) * (total - done))} s`);
      }
      const learned = rows.filter((r) => r.learned);
      const b = CLAIMS[run];
      const summary = {} as Record<Reading, Record<Label, { mean: number; ci: [number, number]; verdict: string }>>;
      const range: [number, number] = [0, Math.log2(cfg.n)];
      for (const r of READINGS) {
        summary[r] = {} as Record<Label, { mean: number; ci: [number, number]; verdict: string }>;
        for (const label of ["colour", "direction"] as const) {
          const values = learned.map((x) => Math.max(0, x.bits[r][label]));
          // The claims' own predicates (src/stats/rules.ts): t interval intersected with [0, H(Y)].
          const v = label === "colour" ? atMost(values, b.colourAtMost, { range }) : atLeast(values, b.directionAtLeast, { range });
          summary[r][label] = { mean: v.statistic, ci: v.ci ?? [v.statistic, v.statistic], verdict: v.outcome };
        }
      }
      // Does the scaled reading's gain grow with the spread of the unit SDs? (learned seeds)
      const withRatio = learned.filter((x) => Number.isFinite(x.unitSdRatio));
      const gainRho = withRatio.length >= 3 ? spearmanRho(withRatio.map((x) => x.unitSdRatio), withRatio.map((x) => x.bits.scaled.colour - x.bits.registered.colour)) : NaN;
      result[run] = { claim: b.claim, rows, summary, gainRho };
    }
    const wallSeconds = (performance.now() - t0) / 1000;
    const f = (x: number): string => x.toFixed(3);
    const md: string[] = [
      "# Input-scaling sensitivity of the last-layer verdicts (fig2a, fig2b, fig2c)",
      "",
      `Written by \`npx tsx scripts/input-scaling.ts\` on ${new Date().toISOString()} (backend ${backend.name}, ${wallSeconds.toFixed(0)} s). Paper-scale networks retrained with the committed code and seeds; last layer, final epoch; every reading with the registered decoder seed. A study of the estimator, not a verdict: the registered verdicts are those of claims.md.`,
      "",
      "Readings: *registered* = the protocol (registered decoder, raw Z; equals the committed data); *global* = the same decoder and seed on Z divided by its largest unit SD (one number); *centred*, *scaled*, *standardised* = the same decoder and seed on Z minus each unit's decoder-train mean, divided by each unit's decoder-train SD, or both (invertible affine maps); *linear* = linear-softmax decoder (Adam lr 0.01, 50 epochs) on raw Z. Means over learned seeds of max(0, I_u), 95% t interval clipped to [0, H(Y)], judged against the claim's bound.",
      "",
      `| claim | label (bound) | ${READINGS.join(" | ")} |`,
      `|---|---|${READINGS.map(() => "---").join("|")}|`,
    ];
    for (const run of runs) {
      const { claim, summary } = result[run];
      const b = CLAIMS[run];
      for (const label of ["colour", "direction"] as const) {
        const bound = label === "colour" ? `<= ${f(b.colourAtMost)}` : `>= ${f(b.directionAtLeast)}`;
        md.push(`| ${claim} (${run}) | last-layer ${label} (${bound}) | ${READINGS.map((r) => `${f(summary[r][label].mean)} [${f(summary[r][label].ci[0])}, ${f(summary[r][label].ci[1])}] ${summary[r][label].verdict}`).join(" | ")} |`);
      }
    }
    md.push("", `Spearman rho over learned seeds between the unit-SD ratio and the colour gain of the scaled reading (scaled - registered): ${runs.map((r) => `${r} ${Number.isFinite(result[r].gainRho) ? result[r].gainRho.toFixed(2) : "n/a"}`).join(", ")}.`);
    md.push("", "Per seed (bits; L = learned; SD ratio = largest / smallest nonzero unit SD on the decoder-train rows, constant units in brackets):", "");
    md.push(`| run | seed | L | SD ratio | colour: ${READINGS.join(" / ")} | direction: ${READINGS.join(" / ")} | colour test acc. registered / scaled | colour final train loss (bits) registered / scaled |`);
    md.push("|---|---|---|---|---|---|---|---|");
    for (const run of runs) {
      for (const r of result[run].rows) {
        md.push(`| ${run} | ${r.seed} | ${r.learned ? "yes" : "no"} | ${r.unitSdRatio.toExponential(1)} (${r.constantUnits}) | ${READINGS.map((x) => f(r.bits[x].colour)).join(" / ")} | ${READINGS.map((x) => f(r.bits[x].direction)).join(" / ")} | ${f(r.testAccuracy.registered.colour)} / ${f(r.testAccuracy.scaled.colour)} | ${f(r.finalTrainLossBits.registered.colour)} / ${f(r.finalTrainLossBits.scaled.colour)} |`);
      }
    }
    md.push("");
    writeFileAtomic(join(outDir, "input-scaling.json"), JSON.stringify({ format: "input-scaling-study", version: 1, backend: backend.name, wallSeconds, seeds, result }, null, 1) + "\n");
    writeFileAtomic(join(outDir, "input-scaling.md"), md.join("\n"));
    console.log(md.join("\n"));
  },
);

/**
 * Every checkerboard claim's verdict with the decoders reading standardised activations (a study,
 * not a verdict; README, "How much the verdicts hang on the decoder's input scale").
 *
 * For each seed-run a claim asks for, the paper-scale network is retrained with the committed
 * code and seed (its final validation accuracy is checked against the committed data), every
 * probe layer is standardised per unit with its decoder-train rows' mean and SD
 * (src/info/core/standardise.ts: an invertible affine map; constant units -> 0), and every decoder of
 * the registered protocol is trained again on it: same decoder, same decoder seeds, same points
 * (second-seed replicates included). The claim evaluators (src/claims/checkerboard-claims.ts)
 * then judge those results exactly as they judge the committed ones; accuracies are the
 * network's and do not change. Printed and written side by side with the registered verdicts.
 *
 *   npm run study:input-scaling:verdicts [-- --only fig2a,fig6] [--out DIR]
 *
 * Writes DIR/input-scaling-verdicts.json and .md (default reports/paper), atomically.
 * ~18 min on 2 cores (the decoders of the whole paper-scale CB suite, again).
 */
import { join } from "node:path";
import { CB_CLAIMS, type CbSource } from "../src/claims/checkerboard-claims.js";
import { cbRunConfig, type CbRunConfig, type CbRunId, type CbRunOptions } from "../src/experiments/cb-config.js";
import { cbDecoderTasks, REGISTERED_INPUT, type CbSeedResult } from "../src/experiments/cb-runner.js";
import { readSeedData, runDataName, seedDataSource } from "../src/experiments/seed-data.js";
import { estimateUsableInfo, standardiseUnits } from "../src/info/index.js";
import type { ClaimRecord } from "../src/claim-interfaces.js";
import { initBackend } from "../src/runtime/backend.js";
import { REPO_ROOT, writeFileAtomic } from "../src/runtime/files.js";
import { closeTrainWorkers, trainCheckerboardInWorker } from "../src/training/train-cb.js";
import { runScript, UsageError } from "./lib/cli.js";

/**
 * The 8-seed pilot (raw decoder inputs, as registered until 2026-12-02), seeds 1-8. This study is
 * superseded by the registered readings (every rule point is now also read standardised); it
 * reproduces its report from the pilot: every decoder reads the given activations (input "raw").
 */
const DATA_ROOT = join(REPO_ROOT, "reports", "paper", "pilot-2026-12-01");
const PILOT_SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

/** Seed-runs with every decoder re-read on standardised activations, memoised per run and seed. */
function standardisedSource(log: (s: string) => void): { source: CbSource; done: () => number } {
  const memo = new Map<string, Promise<CbSeedResult>>();
  let computed = 0;
  const one = async (cfg: CbRunConfig, committed: CbSeedResult): Promise<CbSeedResult> => {
    const t0 = performance.now();
    const trained = await trainCheckerboardInWorker(cfg, committed.seed);
    const acc = trained.valAccuracy[trained.valAccuracy.length - 1];
    if (acc !== committed.finalValAccuracy) {
      throw new Error(`${runDataName(cfg)} seed ${committed.seed}: retrained network ends at validation accuracy ${acc}, the committed data at ${committed.finalValAccuracy} (other code or backend than the committed data)`);
    }
    const scaled = {
      ...trained,
      probes: trained.probes.map((p) => ({ ...p, layers: p.layers.map((z, li) => standardiseUnits(z, trained.widths[li], cfg.decoderTrainRows)) })),
    };
    // The pilot's decoders only (registered reading, both replicates), all on the given activations.
    const all = cbDecoderTasks(cfg, committed.seed, scaled);
    const keep = all.tasks.map((t, i) => i).filter((i) => all.tasks[i].input === REGISTERED_INPUT);
    const tasks = keep.map((i) => ({ ...all.tasks[i], input: "raw" as const }));
    const points = keep.map((i) => all.points[i]);
    const infos = await estimateUsableInfo(tasks, cfg.decoder);
    computed++;
    log(`${runDataName(cfg)} seed ${committed.seed}: ${tasks.length} decoders on standardised activations in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    return { ...committed, info: infos.map(({ id: _id, ...rest }, i) => ({ ...points[i], ...rest })) };
  };
  const source: CbSource = async (run: CbRunId, opts: CbRunOptions) => {
    const cfg = cbRunConfig(run, "paper", opts);
    const committed = readSeedData(DATA_ROOT, cfg, PILOT_SEEDS);
    // Two seeds at a time: one trains in a worker while the other's decoders use the pool.
    const out: Promise<CbSeedResult>[] = [];
    for (let i = 0; i < committed.length; i++) {
      const key = `${runDataName(cfg)}/${committed[i].seed}`;
      if (!memo.has(key)) {
        const prev = i >= 2 ? out[i - 2] : Promise.resolve(undefined);
        memo.set(key, prev.then(() => one(cfg, committed[i])));
      }
      out.push(memo.get(key)!);
    }
    return Promise.all(out);
  };
  return { source, done: () => computed };
}

interface Row {
  id: string;
  registered: ClaimRecord;
  standardised: ClaimRecord;
}

function rules(r: ClaimRecord): string {
  return r.checks.map((c) => `${c.rule} ${c.outcome} (${Number.isFinite(c.statistic) ? Number(c.statistic.toPrecision(3)) : c.statistic}${c.ci ? ` [${c.ci.map((x) => Number(x.toPrecision(3))).join(", ")}]` : ""})`).join("; ");
}

await runScript(
  { usage: "npx tsx scripts/input-scaling-verdicts.ts [--only fig2a,fig6] [--out DIR]", options: { only: { type: "string" }, out: { type: "string" } } },
  async ({ values }) => {
    const only = values.only?.split(",");
    const defs = CB_CLAIMS.filter((d) => d.runsAt("paper") && (!only || only.includes(d.id)));
    if (only) for (const id of only) if (!CB_CLAIMS.some((d) => d.id === id)) throw new UsageError(`--only: unknown claim "${id}"; choose from ${CB_CLAIMS.map((d) => d.id).join(", ")}`);
    const outDir = values.out ?? join(REPO_ROOT, "reports", "paper");
    const backend = await initBackend(process.env.CLAIMS_BACKEND ?? "wasm");
    const t0 = performance.now();
    const log = (s: string): void => console.error(`[input-scaling ${((performance.now() - t0) / 1000).toFixed(0)} s] ${s}`);
    const committed = seedDataSource(DATA_ROOT, "paper", () => PILOT_SEEDS);
    const scaled = standardisedSource(log);
    const rows: Row[] = [];
    try {
      for (const def of defs) {
        const reg = await def.build({ scale: "paper", backend: "none", source: committed });
        const std = await def.build({ scale: "paper", backend: backend.name, source: scaled.source });
        for (let i = 0; i < reg.length; i++) {
          rows.push({ id: reg[i].record.id, registered: reg[i].record, standardised: std[i].record });
          log(`${reg[i].record.id}: registered ${reg[i].record.status}, standardised ${std[i].record.status} | ${rules(std[i].record)}`);
        }
      }
    } finally {
      await closeTrainWorkers();
    }
    const wallSeconds = (performance.now() - t0) / 1000;
    const md = [
      "# Checkerboard verdicts with decoders on standardised activations",
      "",
      `Written by \`npx tsx scripts/input-scaling-verdicts.ts\` on ${new Date().toISOString()} (backend ${backend.name}, ${(wallSeconds / 60).toFixed(1)} min, ${scaled.done()} seed-runs re-read). Each paper-scale network retrained with the committed code and seed; every decoder of the registered protocol trained again, same seeds, on the activations standardised per unit with the decoder-train rows' mean and SD (an invertible affine map); the claim evaluators unchanged. A study of the estimator: the registered verdicts are those of claims.md.`,
      "",
      "| claim | registered verdict | standardised verdict | rules under standardised activations (statistic [95% CI]) |",
      "|---|---|---|---|",
      ...rows.map((r) => `| ${r.id} | ${r.registered.status} | ${r.standardised.status} | ${rules(r.standardised).replaceAll("|", "\\|")} |`),
      "",
      "Registered rules, for comparison:",
      "",
      ...rows.map((r) => `- ${r.id}: ${rules(r.registered)}`),
      "",
    ].join("\n");
    const json = { format: "input-scaling-verdicts", version: 1, backend: backend.name, wallSeconds, claims: rows.map((r) => ({ id: r.id, registered: { status: r.registered.status, checks: r.registered.checks }, standardised: { status: r.standardised.status, checks: r.standardised.checks, seeds: r.standardised.seeds } })) };
    writeFileAtomic(join(outDir, "input-scaling-verdicts.json"), JSON.stringify(json, null, 1) + "\n");
    writeFileAtomic(join(outDir, "input-scaling-verdicts.md"), md);
    console.log(md);
  },
);

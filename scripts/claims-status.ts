/**
 * What the per-seed result cache already holds for each checkerboard claim (and, at paper scale,
 * each CIFAR claim: scripts/lib/cifar-status.ts), and what is left:
 *
 *   npm run claims:status -- [--scale paper|ci] [--interim]
 *
 * Per claim: seed-runs cached / needed, the missing (run, options, seeds), and an estimate of the
 * time left (mean wall time of the cached seed-runs of the same run and options, else of the same
 * run id; measured on whatever machine filled the cache). Nothing is trained.
 * --interim also evaluates fig6 and fig7 on the cached seeds alone (arms with a P missing
 * entirely are left out) and prints their tables and checks, labelled INTERIM: such numbers are
 * progress, never a verdict; the verdict is what the claim spec reports once every seed exists.
 * Reads CLAIMS_CACHE_DIR like the claim specs do.
 */
import { evaluateFig6, evaluateFig7, type Fig7Arm } from "../src/claims/pretraining.js";
import { cacheRoot } from "../src/experiments/cache.js";
import { autoImplementation } from "../src/info/core/estimate.js";
import { initBackend } from "../src/runtime/backend.js";
import { cbRunConfig, cbSeeds, type CbRunId, type CbRunOptions } from "../src/experiments/cb-config.js";
import { fig6Plan, fig7Plan } from "../src/experiments/cb-plan.js";
import { CB_DEFS, cbRunsOf } from "../src/claims/registry.js";
import { cbResultKey, type CbSeedResult } from "../src/experiments/cb-runner.js";
import { formatDuration } from "../src/experiments/progress.js";
import { printCifarStatus } from "./lib/cifar-status.js";
import { mean } from "../src/stats/index.js";
import type { ClaimRecord } from "../src/claim-interfaces.js";
import { cbResultCache } from "../src/experiments/cb-result-schema.js";
import { cachedOrReport } from "./lib/cached-seeds.js";
import { parseScale, runScript } from "./lib/cli.js";

function describeOptions(run: CbRunId, o: CbRunOptions): string {
  const parts: string[] = [run];
  if (o.pretrainEpochs) parts.push(`P=${o.pretrainEpochs}`);
  if (o.decode && o.decode !== "all") parts.push(`decode ${o.decode}`);
  if (o.trainLabels === "shuffled") parts.push("shuffled labels");
  return parts.join(", ");
}

const wall = (r: CbSeedResult) => r.wallSeconds.train + r.wallSeconds.decode;

function printInterim(record: ClaimRecord): void {
  console.log(`\nINTERIM ${record.id} (cached seeds only; progress, not a verdict): ${record.seeds.total} seed-runs, ${record.seeds.learned} learned`);
  for (const t of record.tables ?? []) {
    console.log(`  ${t.title}`);
    console.log(`    ${t.columns.join(" | ")}`);
    for (const row of t.rows) console.log(`    ${row.join(" | ")}`);
  }
  for (const c of record.checks) console.log(`  [${c.pass ? "holds so far" : "fails so far"}] ${c.message}`);
}

await runScript(
  {
    usage: "npm run claims:status -- [--scale paper|ci] [--interim]",
    options: { scale: { type: "string" }, interim: { type: "boolean" } },
  },
  async ({ values }) => {
    const scale = parseScale(values.scale);
    const interim = values.interim ?? false;
    const cache = cbResultCache();
    const badEntries = new Set<string>();
    // Cache keys include the backend and decoder implementation a run would use here.
    const backend = await initBackend();

    function cached(run: CbRunId, opts: CbRunOptions): { seeds: number[]; hits: CbSeedResult[]; missing: number[] } {
      const key = cbResultKey(cbRunConfig(run, scale, opts), backend.name, autoImplementation(backend.gpu));
      const seeds = cbSeeds(scale, run);
      const hits: CbSeedResult[] = [];
      const missing: number[] = [];
      for (const s of seeds) {
        const r = cachedOrReport(cache, key, s, badEntries);
        if (r) hits.push(r);
        else missing.push(s);
      }
      return { seeds, hits, missing };
    }

    /**
     * Seconds per seed-run of a config with nothing cached, from the cached seeds of the same run
     * without pretraining: training time scaled by the epoch count, plus their decoder time when
     * every probe is decoded (a final-epoch-only decode is a few seconds). Null without such seeds.
     */
    function estimateFromBase(run: CbRunId, opts: CbRunOptions): number | null {
      const base = cached(run, {}).hits;
      if (base.length === 0) return null;
      const cfg = cbRunConfig(run, scale, opts);
      const train = mean(base.map((r) => r.wallSeconds.train)) * ((cfg.epochs + cfg.pretrainEpochs) / cfg.epochs);
      const decode = (opts.decode ?? "all") === "all" ? mean(base.map((r) => r.wallSeconds.decode)) : 5;
      return train + decode;
    }

    console.log(`checkerboard cache at ${cacheRoot()} (scale ${scale})`);
    const done = new Set<string>();
    let totalLeft = 0;
    let unknownLeft = 0;
    for (const { def } of CB_DEFS) {
      const claim = def.id;
      const plan = cbRunsOf(claim, scale);
      if (plan.length === 0) {
        console.log(`${claim}: does not run at ${scale} scale`);
        continue;
      }
      let have = 0;
      let need = 0;
      const lines: string[] = [];
      for (const { run, opts } of plan) {
        const c = cached(run, opts);
        have += c.hits.length;
        need += c.seeds.length;
        if (c.missing.length === 0) continue;
        const per = c.hits.length > 0 ? mean(c.hits.map(wall)) : estimateFromBase(run, opts);
        const id = describeOptions(run, opts);
        lines.push(`    missing ${id}: seeds ${c.missing.join(",")}${per === null ? "" : ` (~${formatDuration(per)} each)`}`);
        if (!done.has(id)) {
          done.add(id);
          if (per === null) unknownLeft += c.missing.length;
          else totalLeft += per * c.missing.length;
        }
      }
      console.log(`${claim}: ${have}/${need} seed-runs cached${have === need ? " (complete: the claim spec evaluates from the cache)" : ""}`);
      for (const l of lines) console.log(l);
    }
    console.log(`time left for the missing seed-runs (counted once when claims share them): ~${formatDuration(totalLeft)}${unknownLeft ? `, plus ${unknownLeft} seed-runs of unknown length` : ""}`);

    for (const p of badEntries) console.log(`invalid cache entry, counted as missing: ${p}`);

    if (scale === "paper") printCifarStatus(backend);
    else console.log("\nCIFAR: the paper claims are paper-scale only (`npm run claims:status -- --scale paper`); the ci pipeline checks take minutes");

    if (interim) {
      const ctx = { scale, backend: "cache" };
      const fig6Arms = fig6Plan()
        .map((a) => ({ run: a.run, base: cached(a.run, a.base).hits, pretrained: cached(a.run, a.pretrained).hits }))
        .filter((a) => a.base.length > 0 && a.pretrained.length > 0);
      if (fig6Arms.length > 0) printInterim(evaluateFig6(fig6Arms, ctx));
      const fig7Arms: Fig7Arm[] = fig7Plan(scale)
        .map((a) => ({ run: a.run, asserted: a.asserted, byP: a.byP.map((b) => ({ p: b.p, results: cached(a.run, b.opts).hits })) }))
        .filter((a) => a.byP.every((b) => b.results.length > 0));
      if (fig7Arms.length > 0) printInterim(evaluateFig7(fig7Arms, ctx));
    }
  },
);

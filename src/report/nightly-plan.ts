/**
 * The nightly's run plan: every seed-run the paper report needs, split into jobs so that no run
 * is trained twice. Checkerboard seed-runs (the runs every claim, check and control of the
 * registry declares, src/claims/registry.ts) go into N CPU shards balanced by a rough cost;
 * each CIFAR (arm, seed) is one GPU job. The jobs share one CLAIMS_CACHE_DIR, so the evaluating
 * job (vitest at paper scale) reads every result from the cache.
 */
import type { Scale } from "../interfaces.js";
import { cbRunConfig, cbSeeds, type CbRunId, type CbRunOptions } from "../experiments/cb-config.js";
import { allPaperArms, cifarSeeds } from "../experiments/cifar-protocol.js";
import { runDataName } from "../experiments/seed-data.js";
import { CB_DEFS, cbRunsOf } from "../claims/registry.js";

export interface CbSeedRun {
  run: CbRunId;
  opts: CbRunOptions;
  seed: number;
  /** Folder name of the run (runDataName): unique per protocol. */
  name: string;
  /** Relative cost (CB-2 all-probe seed-run = 1): network size x decoders. */
  cost: number;
}

/** Relative training + decoding cost of a seed-run (measured order of magnitude on 2 CPU cores: CB-2 ~6 min, CB-10 ~25 min, CB-20 ~70 min with every probe). */
export function seedRunCost(run: CbRunId, opts: CbRunOptions): number {
  const net = { "CB-2": 1, "CB-10": 4, "CB-20": 12, "CB-25": 18 }[run];
  const decode = (opts.decode ?? "all") === "all" ? 1 : 0.15;
  return net * decode;
}

/** Every checkerboard seed-run of the claims and controls at a scale, each once. */
export function cbSeedRuns(scale: Scale): CbSeedRun[] {
  const seen = new Map<string, CbSeedRun>();
  const entries = CB_DEFS.flatMap(({ def }) => cbRunsOf(def.id, scale));
  for (const { run, opts } of entries) {
    const name = runDataName(cbRunConfig(run, scale, opts));
    for (const seed of cbSeeds(scale, run)) if (!seen.has(`${name}/${seed}`)) seen.set(`${name}/${seed}`, { run, opts, seed, name, cost: seedRunCost(run, opts) });
  }
  return [...seen.values()];
}

/** The command that trains (and caches) seed-runs of one run config. */
export function cbCommand(run: CbRunId, opts: CbRunOptions, seeds: number[], scale: Scale): string {
  const parts = ["npx tsx scripts/run-checkerboard.ts", run, "--scale", scale, "--seeds", seeds.join(",")];
  if (opts.pretrainEpochs) parts.push("--pretrain", String(opts.pretrainEpochs));
  if (opts.decode && opts.decode !== "all") parts.push("--decode", opts.decode);
  if (opts.trainLabels === "shuffled") parts.push("--labels", "shuffled");
  return parts.join(" ");
}

export interface CbShard {
  shard: string;
  cost: number;
  /** One command per run config, with the shard's seeds of it. */
  commands: string[];
}

/** Split the seed-runs into `n` shards (longest first onto the lightest shard), each seed-run in exactly one. */
export function cbShards(scale: Scale, n: number): CbShard[] {
  if (!Number.isInteger(n) || n < 1) throw new Error(`shard count must be a positive integer, got ${n}`);
  const bins = Array.from({ length: n }, () => ({ cost: 0, runs: [] as CbSeedRun[] }));
  const runs = cbSeedRuns(scale).sort((a, b) => b.cost - a.cost || a.name.localeCompare(b.name) || a.seed - b.seed);
  for (const r of runs) {
    const bin = bins.reduce((lo, b) => (b.cost < lo.cost ? b : lo));
    bin.cost += r.cost;
    bin.runs.push(r);
  }
  return bins.map((b, i) => {
    const byName = new Map<string, CbSeedRun[]>();
    for (const r of b.runs) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
    const commands = [...byName.values()].map((rs) => cbCommand(rs[0].run, rs[0].opts, rs.map((r) => r.seed).sort((x, y) => x - y), scale));
    return { shard: `cb-${i + 1}`, cost: Number(b.cost.toFixed(2)), commands };
  });
}

/** One GPU job per CIFAR (arm, seed) at paper scale. */
export function cifarJobs(): { arm: string; seed: number; command: string }[] {
  return [...allPaperArms().keys()].flatMap((arm) => cifarSeeds("paper").map((seed) => ({ arm, seed, command: `npm run cifar:run -- --arm "${arm}" --seeds ${seed}` })));
}

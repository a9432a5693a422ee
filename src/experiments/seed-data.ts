/**
 * Committed per-seed data: every checkerboard seed-run a report rests on, as one small JSON file
 * (the CbSeedResult: config, code version, backend, every raw I_u point with its decoder
 * diagnostics, accuracies per epoch, wall times), so that a report can be regenerated and audited
 * on any machine without retraining. Layout: `<root>/checkerboard/<run name>/seed-<n>.json`, the
 * run name from the config (`runDataName`). The cache (cache.ts) is keyed by code version and
 * environment; this store is keyed by the protocol only and says which code measured each file.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Scale } from "../interfaces.js";
import { canonicalJson, writeFileAtomic } from "../runtime/files.js";
import { cbRunConfig, type CbRunConfig, type CbRunId, type CbRunOptions } from "./cb-config.js";
import type { CbSeedResult } from "./cb-runner.js";

/** Folder name of a run: run id, pretraining, decode mode and label control ("CB-10-P20-last-layer-colour"). */
export function runDataName(cfg: CbRunConfig): string {
  const parts: string[] = [cfg.run];
  if (cfg.pretrainEpochs) parts.push(`P${cfg.pretrainEpochs}`);
  if (cfg.decode !== "all") parts.push(cfg.decode);
  if (cfg.trainLabels === "shuffled") parts.push("shuffled");
  if (cfg.trainer !== "wasm") parts.push(cfg.trainer);
  if (cfg.decoder.keepPartialBatch) parts.push("legacy-batches");
  return `${cfg.scale}-${parts.join("-")}`;
}

function seedPath(root: string, cfg: CbRunConfig, seed: number): string {
  return join(root, "checkerboard", runDataName(cfg), `seed-${seed}.json`);
}

/** Write seed-runs (atomically, one file each; an existing file of the same run and seed is replaced). */
export function writeSeedData(root: string, results: readonly CbSeedResult[]): string[] {
  return results.map((r) => {
    const p = seedPath(root, r.config, r.seed);
    writeFileAtomic(p, JSON.stringify(r) + "\n");
    return p;
  });
}

/**
 * The seed-runs of `cfg` for `seeds`, read from the store. Throws, naming the file, when one is
 * missing, unreadable, or measured with another protocol than `cfg` (its config differs).
 */
export function readSeedData(root: string, cfg: CbRunConfig, seeds: readonly number[]): CbSeedResult[] {
  const want = canonicalJson(cfg);
  return seeds.map((seed) => {
    const p = seedPath(root, cfg, seed);
    if (!existsSync(p)) throw new Error(`no committed seed data ${p} (run the claims at ${cfg.scale} scale, then npm run data:export)`);
    let r: CbSeedResult;
    try {
      r = JSON.parse(readFileSync(p, "utf8")) as CbSeedResult;
    } catch (err) {
      throw new Error(`seed data ${p} is not valid JSON: ${(err as Error).message}`);
    }
    if (!r || typeof r !== "object" || !Array.isArray(r.info) || r.seed !== seed) throw new Error(`seed data ${p} is not a checkerboard seed result for seed ${seed}`);
    if (canonicalJson(r.config) !== want) throw new Error(`seed data ${p} was measured with another protocol than the current ${runDataName(cfg)} config (re-export it, or re-run the claims)`);
    return r;
  });
}

/** Every run folder in a store, with its seed files (sorted). */
export function listSeedData(root: string): { run: string; seeds: number[] }[] {
  const dir = join(root, "checkerboard");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .map((run) => ({
      run,
      seeds: readdirSync(join(dir, run))
        .map((f) => /^seed-(\d+)\.json$/.exec(f))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => Number(m[1]))
        .sort((a, b) => a - b),
    }));
}

/** A results source over a store: the seed-runs a claim asks for, at `scale`, for the given seeds. */
export function seedDataSource(root: string, scale: Scale, seedsOf: (run: CbRunId) => number[]): (run: CbRunId, opts: CbRunOptions) => Promise<CbSeedResult[]> {
  return async (run, opts) => readSeedData(root, cbRunConfig(run, scale, opts), seedsOf(run));
}

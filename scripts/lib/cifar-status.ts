/**
 * The CIFAR part of `npm run claims:status` (a module of scripts/claims-status.ts, not a script): per paper-scale claim, its arms, the work of one
 * seed-run (training image-epochs, eval passes, decoder-epochs), the seed-runs the cache holds,
 * and the GPU hours left projected from gpu-check results (src/experiments/cifar-cost.ts).
 * Rates come from every `*.json` in the gpu-check folder (default <repo>/.cache/gpu-check, or
 * CLAIMS_GPU_CHECK_DIR), written by `npm run gpu-check -- --out <folder>/<name>.json`.
 */
import { join } from "node:path";
import { REPO_ROOT } from "../../src/runtime/files.js";
import { cacheRoot } from "../../src/experiments/cache.js";
import { armWork, EVAL_SPEEDUP, PAPER_BATCH, projectedSeconds, readRates, type ArmWork, type MeasuredRate } from "../../src/experiments/cifar-cost.js";
import { allPaperArms, CIFAR_CLAIM_IDS, cifarClaimArms, cifarSeeds } from "../../src/experiments/cifar-protocol.js";
import type { CifarSeedResult } from "../../src/experiments/cifar-result.js";
import { cifarResultKey, type CifarArm } from "../../src/experiments/cifar-runner.js";
import { cifarResultCache } from "../../src/experiments/cifar-result-schema.js";
import type { ConvNetArch } from "../../src/models/small-convnet.js";
import { cachedOrReport } from "./cached-seeds.js";

/** Default folder of gpu-check results. */
export const GPU_CHECK_DIR = process.env.CLAIMS_GPU_CHECK_DIR ?? join(REPO_ROOT, ".cache", "gpu-check");

const M = (n: number) => `${(n / 1e6).toFixed(2)}M`;
const hours = (s: number) => `${(s / 3600).toFixed(1)} h`;

function describeRate(model: ConvNetArch, r: MeasuredRate | undefined): string {
  if (!r) return `  ${model}: no gpu-check result; on the GPU machine run \`npm run gpu-check -- --model ${model} --out ${join(GPU_CHECK_DIR, `${model}.json`)}\``;
  const notes = [r.gpu ? "" : "NOT a GPU backend", r.batch === PAPER_BATCH ? "" : `batch ${r.batch}, not the paper's ${PAPER_BATCH}`].filter(Boolean);
  return `  ${model}: ${r.imagesPerSecond.toFixed(1)} training images/s at batch ${r.batch} on ${r.backend}${r.device ? ` (${r.device})` : ""}${notes.length ? ` [${notes.join("; ")}]` : ""} from ${r.file}`;
}

/** Print the CIFAR status (paper scale only: the ci pipeline checks take minutes on a CPU). */
export function printCifarStatus(backend: { name: string; gpu: boolean }): void {
  const seeds = cifarSeeds("paper");
  const cache = cifarResultCache();
  const badEntries = new Set<string>();
  const cached = (key: string | null, seed: number) => (key === null ? null : cachedOrReport(cache, key, seed, badEntries));
  // The key fingerprints the data files; with the data set absent nothing can be cached for it.
  const absentData = new Set<string>();
  const keyOf = (arm: CifarArm): string | null => {
    try {
      return cifarResultKey(arm, backend);
    } catch (e) {
      absentData.add(`${arm.train.dataset}: ${(e as Error).message.split("\n")[0]}`);
      return null;
    }
  };
  const { rates, problems } = readRates(GPU_CHECK_DIR);
  console.log(`\nCIFAR (paper scale; ${allPaperArms().size} arms x ${seeds.length} seeds; cache at ${cacheRoot()}):`);
  console.log(`training rates (gpu-check results in ${GPU_CHECK_DIR}):`);
  for (const model of ["resnet18", "allcnn"] as const) console.log(describeRate(model, rates.get(model)));
  for (const p of problems) console.log(`  ignored: ${p}`);

  const seen = new Map<string, { work: ArmWork; missing: number; left: number | null }>();
  const armLine = (arm: CifarArm): string => {
    const work = armWork(arm);
    const key = keyOf(arm);
    const hits = seeds.map((s) => cached(key, s)).filter((r): r is CifarSeedResult => r !== null);
    const missing = seeds.filter((s) => !cached(key, s));
    const rate = rates.get(work.model);
    const per = rate ? projectedSeconds(work, rate) : null;
    if (!seen.has(arm.arm)) seen.set(arm.arm, { work, missing: missing.length, left: per === null ? null : per * missing.length });
    const measured = hits.length ? `; cached seeds took ${hits.map((r) => `${((r.wallSeconds.train + r.wallSeconds.decode) / 3600).toFixed(1)} h`).join(", ")} on ${hits[0].backend}` : "";
    return (
      `    ${arm.arm} (${work.model} ${work.dataset}, batch ${work.batchSize}, ${work.epochs} epochs): per seed-run ${M(work.trainImageEpochs)} training image-epochs, ` +
      `${M(work.evalImagePasses)} eval passes, ${work.decoderEpochs.toLocaleString("en-US")} decoder-epochs x ${work.decoderRows.toLocaleString("en-US")} rows; ` +
      `${missing.length ? `missing seeds ${missing.join(",")}` : "all seeds cached"}${per === null ? "" : `; ~${hours(per)} per seed-run`}${measured}`
    );
  };
  for (const id of CIFAR_CLAIM_IDS) {
    const arms = Object.values(cifarClaimArms(id));
    const lines = arms.map(armLine);
    const have = arms.reduce((s, a) => s + seeds.filter((x) => cached(keyOf(a), x)).length, 0);
    console.log(`${id}: ${have}/${arms.length * seeds.length} seed-runs cached`);
    for (const l of lines) console.log(l);
  }

  for (const p of badEntries) console.log(`  invalid cache entry, counted as missing: ${p}`);
  for (const p of absentData) console.log(`  data set not readable, its seed-runs counted as missing: ${p}`);
  const all = [...seen.values()];
  const sum = (f: (a: (typeof all)[number]) => number) => all.reduce((s, a) => s + f(a), 0);
  const runsLeft = sum((a) => a.missing);
  const unknown = all.filter((a) => a.left === null && a.missing > 0).reduce((s, a) => s + a.missing, 0);
  const longest = Math.max(0, ...all.map((a) => (a.left !== null && a.missing ? a.left / a.missing : 0)));
  console.log(
    `CIFAR total left (each arm once): ${runsLeft} of ${all.length * seeds.length} seed-runs; ${M(sum((a) => a.work.trainImageEpochs * a.missing))} training image-epochs, ` +
      `${M(sum((a) => a.work.evalImagePasses * a.missing))} eval passes, ${sum((a) => a.work.decoderEpochs * a.missing).toLocaleString("en-US")} decoder-epochs; ` +
      (unknown === runsLeft && runsLeft > 0
        ? "no GPU-hour projection: no gpu-check result for their models (see above)"
        : `projected ~${hours(sum((a) => a.left ?? 0))} on one device at the rates above (training, and eval passes at ${EVAL_SPEEDUP}x the training rate; decoders not included: no GPU decoder rate measured)` +
          (unknown ? `, plus ${unknown} seed-runs without a rate for their model` : "")),
  );
  console.log(
    `split: every (arm, seed) is an independent job that checkpoints each epoch: \`npm run cifar:run -- --arm "<arm>" --seeds <s>\` ` +
      `with one CLAIMS_CACHE_DIR shared by the jobs (one GPU each), then \`npx vitest run claims/cifar10 claims/cifar-100\` evaluates from the cache` +
      (longest > 0 ? `; the longest seed-run is ~${hours(longest)}` : ""),
  );
}

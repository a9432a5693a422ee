/**
 * Train (and cache) paper-scale CIFAR seed-runs without evaluating claims, so that a nightly or a
 * pool of GPUs can split the 11 arms x 3 seeds into independent jobs sharing one CLAIMS_CACHE_DIR;
 * the claim specs then evaluate from the cache. Each seed-run checkpoints every epoch and resumes.
 *
 *   npm run cifar:run -- --list
 *   npm run cifar:run -- --arm "lr0.1 bs128" [--seeds 1,2,3]
 *
 * Needs a GPU backend (as the claim specs at paper scale; CLAIMS_ALLOW_CPU_CIFAR=1 overrides) and
 * the official data set, checked as the claims check it (src/data/cifar-verify.ts).
 */
import { armWork } from "../src/experiments/cifar-cost.js";
import { allPaperArms, cifarSeeds } from "../src/experiments/cifar-protocol.js";
import { cifarResultKey, runCifar } from "../src/experiments/cifar-runner.js";
import { cifarResultCache } from "../src/experiments/cifar-result-schema.js";
import { initBackend } from "../src/runtime/backend.js";
import { parseSeedList, runScript, UsageError } from "./lib/cli.js";

await runScript(
  {
    usage: 'npm run cifar:run -- --list | --arm "<arm>" [--seeds 1,2,3]',
    options: { list: { type: "boolean" }, arm: { type: "string" }, seeds: { type: "string" } },
  },
  async ({ values }) => {
    const arms = allPaperArms();
    if (values.list) {
      console.log("paper-scale CIFAR arms (npm run cifar:run -- --arm NAME [--seeds 1,2,3]):");
      for (const a of arms.values()) {
        const w = armWork(a);
        console.log(`  "${a.arm}": ${w.model} ${w.dataset}, batch ${w.batchSize}, ${w.epochs} epochs, seeds ${cifarSeeds("paper").join(",")}`);
      }
      return;
    }
    if (values.arm === undefined) throw new UsageError("--arm is required (--list names the arms)");
    const arm = arms.get(values.arm);
    if (!arm) throw new UsageError(`no arm "${values.arm}"; --list shows them`);
    const seeds = values.seeds === undefined ? cifarSeeds("paper") : parseSeedList("seeds", values.seeds);
    const backend = await initBackend();
    if (!backend.gpu && process.env.CLAIMS_ALLOW_CPU_CIFAR !== "1") {
      throw new Error(`backend ${backend.name} is not a GPU backend; paper-scale CIFAR needs one (CLAIMS_REQUIRE_GPU=1 says why none loads; CLAIMS_ALLOW_CPU_CIFAR=1 runs anyway)`);
    }
    console.log(`${arm.arm}: seeds ${seeds.join(",")} on ${backend.name}`);
    const key = cifarResultKey(arm, backend);
    const cache = cifarResultCache();
    const cachedBefore = new Set(seeds.filter((s) => cache.get(key, s) !== null));
    for (const r of await runCifar(arm, seeds, { cache })) {
      const when = cachedBefore.has(r.seed) ? " (cache hit: the times of the earlier run that computed it)" : "";
      console.log(`seed ${r.seed}: final val acc ${r.finalValAccuracy.toFixed(4)}, train ${(r.wallSeconds.train / 3600).toFixed(2)} h, decoders ${(r.wallSeconds.decode / 3600).toFixed(2)} h${when}`);
    }
  },
);

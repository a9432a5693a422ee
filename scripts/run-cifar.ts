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
import { runCifar } from "../src/experiments/cifar-runner.js";
import { initBackend } from "../src/runtime/backend.js";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const arms = allPaperArms();
if (process.argv.includes("--list") || !arg("arm")) {
  console.log("paper-scale CIFAR arms (npm run cifar:run -- --arm NAME [--seeds 1,2,3]):");
  for (const a of arms.values()) {
    const w = armWork(a);
    console.log(`  "${a.arm}": ${w.model} ${w.dataset}, batch ${w.batchSize}, ${w.epochs} epochs, seeds ${cifarSeeds("paper").join(",")}`);
  }
  process.exit(process.argv.includes("--list") ? 0 : 2);
}
const arm = arms.get(arg("arm")!);
if (!arm) {
  console.error(`no arm ${JSON.stringify(arg("arm"))}; --list shows them`);
  process.exit(2);
}
const seeds = arg("seeds")?.split(",").map(Number) ?? cifarSeeds("paper");
if (seeds.some((s) => !Number.isInteger(s) || s < 1)) {
  console.error(`--seeds must be positive integers, got ${JSON.stringify(arg("seeds"))}`);
  process.exit(2);
}
try {
  const backend = await initBackend();
  if (!backend.gpu && process.env.CLAIMS_ALLOW_CPU_CIFAR !== "1") {
    throw new Error(`backend ${backend.name} is not a GPU backend; paper-scale CIFAR needs one (CLAIMS_REQUIRE_GPU=1 says why none loads; CLAIMS_ALLOW_CPU_CIFAR=1 runs anyway)`);
  }
  console.log(`${arm.arm}: seeds ${seeds.join(",")} on ${backend.name}`);
  for (const r of await runCifar(arm, seeds)) {
    console.log(`seed ${r.seed}: final val acc ${r.finalValAccuracy.toFixed(4)}, train ${(r.wallSeconds.train / 3600).toFixed(2)} h, decoders ${(r.wallSeconds.decode / 3600).toFixed(2)} h`);
  }
  process.exit(0);
} catch (err) {
  console.error(`cifar:run failed: ${(err as Error).message}`);
  process.exit(1);
}

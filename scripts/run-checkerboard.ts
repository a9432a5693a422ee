/**
 * Run (and cache) checkerboard seeds without evaluating claims, e.g. to fill the cache of a
 * paper-scale run over several sittings or to measure one seed-run alone:
 *
 *   npx tsx scripts/run-checkerboard.ts CB-20 --scale paper --seeds 1,2 [--pretrain 20] [--decode all]
 *                                       [--train-labels true|shuffled]
 *
 * Prints each seed's wall times, final validation accuracy and the process's peak RSS.
 */
import { cbRunConfig, cbSeeds, type CbDecodeMode, type CbRunId } from "../src/experiments/cb-config.js";
import { runCheckerboard } from "../src/experiments/cb-runner.js";
import { currentScale } from "../src/experiments/scale.js";
import { initBackend } from "../src/runtime/backend.js";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const run = process.argv[2] as CbRunId;
if (!run || run.startsWith("--")) {
  console.error("usage: npx tsx scripts/run-checkerboard.ts CB-2|CB-10|CB-20|CB-25 [--scale paper|ci] [--seeds 1,2,3] [--pretrain P] [--decode all|final-all|last-layer-colour] [--train-labels true|shuffled]");
  process.exit(2);
}
const scale = currentScale(arg("scale") ?? process.env.CLAIMS_SCALE);
const seeds = arg("seeds")?.split(",").map(Number) ?? cbSeeds(scale, run);
const backend = await initBackend();
const trainLabels = arg("train-labels") ?? "true";
if (trainLabels !== "true" && trainLabels !== "shuffled") {
  console.error(`--train-labels must be true or shuffled, got ${JSON.stringify(trainLabels)}`);
  process.exit(2);
}
const cfg = cbRunConfig(run, scale, { pretrainEpochs: Number(arg("pretrain") ?? 0), decode: (arg("decode") ?? "all") as CbDecodeMode, trainLabels });
console.log(`${run} ${scale} seeds ${seeds.join(",")} on ${backend.name}`);
const results = await runCheckerboard(cfg, seeds);
for (const r of results) {
  console.log(`seed ${r.seed}: final val acc ${r.finalValAccuracy.toFixed(4)}, train ${r.wallSeconds.train.toFixed(0)} s, decoders ${r.wallSeconds.decode.toFixed(0)} s, peak RSS ${r.peakRssMiB.toFixed(0)} MiB`);
}
console.log(`process peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
process.exit(0);

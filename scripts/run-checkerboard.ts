/**
 * Run (and cache) checkerboard seeds without evaluating claims, e.g. to fill the cache of a
 * paper-scale run over several sittings or to measure one seed-run alone:
 *
 *   npx tsx scripts/run-checkerboard.ts CB-20 --scale paper --seeds 1,2 [--pretrain 20] [--decode all] [--labels shuffled]
 *
 * Prints each seed's wall times, final validation accuracy and the process's peak RSS. The
 * whole config (decoder included) is validated before any training.
 */
import { cbRunConfig, cbSeeds, type CbDecodeMode, type CbRunId } from "../src/experiments/cb-config.js";
import { runCheckerboard } from "../src/experiments/cb-runner.js";
import { currentScale } from "../src/experiments/scale.js";
import { initBackend } from "../src/runtime/backend.js";
import { parseCount, parseSeedList, runScript, UsageError } from "./lib/cli.js";

const RUNS: CbRunId[] = ["CB-2", "CB-10", "CB-20", "CB-25"];
const DECODE: CbDecodeMode[] = ["all", "final-all", "last-layer-colour"];

await runScript(
  {
    usage: "npx tsx scripts/run-checkerboard.ts CB-2|CB-10|CB-20|CB-25 [--scale paper|ci] [--seeds 1,2,3] [--pretrain P] [--decode all|final-all|last-layer-colour] [--labels true|shuffled]",
    options: { scale: { type: "string" }, seeds: { type: "string" }, pretrain: { type: "string" }, decode: { type: "string" }, labels: { type: "string" } },
    allowPositionals: true,
  },
  async ({ values, positionals }) => {
    if (positionals.length !== 1 || !RUNS.includes(positionals[0] as CbRunId)) throw new UsageError(`expected one run id (${RUNS.join(", ")}), got ${positionals.length ? positionals.join(" ") : "none"}`);
    const run = positionals[0] as CbRunId;
    const scale = currentScale(values.scale ?? process.env.CLAIMS_SCALE);
    const decode = (values.decode ?? "all") as CbDecodeMode;
    if (!DECODE.includes(decode)) throw new UsageError(`--decode must be one of ${DECODE.join(", ")}, got "${values.decode}"`);
    const labels = values.labels ?? "true";
    if (labels !== "true" && labels !== "shuffled") throw new UsageError(`--labels must be true or shuffled, got "${labels}"`);
    const cfg = cbRunConfig(run, scale, { pretrainEpochs: values.pretrain === undefined ? 0 : parseCount("pretrain", values.pretrain), decode, trainLabels: labels });
    const seeds = values.seeds === undefined ? cbSeeds(scale, run) : parseSeedList("seeds", values.seeds);
    const backend = await initBackend();
    console.log(`${run} ${scale} seeds ${seeds.join(",")} on ${backend.name}`);
    const results = await runCheckerboard(cfg, seeds);
    for (const r of results) {
      console.log(`seed ${r.seed}: final val acc ${r.finalValAccuracy.toFixed(4)}, train ${r.wallSeconds.train.toFixed(0)} s, decoders ${r.wallSeconds.decode.toFixed(0)} s, peak RSS ${r.peakRssMiB.toFixed(0)} MiB (measured ${r.measuredAt})`);
    }
    console.log(`process peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  },
);

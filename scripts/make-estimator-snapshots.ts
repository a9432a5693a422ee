/**
 * Generates the estimator-regression fixtures: activation snapshots of real checkerboard networks
 * (src/info/checks/snapshot.ts format) under fixtures/estimator/. Each snapshot holds the 5000 fresh
 * probe rows of one hidden layer at one epoch (the first 1250 rows are the decoder-train rows, the
 * rest decoder-test, as in the CB protocol) with the colour and direction labels.
 *
 * Runs (ci-scale configs, epochs cut so that generation takes ~1 minute and fixtures stay < 2 MB):
 * - CB-2 (Small FC 10-7-5-4-3), seed 2 (seed 1 stays at chance), 15 epochs: layers 1 and 5 at epochs 1 and 15;
 * - CB-10 (Medium FC 100-20-20-20), seed 1, 12 epochs: layer 4 at epoch 12.
 * Usage: npx tsx scripts/make-estimator-snapshots.ts [--out fixtures/estimator]
 * Deterministic given the code (same backend): rerunning rewrites identical files. Rebaseline
 * (scripts/rebaseline-estimator.ts) after regenerating.
 */
import { join } from "node:path";
import { cbRunConfig, parseCbConfig, type CbRunId } from "../src/experiments/cb-config.js";
import { REPO_ROOT } from "../src/runtime/files.js";
import { writeSnapshot } from "../src/info/checks/snapshot.js";
import { initBackend } from "../src/runtime/backend.js";
import { trainCheckerboard } from "../src/training/train-cb.js";
import { runScript } from "./lib/cli.js";

interface Plan {
  run: CbRunId;
  seed: number;
  epochs: number;
  probeEpochs: number[];
  layers: number[];
}

const PLANS: Plan[] = [
  { run: "CB-2", seed: 2, epochs: 15, probeEpochs: [1, 15], layers: [1, 5] },
  { run: "CB-10", seed: 1, epochs: 12, probeEpochs: [12], layers: [4] },
];

/** File name of a snapshot: `<run>-s<seed>-L<layer>-e<epoch>.usnap`. */
function snapshotFileName(run: string, seed: number, layer: number, epoch: number): string {
  return `${run}-s${seed}-L${layer}-e${epoch}.usnap`;
}

await runScript({ usage: "npx tsx scripts/make-estimator-snapshots.ts [--out fixtures/estimator]", options: { out: { type: "string" } } }, async ({ values }) => {
  const outDir = values.out ?? join(REPO_ROOT, "fixtures", "estimator");
  const backend = await initBackend(process.env.CLAIMS_BACKEND ?? "wasm");
  console.log(`backend ${backend.name}; writing to ${outDir}`);
  for (const plan of PLANS) {
    const base = cbRunConfig(plan.run, "ci");
    const cfg = parseCbConfig({ ...base, epochs: plan.epochs, probeEpochs: plan.probeEpochs });
    const t0 = Date.now();
    const res = trainCheckerboard(cfg, plan.seed);
    const finalAcc = res.valAccuracy[res.valAccuracy.length - 1];
    console.log(`${plan.run} seed ${plan.seed}: ${plan.epochs} epochs in ${((Date.now() - t0) / 1000).toFixed(1)} s, final val accuracy ${finalAcc.toFixed(3)}`);
    for (const probe of res.probes) {
      for (const layer of plan.layers) {
        const z = probe.layers[layer - 1];
        const dim = res.widths[layer - 1];
        const file = join(outDir, snapshotFileName(plan.run, plan.seed, layer, probe.epoch));
        writeSnapshot(file, {
          run: plan.run,
          seed: plan.seed,
          layer,
          epoch: probe.epoch,
          z,
          dim,
          labels: [
            { name: "colour", values: res.probeColour, classes: cfg.n },
            { name: "direction", values: res.probeDirection, classes: cfg.n },
          ],
          meta: {
            net: cfg.net,
            n: cfg.n,
            trainEpochs: plan.epochs,
            decoderTrainRows: cfg.decoderTrainRows,
            decoderTestRows: cfg.decoderTestRows,
            decoderLr: cfg.decoder.optimizer.lr,
            valAccuracy: res.valAccuracy[probe.epoch],
            backend: backend.name,
            generator: "scripts/make-estimator-snapshots.ts",
          },
        });
        console.log(`  wrote ${file} [${z.length / dim} x ${dim}]`);
      }
    }
  }
});

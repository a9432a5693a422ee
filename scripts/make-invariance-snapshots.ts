/**
 * Real activations for the estimator's invariance property (PROTOCOL.md section 3, amended
 * 2026-12-02: "on real activations (paper-scale CB last layers, CIFAR features)"), written under
 * fixtures/estimator/invariance/ in the snapshot format of src/info/checks/snapshot.ts:
 * - the last hidden layer of paper-scale checkerboard networks at their final epoch, the 5000
 *   fresh probe rows (1250 decoder-train, 3750 decoder-test, the CB protocol): CB-2 seed 2 (Small
 *   FC, 3 units), CB-10 seed 1 and CB-20 seed 1 (Medium FC, 20 units); the same networks as the
 *   paper-scale claims' seeds (same config, seed and code);
 * - the pooled features of the ci pipeline's small convnet (src/experiments/cifar-runner.ts
 *   pipelineArm: 400 real CIFAR-10 training images, 4 epochs, seed 1) on 2000 CIFAR-10 test
 *   images, shuffled with a seed and split 1500 decoder-train / 500 decoder-test (the CIFAR
 *   protocol's 3:1), with fine (10 classes) and coarse (parity) labels. Needs real CIFAR-10 images
 *   (the shared subsets beside the checkout, or CIFAR10_DIR); the synthetic fixtures have too
 *   few rows, so without them the CIFAR snapshot is not written (said so), and the committed one
 *   is kept.
 *
 *   npx tsx scripts/make-invariance-snapshots.ts [--out fixtures/estimator/invariance]
 *
 * Deterministic given the code and backend (rerunning rewrites identical files).
 */
import { join } from "node:path";
import { cbRunConfig, parseCbConfig, type CbRunId } from "../src/experiments/cb-config.js";
import { loadArmData, pipelineArm, pipelineDataDir } from "../src/experiments/cifar-runner.js";
import { writeSnapshot } from "../src/info/checks/snapshot.js";
import { initBackend } from "../src/runtime/backend.js";
import { REPO_ROOT } from "../src/runtime/files.js";
import { createRng, deriveSeed, permutation } from "../src/runtime/rng.js";
import { trainCheckerboard } from "../src/training/train-cb.js";
import { trainCifar } from "../src/training/cifar-trainer.js";
import { runScript } from "./lib/cli.js";

const CB_PLANS: { run: CbRunId; seed: number }[] = [
  { run: "CB-2", seed: 2 },
  { run: "CB-10", seed: 1 },
  { run: "CB-20", seed: 1 },
];
/** CIFAR snapshot: probe images from the test split, decoder-train rows among them. */
const CIFAR_ROWS = 2000;
const CIFAR_TRAIN_ROWS = 1500;

await runScript({ usage: "npx tsx scripts/make-invariance-snapshots.ts [--out fixtures/estimator/invariance]", options: { out: { type: "string" } } }, async ({ values }) => {
  const outDir = values.out ?? join(REPO_ROOT, "fixtures", "estimator", "invariance");
  const backend = await initBackend(process.env.CLAIMS_BACKEND ?? "wasm");
  console.log(`backend ${backend.name}; writing to ${outDir}`);
  for (const plan of CB_PLANS) {
    const cfg = cbRunConfig(plan.run, "paper");
    const t0 = Date.now();
    const res = trainCheckerboard(parseCbConfig({ ...cfg, probeEpochs: [cfg.epochs] }), plan.seed);
    const last = res.widths.length;
    const z = res.probes[0].layers[last - 1];
    const file = join(outDir, `${plan.run}-paper-s${plan.seed}-L${last}-e${cfg.epochs}.usnap`);
    writeSnapshot(file, {
      run: plan.run,
      seed: plan.seed,
      layer: last,
      epoch: cfg.epochs,
      z,
      dim: res.widths[last - 1],
      labels: [
        { name: "colour", values: res.probeColour, classes: cfg.n },
        { name: "direction", values: res.probeDirection, classes: cfg.n },
      ],
      meta: {
        scale: "paper",
        net: cfg.net,
        n: cfg.n,
        trainEpochs: cfg.epochs,
        decoderTrainRows: cfg.decoderTrainRows,
        decoderTestRows: cfg.decoderTestRows,
        decoderLr: cfg.decoder.optimizer.lr,
        valAccuracy: res.valAccuracy[res.valAccuracy.length - 1],
        backend: backend.name,
        generator: "scripts/make-invariance-snapshots.ts",
      },
    });
    console.log(`${plan.run} seed ${plan.seed}: trained in ${((Date.now() - t0) / 1000).toFixed(1)} s, val accuracy ${res.valAccuracy.at(-1)!.toFixed(3)}; wrote ${file}`);
  }

  const source = pipelineDataDir("cifar10");
  if (!source.real) {
    console.log(`CIFAR snapshot not written: no real CIFAR-10 images (${source.source}); put the shared subsets beside the checkout or set CIFAR10_DIR`);
    return;
  }
  const base = pipelineArm("invariance-snapshot", "cifar10");
  const arm = { ...base, decoderTrainImages: CIFAR_TRAIN_ROWS, decoderTestImages: CIFAR_ROWS - CIFAR_TRAIN_ROWS, data: { ...base.data, testRows: CIFAR_ROWS } } as typeof base;
  const data = loadArmData(arm);
  const seed = 1;
  const t0 = Date.now();
  const trained = await trainCifar(arm.train, seed, data, {});
  const probe = trained.probes[trained.probes.length - 1];
  const dim = trained.featureDim;
  // A seeded shuffle of the probe rows (the test file is not in random order by class everywhere).
  const order = permutation(CIFAR_ROWS, createRng(deriveSeed(seed, "invariance-snapshot")));
  const z = new Float32Array(CIFAR_ROWS * dim);
  const fine = new Int32Array(CIFAR_ROWS);
  const coarse = new Int32Array(CIFAR_ROWS);
  order.forEach((src, i) => {
    z.set(probe.features.subarray(src * dim, src * dim + dim), i * dim);
    fine[i] = trained.probeFine[src];
    coarse[i] = trained.probeCoarse[src];
  });
  const file = join(outDir, `cifar10-pipeline-s${seed}-features-e${probe.epoch}.usnap`);
  writeSnapshot(file, {
    run: "cifar10-pipeline",
    seed,
    layer: 0,
    epoch: probe.epoch,
    z,
    dim,
    labels: [
      { name: "fine", values: fine, classes: data.probe.numFine },
      { name: "coarse", values: coarse, classes: data.probe.numCoarse },
    ],
    meta: {
      scale: "ci",
      model: arm.train.model,
      trainImages: arm.data.kind === "small" ? arm.data.trainRows : 0,
      trainEpochs: arm.train.epochs,
      decoderTrainRows: CIFAR_TRAIN_ROWS,
      decoderTestRows: CIFAR_ROWS - CIFAR_TRAIN_ROWS,
      valAccuracy: trained.curves.at(-1)?.valAccuracy ?? null,
      data: source.source,
      backend: backend.name,
      generator: "scripts/make-invariance-snapshots.ts",
    },
  });
  console.log(`CIFAR-10 pipeline features [${CIFAR_ROWS} x ${dim}] in ${((Date.now() - t0) / 1000).toFixed(1)} s; wrote ${file}`);
});

/**
 * Why the degenerate estimator-regression entries read far below zero (a study; README, "Known
 * limit, input scale"). Snapshot fixtures/estimator/CB-2-s2-L5-e1.usnap is an unlearned CB-2
 * seed's last layer after one epoch: one live unit of SD ~2.7e-3 around ~0.363 and two constant
 * units. The script prints:
 *   1. the units' statistics;
 *   2. a second implementation: a histogram plug-in decoder on the live unit (quantile bins of the
 *      decoder-train rows, add-1/2 smoothing), a lower bound on what the unit holds;
 *   3. the registered CB and CIFAR families at paper scale on raw and on standardised Z;
 *   4. the mechanism: the float64 reference decoder trained on raw Z, evaluated with its running
 *      batch-norm statistics and again after recomputing them from its final weights on the
 *      decoder-train rows (same weights), with how far the running mean lagged, in signal SDs;
 *   5. how fast the float32 kernel and the float64 reference drift apart there (3 to 100 epochs).
 *
 *   npx tsx scripts/degenerate-entry.ts [--snapshot NAME]     (~2 min on 2 cores)
 *
 * A study of raw decoder inputs (the reading registered until 2026-12-02, under which these
 * entries were degenerate): step 3 reads Z raw and standardised as given (input "raw", no
 * whitening on top); whitened, the entry reads normally (README, the estimator's own checks).
 */
import { join } from "node:path";
import { estimateUsableInfo, plugInEntropyBits, ReferenceDecoder, standardiseUnits, taskEntropyBits, unitStats } from "../src/info/index.js";
import { regressionDecoder, snapshotData } from "../src/info/checks/regression.js";
import { readSnapshot } from "../src/info/checks/snapshot.js";
import type { LabelledData } from "../src/interfaces.js";
import { REPO_ROOT } from "../src/runtime/files.js";
import { runScript } from "./lib/cli.js";

function histogramBits(train: LabelledData, test: LabelledData, col: number, bins: number): number {
  const d = train.dim;
  const sorted = Array.from({ length: train.labels.length }, (_, i) => train.z[i * d + col]).sort((a, b) => a - b);
  const edges = Array.from({ length: bins - 1 }, (_, k) => sorted[Math.floor(((k + 1) * sorted.length) / bins)]);
  const bin = (v: number): number => {
    let b = 0;
    while (b < edges.length && v >= edges[b]) b++;
    return b;
  };
  const counts = Array.from({ length: bins }, () => new Float64Array(train.numClasses));
  for (let i = 0; i < train.labels.length; i++) counts[bin(train.z[i * d + col])][train.labels[i]]++;
  const hY = plugInEntropyBits(test.labels, test.numClasses);
  let ce = 0;
  for (let i = 0; i < test.labels.length; i++) {
    const c = counts[bin(test.z[i * d + col])];
    const tot = c.reduce((a, b) => a + b, 0);
    ce -= Math.log2((c[test.labels[i]] + 0.5) / (tot + 0.5 * train.numClasses));
  }
  return hY - ce / test.labels.length;
}

function meanCeBits(ce: Float64Array): number {
  let s = 0;
  for (const v of ce) s += v;
  return s / ce.length / Math.LN2;
}

await runScript(
  { usage: "npx tsx scripts/degenerate-entry.ts [--snapshot NAME]", options: { snapshot: { type: "string" } } },
  async ({ values }) => {
    const name = values.snapshot ?? "CB-2-s2-L5-e1.usnap";
    const snap = readSnapshot(join(REPO_ROOT, "fixtures", "estimator", name));
    const labels = snap.header.labels.map((l) => l.name);
    const first = snapshotData(snap, labels[0]);
    const dim = first.train.dim;
    const nTrain = first.train.labels.length;
    const all = new Float32Array(first.train.z.length + first.test.z.length);
    all.set(first.train.z);
    all.set(first.test.z, first.train.z.length);
    const st = unitStats(all, dim, nTrain);
    console.log(`1. ${name}: ${dim} units; decoder-train mean / SD per unit: ${Array.from(st.mean, (m, j) => `${m.toExponential(3)} / ${st.sd[j].toExponential(2)}`).join("; ")}`);
    const live = Array.from(st.sd).findIndex((s) => s > 1e-12);
    const std = standardiseUnits(all, dim, nTrain);
    const split = (z: Float32Array, label: string): { train: LabelledData; test: LabelledData } => {
      const d = snapshotData(snap, label);
      return { train: { ...d.train, z: z.subarray(0, nTrain * dim) }, test: { ...d.test, z: z.subarray(nTrain * dim) } };
    };
    for (const label of labels) {
      const { train, test } = snapshotData(snap, label);
      console.log(`2. ${label}: histogram plug-in on unit ${live}: ${[4, 8, 16, 32].map((b) => `${b} bins ${histogramBits(train, test, live, b).toFixed(3)}`).join(", ")} bit`);
    }
    for (const family of ["cb", "cifar"] as const) {
      const cfg = regressionDecoder(family, snap, "paper");
      for (const [zName, z] of [["raw", all], ["standardised", std]] as const) {
        const tasks = labels.flatMap((label) => [1, 2, 3].map((seed) => ({ id: `${label} seed ${seed}`, ...split(z, label), seed, input: "raw" as const })));
        const res = await estimateUsableInfo(tasks, cfg);
        console.log(`3. ${family} family (${cfg.epochs} epochs), ${zName} Z: ${res.map((r) => `${r.id} ${r.bits.toFixed(3)}`).join(", ")}`);
      }
    }
    for (const family of ["cifar", "cb"] as const) {
      const cfg = regressionDecoder(family, snap, "paper");
      for (const label of labels) {
        for (const seed of [1, 2]) {
          const { train, test } = snapshotData(snap, label);
          const dec = ReferenceDecoder.train({ id: label, train, test, seed }, cfg);
          const hY = taskEntropyBits({ id: label, train, test, seed });
          const before = dec.evaluate(test);
          const lags = dec.recalibrateBatchNorm(train);
          const after = dec.evaluate(test);
          console.log(`4. ${family} ${label} seed ${seed} (float64 reference): running statistics ${(hY - meanCeBits(before.ce)).toFixed(3)} bit, accuracy ${(before.correct / test.labels.length).toFixed(3)}; recalibrated ${(hY - meanCeBits(after.ce)).toFixed(3)} bit, accuracy ${(after.correct / test.labels.length).toFixed(3)}; running-mean lag per layer ${lags.map((x) => x.toFixed(1)).join(", ")} SD`);
        }
      }
    }
    for (const epochs of [3, 10, 30, 100]) {
      const cfg = { ...regressionDecoder("cifar", snap, "paper"), epochs };
      const tasks = [1, 2].map((seed) => ({ id: `seed ${seed}`, ...snapshotData(snap, labels[0]), seed, input: "raw" as const }));
      const ref = await estimateUsableInfo(tasks, cfg, { implementation: "reference" });
      const fast = await estimateUsableInfo(tasks, cfg, { implementation: "fast" });
      console.log(`5. cifar family, ${labels[0]}, ${epochs} epochs: |float32 kernel - float64 reference| = ${ref.map((r, i) => Math.abs(r.bits - fast[i].bits).toExponential(1)).join(", ")} bit`);
    }
  },
);

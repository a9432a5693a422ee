import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cbRunConfig, type CbRunConfig } from "../../src/experiments/cb-config.js";
import { ResultCache } from "../../src/experiments/cache.js";
import { runCheckerboard, type CbSeedResult } from "../../src/experiments/cb-runner.js";
import { initBackend, tf } from "../../src/runtime/backend.js";
import { NonFiniteLossError, trainCheckerboard } from "../../src/training/train-cb.js";

/** A tiny CB-2 run: a few hundred rows, two epochs, a one-epoch decoder on 100 probe rows. */
function tiny(patch: Partial<CbRunConfig> = {}): CbRunConfig {
  const base = cbRunConfig("CB-2", "ci");
  return { ...base, samples: 400, epochs: 2, probeEpochs: [0, 2], decoderTrainRows: 40, decoderTestRows: 60, decoder: { ...base.decoder, epochs: 1 }, ...patch };
}

const dir = mkdtempSync(join(tmpdir(), "claims-runner-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(["cpu", "wasm"])("checkerboard trainer on %s", (backend) => {
  it("gives identical numbers for the same seed and different ones for another", async () => {
    await initBackend(backend);
    const a = trainCheckerboard(tiny(), 4);
    const b = trainCheckerboard(tiny(), 4);
    const c = trainCheckerboard(tiny(), 5);
    expect(a.trainLoss).toEqual(b.trainLoss);
    expect(a.probes[1].layers[4]).toEqual(b.probes[1].layers[4]);
    expect(a.trainLoss).not.toEqual(c.trainLoss);
  });

  it("keeps the tensor count flat across runs", async () => {
    await initBackend(backend);
    trainCheckerboard(tiny(), 2);
    const before = tf.memory().numTensors;
    trainCheckerboard(tiny({ pretrainEpochs: 1, probeEpochs: [0, 1, 3] }), 2);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("checkerboard trainer", () => {
  it("pretrains on colour for P epochs, then trains on direction, probing every hidden layer", async () => {
    await initBackend("wasm");
    const r = trainCheckerboard(tiny({ pretrainEpochs: 2, probeEpochs: [0, 2, 4] }), 3);
    expect(r.phase).toEqual(["init", "colour", "colour", "direction", "direction"]);
    expect(r.valAccuracy).toHaveLength(5);
    expect(r.probes.map((p) => p.epoch)).toEqual([0, 2, 4]);
    expect(r.probes[0].layers.map((l) => l.length)).toEqual([10, 7, 5, 4, 3].map((w) => w * 100));
  });

  it("stops with an error naming seed and epoch when the loss is not finite", async () => {
    await initBackend("wasm");
    const run = () => trainCheckerboard(tiny({ lr: 1e30 }), 7);
    expect(run).toThrow(NonFiniteLossError);
    expect(run).toThrow(/seed 7, epoch 1/);
  });

  it("caches each seed and reuses it on a re-run", async () => {
    await initBackend("wasm");
    const cache = new ResultCache<CbSeedResult>("cb-test", dir);
    const lines: string[] = [];
    const first = await runCheckerboard(tiny(), [1, 2], { cache, log: (l) => lines.push(l) });
    expect(lines.filter((l) => l.includes("starting"))).toHaveLength(2);
    expect(first[0].info).toHaveLength(2 * 5 * 2); // probe epochs x layers x labels
    lines.length = 0;
    const again = await runCheckerboard(tiny(), [1, 2, 3], { cache, log: (l) => lines.push(l) });
    expect(lines.filter((l) => l.includes("starting"))).toEqual([expect.stringContaining("seed 3")]);
    expect(again[0]).toEqual(first[0]);
    expect(again[1]).toEqual(first[1]);
  });
});

describe("shuffled-label control", () => {
  it("trains on permuted labels, deterministically, and differently from the true labels", async () => {
    await initBackend("wasm");
    const a = trainCheckerboard(tiny({ trainLabels: "shuffled" }), 3);
    const b = trainCheckerboard(tiny({ trainLabels: "shuffled" }), 3);
    const t = trainCheckerboard(tiny(), 3);
    expect(a.trainLoss).toEqual(b.trainLoss);
    expect(a.trainLoss).not.toEqual(t.trainLoss);
  });
});

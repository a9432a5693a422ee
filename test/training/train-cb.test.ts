import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cbRunConfig, parseCbConfig, type CbRunConfig, type ParsedCbConfig } from "../../src/experiments/cb-config.js";
import { ResultCache } from "../../src/experiments/cache.js";
import { runCheckerboard, type CbSeedResult } from "../../src/experiments/cb-runner.js";
import { initBackend, tf } from "../../src/runtime/backend.js";
import { NonFiniteLossError, trainCheckerboard, trainCheckerboardTfjs } from "../../src/training/train-cb.js";
import { trainCheckerboardWasm } from "../../src/training/train-cb-wasm.js";

/** A tiny CB-2 run: a few hundred rows, two epochs, a one-epoch decoder on 100 probe rows. */
function tiny(patch: Partial<CbRunConfig> = {}): ParsedCbConfig {
  const base = cbRunConfig("CB-2", "ci");
  return parseCbConfig({ ...base, samples: 400, epochs: 2, probeEpochs: [0, 2], decoderTrainRows: 40, decoderTestRows: 60, decoder: { ...base.decoder, epochs: 1 }, ...patch });
}

const dir = mkdtempSync(join(tmpdir(), "claims-runner-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(["cpu", "wasm"])("checkerboard trainer (tfjs engine) on %s", (backend) => {
  it("gives identical numbers for the same seed and different ones for another", async () => {
    await initBackend(backend);
    const a = trainCheckerboard(tiny({ trainer: "tfjs" }), 4);
    const b = trainCheckerboard(tiny({ trainer: "tfjs" }), 4);
    const c = trainCheckerboard(tiny({ trainer: "tfjs" }), 5);
    expect(a.trainLoss).toEqual(b.trainLoss);
    expect(a.probes[1].layers[4]).toEqual(b.probes[1].layers[4]);
    expect(a.trainLoss).not.toEqual(c.trainLoss);
  });

  it("keeps the tensor count flat across runs", async () => {
    await initBackend(backend);
    trainCheckerboard(tiny({ trainer: "tfjs" }), 2);
    const before = tf.memory().numTensors;
    trainCheckerboard(tiny({ trainer: "tfjs", pretrainEpochs: 1, probeEpochs: [0, 1, 3] }), 2);
    expect(tf.memory().numTensors).toBe(before);
  });
});

/** Largest absolute difference between two lists of equally long arrays. */
function maxAbsDiff(a: ArrayLike<number>[], b: ArrayLike<number>[]): number {
  let m = 0;
  a.forEach((x, i) => {
    for (let j = 0; j < x.length; j++) m = Math.max(m, Math.abs(x[j] - b[i][j]));
  });
  return m;
}

describe("the WebAssembly engine against the tfjs engine (same parameters, same permutations)", () => {
  // Float32 both; only the summation order differs. Measured 2026-12-01 (2 epochs of the paper
  // configs, seed 1): probes within 2.4e-7, epoch losses equal to 6 decimals, accuracies equal.
  for (const run of ["CB-2", "CB-10", "CB-20"] as const) {
    it(`${run}: losses, accuracies and every probe agree to float32 rounding (pretraining and the shuffled control included)`, async () => {
      await initBackend("wasm");
      const base = cbRunConfig(run, "paper");
      const cfg = { ...base, samples: run === "CB-2" ? 2000 : 3000, epochs: 2, pretrainEpochs: 1, probeEpochs: [0, 1, 3], decoderTrainRows: 100, decoderTestRows: 100 };
      for (const trainLabels of ["true", "shuffled"] as const) {
        const t = trainCheckerboardTfjs(parseCbConfig({ ...cfg, trainLabels }), 2);
        const w = trainCheckerboardWasm(parseCbConfig({ ...cfg, trainLabels }), 2);
        expect(w.phase).toEqual(t.phase);
        expect(w.widths).toEqual(t.widths);
        expect(maxAbsDiff([w.trainLoss.slice(1) as number[]], [t.trainLoss.slice(1) as number[]])).toBeLessThan(1e-5);
        expect(w.valAccuracy).toEqual(t.valAccuracy);
        expect(w.probes.map((p) => p.epoch)).toEqual(t.probes.map((p) => p.epoch));
        expect(maxAbsDiff(w.probes.flatMap((p) => p.layers), t.probes.flatMap((p) => p.layers))).toBeLessThan(1e-5);
      }
    });
  }

  it("keeps its kernel memory flat across seeds (reset per seed)", async () => {
    const { cbnetMemoryBytes } = await import("../../src/training/train-cb-wasm.js");
    trainCheckerboardWasm(tiny(), 1);
    const first = cbnetMemoryBytes();
    for (const seed of [2, 3, 4]) trainCheckerboardWasm(tiny(), seed);
    expect(first).toBeGreaterThan(0);
    expect(cbnetMemoryBytes()).toBe(first);
  });

  it("is deterministic and stops on a non-finite loss like the tfjs engine", () => {
    const a = trainCheckerboardWasm(tiny(), 4);
    expect(trainCheckerboardWasm(tiny(), 4)).toEqual(a);
    expect(trainCheckerboardWasm(tiny(), 5).trainLoss).not.toEqual(a.trainLoss);
    expect(() => trainCheckerboardWasm(tiny({ lr: 1e30 }), 7)).toThrow(/seed 7, epoch 1/);
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
    // probe epochs x layers x labels, plus for each of the 11 rule points (hasReplicate: every
    // layer and label at the final epoch, last-layer colour at the other probe epoch) a second
    // decoder and the raw and standardised readings.
    expect(first[0].info).toHaveLength(2 * 5 * 2 + 11 * 3);
    expect(first[0].reading).toBe("whitened");
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

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadCifar, type CifarName } from "../../src/data/cifar.js";
import { initBackend, tf } from "../../src/runtime/backend.js";
import { cifarTrainConfig, parseCifarConfig, type CifarTrainConfig } from "../../src/training/cifar-config.js";
import { readCheckpoint } from "../../src/training/cifar-checkpoint.js";
import type { CifarTrainData } from "../../src/training/cifar-data.js";
import { explainBackendMemoryError, NonFiniteLossError, trainCifar, type CifarProgress, type CifarTrainResult } from "../../src/training/cifar-trainer.js";

const FIXTURES = join(import.meta.dirname, "..", "..", "fixtures", "cifar");
const dir = mkdtempSync(join(tmpdir(), "claims-cifar-trainer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Fixture data: 40 training rows, the 20 test rows as validation and probe set. */
function fixtureData(dataset: CifarName): CifarTrainData {
  const folder = join(FIXTURES, dataset === "cifar10" ? "cifar-10-batches-bin" : "cifar-100-binary");
  const train = loadCifar({ dataset, split: "train", dir: folder, batches: [1] });
  const test = loadCifar({ dataset, split: "test", dir: folder });
  return { train, val: test, probe: test };
}

/** A tiny small-convnet run: 3 epochs of 4 steps (batch 10) on 40 fixture rows, cpu-sized widths. */
function tiny(patch: Partial<CifarTrainConfig> = {}, dataset: CifarName = "cifar10"): CifarTrainConfig {
  return cifarTrainConfig("small-convnet", dataset, {
    epochs: 3,
    batchSize: 10,
    evalBatchSize: 20,
    lr0: 0.05,
    probeEpochs: [0, 1, 3],
    smallConvnetWidths: [4, 8, 8],
    ...patch,
  });
}

class Killed extends Error {}

function expectSameCheckpoints(a: string, b: string): void {
  const ca = readCheckpoint(a)!;
  const cb = readCheckpoint(b)!;
  expect(cb.meta).toEqual(ca.meta);
  expect([...cb.blobs.keys()].sort()).toEqual([...ca.blobs.keys()].sort());
  for (const [name, blob] of ca.blobs) {
    const other = cb.blobs.get(name)!;
    expect(other.shape, name).toEqual(blob.shape);
    expect(Buffer.from(other.values.buffer).equals(Buffer.from(blob.values.buffer)), `${name} differs`).toBe(true);
  }
}

function expectSameResults(a: CifarTrainResult, b: CifarTrainResult): void {
  expect(b.curves).toEqual(a.curves);
  expect(b.probes.map((p) => p.epoch)).toEqual(a.probes.map((p) => p.epoch));
  for (let i = 0; i < a.probes.length; i++) expect(Array.from(b.probes[i].features)).toEqual(Array.from(a.probes[i].features));
}

describe("CIFAR trainer on the cpu backend (deterministic)", () => {
  const data = fixtureData("cifar10");
  let straight: CifarTrainResult;
  const straightPath = join(dir, "straight.ckpt");

  it("trains, records curves, probes and a checkpoint, and leaks no tensors", async () => {
    await initBackend("cpu");
    const before = tf.memory().numTensors;
    const progress: CifarProgress[] = [];
    straight = await trainCifar(tiny(), 5, data, { checkpointPath: straightPath, onProgress: (p) => progress.push(p) });
    expect(tf.memory().numTensors).toBe(before);
    expect(straight.curves.map((c) => [c.epoch, c.label, c.lr])).toEqual([
      [0, "coarse", null],
      [1, "coarse", 0.05],
      [2, "coarse", 0.05 * 0.97],
      [3, "coarse", 0.05 * 0.97 * 0.97],
    ]);
    for (const c of straight.curves.slice(1)) {
      expect(Number.isFinite(c.trainLoss)).toBe(true);
      expect(c.valAccuracy).toBeGreaterThanOrEqual(0);
      expect(c.valAccuracy).toBeLessThanOrEqual(1);
    }
    expect(straight.probes.map((p) => [p.epoch, p.features.length])).toEqual([[0, 160], [1, 160], [3, 160]]);
    expect(straight.featureDim).toBe(8);
    expect(Array.from(straight.probeCoarse)).toEqual(Array.from(data.probe.coarse));
    expect(straight.resumedFrom).toBeNull();
    expect(progress).toHaveLength(12);
    expect(progress[5]).toMatchObject({ epoch: 2, totalEpochs: 3, step: 2, stepsPerEpoch: 4, label: "coarse" });
    expect(progress.every((p) => p.etaSeconds >= 0 && Number.isFinite(p.loss))).toBe(true);
    expect(progress[11].etaSeconds).toBe(0);
    const ckpt = readCheckpoint(straightPath)!;
    expect((ckpt.meta as { epochsDone: number }).epochsDone).toBe(3);
    expect(ckpt.blobs.get("param/conv1.w")!.shape).toEqual([3, 3, 3, 4]);
    expect(ckpt.blobs.get("state/bn1.running_var")!.shape).toEqual([4]);
    expect(ckpt.blobs.get("momentum/head.coarse.w")!.shape).toEqual([8, 2]);
  });

  it("1 epoch + kill + resume gives the same weights, optimizer state and curves as 3 straight epochs", async () => {
    await initBackend("cpu");
    const path = join(dir, "killed.ckpt");
    const kill = trainCifar(tiny(), 5, data, {
      checkpointPath: path,
      onEpoch: (r) => {
        if (r.epoch === 1) throw new Killed("killed after epoch 1");
      },
    });
    await expect(kill).rejects.toThrow(Killed);
    expect((readCheckpoint(path)!.meta as { epochsDone: number }).epochsDone).toBe(1);
    const resumed = await trainCifar(tiny(), 5, data, { checkpointPath: path });
    expect(resumed.resumedFrom).toBe(1);
    expect(resumed.epochSeconds.map((e) => e.epoch)).toEqual([2, 3]);
    expectSameResults(straight, resumed);
    expectSameCheckpoints(straightPath, path);
  });

  it("a kill in the middle of an epoch resumes from the last complete epoch; a finished run resumes to its result", async () => {
    await initBackend("cpu");
    const path = join(dir, "mid.ckpt");
    const killAt = (epoch: number, step: number) => (p: CifarProgress) => {
      if (p.epoch === epoch && p.step === step) throw new Killed(`killed at epoch ${epoch} step ${step}`);
    };
    await expect(trainCifar(tiny(), 5, data, { checkpointPath: path, onProgress: killAt(2, 2) })).rejects.toThrow(Killed);
    await expect(trainCifar(tiny(), 5, data, { checkpointPath: path, onProgress: killAt(3, 3) })).rejects.toThrow(Killed);
    expect((readCheckpoint(path)!.meta as { epochsDone: number }).epochsDone).toBe(2);
    const resumed = await trainCifar(tiny(), 5, data, { checkpointPath: path });
    expect(resumed.resumedFrom).toBe(2);
    expectSameResults(straight, resumed);
    expectSameCheckpoints(straightPath, path);
    const again = await trainCifar(tiny(), 5, data, { checkpointPath: path });
    expect(again.resumedFrom).toBe(3);
    expect(again.epochSeconds).toEqual([]);
    expectSameResults(straight, again);
  });

  it("same seed gives identical numbers, another seed different ones", async () => {
    await initBackend("cpu");
    const same = await trainCifar(tiny({ epochs: 1, probeEpochs: [1] }), 5, data);
    expect(same.curves).toEqual(straight.curves.slice(0, 2));
    expect(Array.from(same.probes[0].features)).toEqual(Array.from(straight.probes[1].features));
    const other = await trainCifar(tiny({ epochs: 1, probeEpochs: [1] }), 6, data);
    expect(Array.from(other.probes[0].features)).not.toEqual(Array.from(straight.probes[1].features));
  });

  it("refuses a checkpoint of another config, seed or data, and a corrupt one, with the reason", async () => {
    await initBackend("cpu");
    await expect(trainCifar(tiny({ lr0: 0.01 }), 5, data, { checkpointPath: straightPath })).rejects.toThrow(/another config \(lr0: checkpoint 0.05, this run 0.01\)/);
    await expect(trainCifar(tiny(), 9, data, { checkpointPath: straightPath })).rejects.toThrow(/written for seed 5, this run is seed 9/);
    const fewer = { ...data, val: { ...data.val, rows: 10, images: data.val.images.slice(0, 10 * 3072), fine: data.val.fine.slice(0, 10), coarse: data.val.coarse.slice(0, 10) } };
    await expect(trainCifar(tiny(), 5, fewer, { checkpointPath: straightPath })).rejects.toThrow(/written for other data/);
    const broken = join(dir, "broken.ckpt");
    const bytes = readFileSync(straightPath);
    writeFileSync(broken, bytes.subarray(0, bytes.length - 100));
    await expect(trainCifar(tiny(), 5, data, { checkpointPath: broken })).rejects.toThrow(/broken\.ckpt is unreadable: payload truncated/);
  });

  it("stops with an error naming seed and epoch when the loss is not finite", async () => {
    await initBackend("cpu");
    const run = trainCifar(tiny({ lr0: 1e38, epochs: 2, probeEpochs: [] }), 7, data);
    await expect(run).rejects.toThrow(NonFiniteLossError);
    await expect(trainCifar(tiny({ lr0: 1e38, epochs: 2, probeEpochs: [] }), 7, data)).rejects.toThrow(/seed 7, epoch [12]/);
  });
});

describe("CIFAR trainer on the wasm backend (convolution filter gradient in JavaScript)", () => {
  it("trains convnets, is deterministic, and resumes to identical results", async () => {
    await initBackend("wasm");
    const data = fixtureData("cifar10");
    const cfg = tiny({ epochs: 2, probeEpochs: [2] });
    const before = tf.memory().numTensors;
    const a = await trainCifar(cfg, 11, data);
    expect(tf.memory().numTensors).toBe(before);
    const path = join(dir, "wasm.ckpt");
    const kill = (r: { epoch: number }) => {
      if (r.epoch === 1) throw new Killed("killed");
    };
    await expect(trainCifar(cfg, 11, data, { checkpointPath: path, onEpoch: kill })).rejects.toThrow(Killed);
    const b = await trainCifar(cfg, 11, data, { checkpointPath: path });
    expect(b.resumedFrom).toBe(1);
    expectSameResults(a, b);
    expect(a.curves[2].trainLoss).not.toBe(a.curves[1].trainLoss);
  });
});

describe("CIFAR trainer: label switch and inputs", () => {
  it("pretrains on the 100 fine labels with the fine head, then trains the coarse head on the 20 superclasses", async () => {
    await initBackend("cpu");
    const data = fixtureData("cifar100");
    const path = join(dir, "switch.ckpt");
    const r = await trainCifar(tiny({ epochs: 1, pretrainFineEpochs: 1, probeEpochs: [0, 2] }, "cifar100"), 3, data, { checkpointPath: path });
    expect(r.curves.map((c) => [c.epoch, c.label])).toEqual([[0, "fine"], [1, "fine"], [2, "coarse"]]);
    expect(Array.from(r.probeFine)).toEqual(Array.from(data.probe.fine));
    const ckpt = readCheckpoint(path)!;
    expect(ckpt.blobs.get("param/head.fine.w")!.shape).toEqual([8, 100]);
    expect(ckpt.blobs.get("param/head.coarse.w")!.shape).toEqual([8, 20]);
    // Each head's momentum exists once it has been trained.
    expect(ckpt.blobs.has("momentum/head.fine.w")).toBe(true);
    expect(ckpt.blobs.has("momentum/head.coarse.w")).toBe(true);
  });

  it("checks the data against the config", async () => {
    await initBackend("cpu");
    const c10 = fixtureData("cifar10");
    const c100 = fixtureData("cifar100");
    await expect(trainCifar(tiny(), 1, { ...c10, val: c100.val })).rejects.toThrow(/val is cifar100, but the config says dataset cifar10/);
    await expect(trainCifar(tiny(), 0, c10)).rejects.toThrow(/seed must be an integer in \[1, 2\^32-1\], got 0/);
    // A config is checked once, when parsed; the trainer refuses one that was not.
    expect(() => parseCifarConfig({ ...tiny(), batchSize: 0 })).toThrow(/batchSize must be an integer >= 1, got 0/);
    await expect(trainCifar({ ...tiny(), batchSize: 2 }, 1, c10)).rejects.toThrow(/trainCifar: the CIFAR config was not parsed/);
  });
});

describe("explainBackendMemoryError", () => {
  it("names the wasm 4 GiB heap, the batch and the ways out for a WebAssembly out-of-bounds trap", () => {
    const trap = new Error("memory access out of bounds");
    const e = explainBackendMemoryError(trap, "wasm", 128) as Error;
    expect(e).not.toBe(trap);
    expect(e.message).toMatch(/batch 128/);
    expect(e.message).toMatch(/4 GiB/);
    expect(e.message).toMatch(/GPU backend/);
    expect(e.cause).toBe(trap);
  });
  it("leaves other errors and other backends alone", () => {
    const other = new Error("shape mismatch");
    expect(explainBackendMemoryError(other, "wasm", 8)).toBe(other);
    const trap = new Error("memory access out of bounds");
    expect(explainBackendMemoryError(trap, "cpu", 8)).toBe(trap);
  });
});

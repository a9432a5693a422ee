/**
 * Usable-information estimator on the wasm backend: known values (labels copied into Z, independent
 * Z and Y; default implementation, "fast" on wasm), bank == reference, determinism, input
 * validation (every implementation), NaN guard, tensor leaks. The fast decoders have their own
 * file, decoder-fast.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DecoderConfig, DecoderTask, LabelledData } from "../../src/interfaces.js";
import { cbDecoder, closeFastWorkers, estimateUsableInfo, linearDecoder, runReferenceDecoder, trainDecoderBank } from "../../src/info/index.js";
import { initBackend, tf } from "../../src/runtime/backend.js";
import { cb3, cifar3, gaussData, gaussTasks, oneHotData, FLOAT32_AGREEMENT_BITS } from "./decoder-fixtures.js";

beforeAll(async () => {
  await initBackend("wasm");
});
afterAll(closeFastWorkers);

describe("known values", () => {
  it("labels copied into Z (one-hot) give H(Y) within 0.05 bit", async () => {
    const tasks = [1, 2].map((s) => ({ id: `oh${s}`, seed: s, train: oneHotData(10 + s, 400, 4), test: oneHotData(20 + s, 1000, 4) }));
    const res = await estimateUsableInfo(tasks, { ...cbDecoder(0.5), epochs: 5 });
    for (const r of res) {
      expect(Math.abs(r.bits - r.hYBits)).toBeLessThan(0.05);
      expect(r.hYBits).toBeGreaterThan(1.99);
      expect(r.testAccuracy).toBe(1);
      expect(r.decoderFailure).toBe(false);
    }
  });

  it("independent Z and Y give |I_u| <= 0.02 bit", async () => {
    // Y uniform on 2 classes (H = 1 bit given), Z ~ N(0, I_5) independent of Y. A decoder can only
    // lose against the label marginal, by fitting noise (~params/N) plus the sampling error of the
    // mean test CE (SE ~0.001 bit at 2000 test rows); 0.02 bit is > 10 SE and is the PROTOCOL.md
    // "null" bound, here at N = 1000/2000 with 5 epochs (observed |I_u| < 0.003).
    const tasks = [1, 2, 3].map((s) => ({ id: `i${s}`, seed: s, train: gaussData(30 + s, 1000, 5, 2, 0), test: gaussData(40 + s, 2000, 5, 2, 0), hYBits: 1 }));
    const res = await estimateUsableInfo(tasks, { ...cbDecoder(0.05), epochs: 5 });
    for (const r of res) {
      expect(Math.abs(r.bits)).toBeLessThanOrEqual(0.02);
      expect(r.testCeSeNats).toBeGreaterThan(0);
      expect(r.testCeSeBits).toBeCloseTo(r.testCeSeNats / Math.LN2, 15);
    }
  });

  it("hYBits defaults to the plug-in entropy of train and test labels", async () => {
    const t: DecoderTask = { id: "h", seed: 3, train: gaussData(1, 50, 3, 2, 1), test: gaussData(2, 60, 3, 2, 1) };
    const [r] = await estimateUsableInfo([t], linearDecoder({ epochs: 1 }));
    const all = [...t.train.labels, ...t.test.labels];
    const p = all.filter((y) => y === 1).length / all.length;
    expect(r.hYBits).toBeCloseTo(-(p * Math.log2(p) + (1 - p) * Math.log2(1 - p)), 12);
    expect(r.bits).toBeCloseTo(r.hYBits - r.testCeNats / Math.LN2, 12);
  });
});

describe("bank and reference", () => {
  const tasks = gaussTasks(4, { nTrain: 150, nTest: 200, dim: 6, k: 3 });

  for (const [name, cfg] of [["cb (SGD)", cb3], ["cifar (Adam, weight decay)", cifar3], ["linear", linearDecoder({ epochs: 3 })]] as const) {
    it(`agree within FLOAT32_AGREEMENT_BITS after 3 epochs: ${name}`, async () => {
      const bank = await estimateUsableInfo(tasks, cfg, { implementation: "bank" });
      const ref = await estimateUsableInfo(tasks, cfg, { implementation: "reference" });
      bank.forEach((b, i) => {
        expect(b.id).toBe(ref[i].id);
        expect(Math.abs(b.bits - ref[i].bits)).toBeLessThan(FLOAT32_AGREEMENT_BITS);
        expect(Math.abs(b.testAccuracy - ref[i].testAccuracy)).toBeLessThanOrEqual(2 / 200);
      });
    });
  }

  it("a decoder's result does not depend on which decoders share its bank, nor on the bmm mode", async () => {
    const bank = { implementation: "bank" } as const;
    const all = await estimateUsableInfo(tasks, cb3, bank);
    const alone = await estimateUsableInfo([tasks[2]], cb3, bank);
    const pair = await estimateUsableInfo([tasks[2], tasks[0]], cb3, { ...bank, maxBank: 2 });
    const split = await estimateUsableInfo(tasks, cb3, { ...bank, bmmMode: "split" });
    expect(alone[0].bits).toBe(all[2].bits);
    expect(pair[0].bits).toBe(all[2].bits);
    expect(pair[1].bits).toBe(all[0].bits);
    split.forEach((s, i) => expect(Math.abs(s.bits - all[i].bits)).toBeLessThan(1e-5));
  });

  it("groups mixed shapes into banks and returns results in input order", async () => {
    const mixed = [tasks[0], ...gaussTasks(1, { dim: 4, k: 2, nTrain: 100, nTest: 100, seed0: 9 }), tasks[1]];
    const res = await estimateUsableInfo(mixed, cb3, { implementation: "bank", maxBank: 1 });
    expect(res.map((r) => r.id)).toEqual(["t1", "t9", "t2"]);
    const ref = await estimateUsableInfo(mixed, cb3, { implementation: "reference" });
    res.forEach((r, i) => expect(Math.abs(r.bits - ref[i].bits)).toBeLessThan(FLOAT32_AGREEMENT_BITS));
  });
});

describe("determinism", () => {
  const tasks = gaussTasks(2, { nTrain: 120, nTest: 100 });
  it("same seed gives identical numbers; a different seed different ones", async () => {
    const bank = { implementation: "bank" } as const;
    const a = await estimateUsableInfo(tasks, cb3, bank);
    const b = await estimateUsableInfo(tasks, cb3, bank);
    expect(b).toEqual(a);
    const c = await estimateUsableInfo(tasks.map((t) => ({ ...t, seed: t.seed + 100 })), cb3, bank);
    c.forEach((r, i) => expect(r.bits).not.toBe(a[i].bits));
    const ra = await estimateUsableInfo(tasks, cb3, { implementation: "reference" });
    const rb = await estimateUsableInfo(tasks, cb3, { implementation: "reference" });
    expect(rb).toEqual(ra);
  });
});

describe("input validation", () => {
  const base = gaussTasks(1, { nTrain: 40, nTest: 20 })[0];
  const withTrain = (train: Partial<LabelledData>): DecoderTask => ({ ...base, train: { ...base.train, ...train } });
  const cases: [string, DecoderTask, RegExp][] = [
    ["z/labels length mismatch", withTrain({ labels: base.train.labels.slice(0, 30) }), /task "t1" train: z has 240 values, expected rows \* dim = 30/],
    ["label out of range", withTrain({ labels: Int32Array.from(base.train.labels, (y, i) => (i === 7 ? 3 : y)) }), /task "t1" train: label 3 at row 7/],
    ["a fractional label", withTrain({ labels: Float64Array.from(base.train.labels, (y, i) => (i === 4 ? 0.5 : y)) as unknown as Int32Array }), /task "t1" train: label 0.5 at row 4 is not an integer \(labels are class indices in \{0..2\}\)/],
    ["a NaN label", { ...base, test: { ...base.test, labels: Float64Array.from(base.test.labels, (y, i) => (i === 2 ? NaN : y)) as unknown as Int32Array } }, /task "t1" test: label NaN at row 2 is not an integer/],
    ["one extreme value in z", withTrain({ z: Float32Array.from(base.train.z, (v, i) => (i === 19 ? 1e30 : v)) }), /task "t1" train: z is 1\.0\d*e\+30 at row 3, column 1: extreme \(\|z\| > MAX_ABS_Z = 1000000/],
    ["NaN in z", withTrain({ z: Float32Array.from(base.train.z, (v, i) => (i === 13 ? NaN : v)) }), /task "t1" train: z is NaN at row 2, column 1/],
    ["Inf in test z", { ...base, test: { ...base.test, z: Float32Array.from(base.test.z, (v, i) => (i === 0 ? Infinity : v)) } }, /task "t1" test: z is Infinity at row 0/],
    ["empty train", withTrain({ z: new Float32Array(0), labels: new Int32Array(0) }), /task "t1" train: no rows/],
    ["empty test", { ...base, test: { ...base.test, z: new Float32Array(0), labels: new Int32Array(0) } }, /task "t1" test: no rows/],
    ["dim mismatch", { ...base, test: { ...base.test, dim: 3 } }, /task "t1" (test: z has|train dim)/],
    ["bad seed", { ...base, seed: 0 }, /task "t1": seed/],
  ];
  for (const [name, task, re] of cases) {
    it(`rejects ${name}`, async () => {
      for (const implementation of ["auto", "fast", "bank", "reference"] as const) {
        await expect(estimateUsableInfo([task], cb3, { implementation })).rejects.toThrow(re);
      }
    });
  }
  it("rejects an invalid config, duplicate ids and a bad maxBank", async () => {
    await expect(estimateUsableInfo([base], { ...cb3, epochs: 0 })).rejects.toThrow(/epochs = 0/);
    await expect(estimateUsableInfo([base, base], cb3)).rejects.toThrow(/duplicate task id "t1"/);
    await expect(estimateUsableInfo([base], cb3, { maxBank: 0 })).rejects.toThrow(/maxBank/);
    await expect(estimateUsableInfo([base], cb3, { workers: 0 })).rejects.toThrow(/workers must be a positive integer/);
    await expect(estimateUsableInfo([base], cb3, { implementation: "gpu" as never })).rejects.toThrow(/implementation must be one of/);
  });
});

describe("NaN guard and tensor hygiene", () => {
  const tasks = gaussTasks(2, { nTrain: 64, nTest: 32 });
  // lr 1e30: the weights overflow (float32 in the bank at epoch 0, float64 in the reference by ~3).
  const absurd: DecoderConfig = { ...cbDecoder(1e30), epochs: 5 };

  it("non-finite steps change nothing and are counted; a diverged evaluation names the task and the count", async () => {
    // lr 1e30: the first step sends the weights to +-inf (float32) or ~1e30 (float64); every later
    // step is non-finite, so training stops changing the decoder, and its test cross-entropy is NaN.
    const before = tf.memory().numTensors;
    const diverged = /decoder evaluation diverged: task "t1": mean test cross-entropy is NaN \(\d+ of 10 training steps were not finite/;
    await expect(estimateUsableInfo(tasks, absurd, { implementation: "bank" })).rejects.toThrow(diverged);
    expect(tf.memory().numTensors).toBe(before);
    for (const workers of [1, 2]) {
      await expect(estimateUsableInfo(tasks, absurd, { implementation: "fast", workers })).rejects.toThrow(diverged);
    }
    await expect(estimateUsableInfo(tasks, absurd, { implementation: "reference" })).rejects.toThrow(diverged);
    // Directly: the reference counts the steps and reports the last finite epoch loss as null.
    const ev = runReferenceDecoder(tasks[0], absurd);
    expect(ev.diagnostics.steps).toBe(10);
    expect(ev.diagnostics.nonFiniteSteps).toBeGreaterThanOrEqual(2);
    expect(ev.diagnostics.finalTrainLossNats).toBeNull();
  });

  it("leaves the tensor count flat (SGD and Adam banks, progress reported)", async () => {
    const bank = { implementation: "bank" } as const;
    await estimateUsableInfo(tasks, cb3, bank); // warm-up
    const before = tf.memory().numTensors;
    const events: number[] = [];
    await estimateUsableInfo(tasks, cb3, { ...bank, onProgress: (e) => events.push(e.done) });
    await estimateUsableInfo(tasks, cifar3, bank);
    const ev = trainDecoderBank(tasks, cb3);
    expect(ev).toHaveLength(2);
    expect(tf.memory().numTensors).toBe(before);
    expect(events.at(-1)).toBe(2 * cb3.epochs);
  });
});

/**
 * Fast CPU decoders (decoder-fast.ts): agreement with the float64 reference for every family,
 * determinism (seed, worker count), independence from the other decoders of a call, mixed shapes,
 * "auto" selection on wasm, progress, NaN guard, the worker pool after an error.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DecoderConfig, DecoderTask } from "../../src/interfaces.js";
import {
  cbDecoder,
  cifarDecoder,
  closeFastWorkers,
  estimateUsableInfo,
  linearDecoder,
  runReferenceDecoder,
  trainFastDecoder,
  trainFastDecoders,
} from "../../src/info/index.js";
import { initBackend } from "../../src/runtime/backend.js";
import { cb3, cifar3, gaussTasks as sharedGaussTasks, type GaussTaskOptions, FLOAT32_AGREEMENT_BITS } from "./decoder-fixtures.js";

/** The shared gaussTasks with signal 1, 150/200 rows by default, and the `zeros` draw always on (0 unless given). */
function gaussTasks(count: number, opts: Omit<GaussTaskOptions, "signal"> = {}): DecoderTask[] {
  return sharedGaussTasks(count, { nTrain: 150, nTest: 200, zeros: 0, ...opts });
}

beforeAll(async () => {
  await initBackend("wasm");
});
afterAll(closeFastWorkers);

describe("fast and reference", () => {
  const tasks = gaussTasks(4);
  // Odd train size (last batch of 1 dropped with batch-norm), sparse inputs, no dropout.
  const sparse = gaussTasks(2, { nTrain: 97, nTest: 50, dim: 9, k: 4, zeros: 0.5, seed0: 20 });
  const cases: [string, DecoderConfig, DecoderTask[]][] = [
    ["cb (SGD)", cb3, tasks],
    ["cifar (Adam, weight decay)", cifar3, tasks],
    ["linear", linearDecoder({ epochs: 3 }), tasks],
    ["cb, sparse inputs, odd batch", cb3, sparse],
    ["no dropout, SGD, 20 epochs", { ...cbDecoder(0.5), dropout: 0, hidden: [16, 8], epochs: 20 }, sparse],
    ["no batch-norm, Adam", { ...cifarDecoder(), batchNorm: false, batchSize: 16, epochs: 3 }, sparse],
  ];
  for (const [name, cfg, ts] of cases) {
    it(`agree within FLOAT32_AGREEMENT_BITS: ${name}`, async () => {
      const fast = await estimateUsableInfo(ts, cfg, { implementation: "fast" });
      const ref = await estimateUsableInfo(ts, cfg, { implementation: "reference" });
      fast.forEach((f, i) => {
        expect(f.id).toBe(ref[i].id);
        expect(Math.abs(f.bits - ref[i].bits)).toBeLessThan(FLOAT32_AGREEMENT_BITS);
        expect(Math.abs(f.testAccuracy - ref[i].testAccuracy)).toBeLessThanOrEqual(2 / ts[i].test.labels.length);
      });
    });
  }

  it("per-row test cross-entropies match the reference to float32 rounding", () => {
    const t = tasks[1];
    const f = trainFastDecoder(t, cb3);
    const r = runReferenceDecoder(t, cb3);
    let maxDiff = 0;
    for (let i = 0; i < f.ce.length; i++) maxDiff = Math.max(maxDiff, Math.abs(f.ce[i] - r.ce[i]));
    expect(maxDiff).toBeLessThan(1e-5);
    expect(f.correct).toBe(r.correct);
  });
});

describe("determinism and independence", () => {
  const tasks = gaussTasks(5, { nTrain: 120, nTest: 100 });

  it("same seed identical; 1 vs 2 workers identical; a different seed different", async () => {
    const a = await estimateUsableInfo(tasks, cb3, { implementation: "fast", workers: 2 });
    const b = await estimateUsableInfo(tasks, cb3, { implementation: "fast", workers: 2 });
    const one = await estimateUsableInfo(tasks, cb3, { implementation: "fast", workers: 1 });
    expect(b).toEqual(a);
    expect(one).toEqual(a);
    const c = await estimateUsableInfo(tasks.map((t) => ({ ...t, seed: t.seed + 100 })), cb3, { implementation: "fast" });
    c.forEach((r, i) => expect(r.bits).not.toBe(a[i].bits));
  });

  it("a decoder's result does not depend on the other decoders of the call; mixed shapes in input order", async () => {
    const all = await estimateUsableInfo(tasks, cb3, { implementation: "fast" });
    const alone = await estimateUsableInfo([tasks[3]], cb3, { implementation: "fast" });
    expect(alone[0]).toEqual(all[3]);
    const other = gaussTasks(1, { dim: 4, k: 2, nTrain: 100, nTest: 100, seed0: 9 })[0];
    const mixed = await estimateUsableInfo([tasks[3], other, tasks[0]], cb3, { implementation: "fast", workers: 2 });
    expect(mixed.map((r) => r.id)).toEqual(["t4", "t9", "t1"]);
    expect(mixed[0]).toEqual(all[3]);
    expect(mixed[2]).toEqual(all[0]);
    const [otherAlone] = await trainFastDecoders([other], cb3);
    expect(Array.from(otherAlone.ce)).toEqual(Array.from((await trainFastDecoders([tasks[1], other], cb3, { workers: 2 }))[1].ce));
  });

  it('"auto" is "fast" on wasm; progress reaches tasks x epochs', async () => {
    const events: number[] = [];
    const auto = await estimateUsableInfo(tasks, cb3, { onProgress: (e) => events.push(e.done) });
    const fast = await estimateUsableInfo(tasks, cb3, { implementation: "fast" });
    expect(auto).toEqual(fast);
    expect(events.at(-1)).toBe(tasks.length * cb3.epochs);
    for (let i = 1; i < events.length; i++) expect(events[i]).toBeGreaterThanOrEqual(events[i - 1]);
  });
});

describe("worker pool errors", () => {
  const tasks = gaussTasks(3, { nTrain: 64, nTest: 32 });

  it("rejects with the first failing task's error, for 1 and 2 workers; the pool keeps working", async () => {
    // A batch-norm decoder needs a full batch: 10 train rows with batch 32 is an error in the
    // worker (trainFastDecoders does not validate; estimateUsableInfo does, before any work).
    const short = { ...tasks[1], id: "short", train: { ...tasks[1].train, z: tasks[1].train.z.subarray(0, 10 * tasks[1].train.dim), labels: tasks[1].train.labels.subarray(0, 10) } };
    for (const workers of [1, 2]) {
      await expect(trainFastDecoders([tasks[0], short, tasks[2]], cb3, { workers })).rejects.toThrow(/task "short": batch-norm decoders .* need at least batchSize = 32 train rows; got 10/);
    }
    const ok = await trainFastDecoders(tasks, cb3, { workers: 2 });
    expect(ok).toHaveLength(3);
    expect(await trainFastDecoders([], cb3)).toEqual([]);
    await expect(trainFastDecoders(tasks, cb3, { workers: 1.5 })).rejects.toThrow(/workers must be a positive integer/);
  });
});

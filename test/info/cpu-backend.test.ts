/** The bank on tfjs's pure-JavaScript cpu backend: deterministic and equal to the reference. */
import { beforeAll, expect, it } from "vitest";
import type { DecoderConfig, DecoderTask, LabelledData } from "../../src/interfaces.js";
import { cbDecoder, estimateUsableInfo } from "../../src/info/index.js";
import { initBackend, tf } from "../../src/runtime/backend.js";
import { createRng } from "../../src/runtime/rng.js";


/** Gaussian rows: z_j ~ N(0,1) + signal when j % k === y; labels uniform on k. */
function gaussData(seed: number, n: number, dim: number, k: number, signal: number): LabelledData {
  const r = createRng(seed);
  const z = new Float32Array(n * dim);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const y = r.int(k);
    labels[i] = y;
    for (let j = 0; j < dim; j++) z[i * dim + j] = r.normal() + (j % k === y ? signal : 0);
  }
  return { z, dim, labels, numClasses: k };
}

/** Z = one-hot(Y) (the labels copied into the representation). */
function oneHotData(seed: number, n: number, k: number): LabelledData {
  const r = createRng(seed);
  const z = new Float32Array(n * k);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const y = r.int(k);
    labels[i] = y;
    z[i * k + y] = 1;
  }
  return { z, dim: k, labels, numClasses: k };
}

function gaussTasks(count: number, opts: { nTrain?: number; nTest?: number; dim?: number; k?: number; signal?: number; seed0?: number } = {}): DecoderTask[] {
  const { nTrain = 200, nTest = 300, dim = 6, k = 3, signal = 1, seed0 = 1 } = opts;
  const tasks: DecoderTask[] = [];
  for (let d = 0; d < count; d++) {
    const s = seed0 + d;
    tasks.push({ id: `t${s}`, seed: s, train: gaussData(1000 + s, nTrain, dim, k, signal), test: gaussData(5000 + s, nTest, dim, k, signal) });
  }
  return tasks;
}

beforeAll(async () => {
  await initBackend("cpu");
});

it("cpu backend: same seed => identical numbers, == reference within 1e-3 bit, no leak", async () => {
  expect(tf.getBackend()).toBe("cpu");
  const cfg: DecoderConfig = { ...cbDecoder(0.05), epochs: 2 };
  const tasks = gaussTasks(2, { nTrain: 100, nTest: 100 });
  const before = tf.memory().numTensors;
  const a = await estimateUsableInfo(tasks, cfg);
  const b = await estimateUsableInfo(tasks, cfg);
  expect(b).toEqual(a);
  expect(tf.memory().numTensors).toBe(before);
  const ref = await estimateUsableInfo(tasks, cfg, { implementation: "reference" });
  a.forEach((r, i) => expect(Math.abs(r.bits - ref[i].bits)).toBeLessThan(1e-3));
});

/** The bank on tfjs's pure-JavaScript cpu backend: deterministic and equal to the reference. */
import { beforeAll, expect, it } from "vitest";
import type { DecoderConfig } from "../../src/interfaces.js";
import { cbDecoder, estimateUsableInfo } from "../../src/info/index.js";
import { initBackend, tf } from "../../src/runtime/backend.js";
import { FLOAT32_AGREEMENT_BITS, gaussTasks } from "./decoder-fixtures.js";

beforeAll(async () => {
  await initBackend("cpu");
});

it("cpu backend: same seed => identical numbers, == reference within FLOAT32_AGREEMENT_BITS, no leak", async () => {
  expect(tf.getBackend()).toBe("cpu");
  const cfg: DecoderConfig = { ...cbDecoder(0.05), epochs: 2 };
  const tasks = gaussTasks(2, { nTrain: 100, nTest: 100 });
  const before = tf.memory().numTensors;
  const a = await estimateUsableInfo(tasks, cfg);
  const b = await estimateUsableInfo(tasks, cfg);
  expect(b).toEqual(a);
  expect(tf.memory().numTensors).toBe(before);
  const ref = await estimateUsableInfo(tasks, cfg, { implementation: "reference" });
  a.forEach((r, i) => expect(Math.abs(r.bits - ref[i].bits)).toBeLessThan(FLOAT32_AGREEMENT_BITS));
});

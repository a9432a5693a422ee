import { estimateUsableInfo, cbDecoder, cifarDecoder } from "../src/info/index.js";
import { initBackend, tf } from "../src/runtime/backend.js";
import { createRng } from "../src/runtime/rng.js";
import type { DecoderTask, LabelledData } from "../src/interfaces.js";

function data(seed: number, n: number, dim: number, k: number, signal: number): LabelledData {
  const r = createRng(seed);
  const z = new Float32Array(n * dim), labels = new Int32Array(n);
  for (let i = 0; i < n; i++) { const y = r.int(k); labels[i] = y; for (let j = 0; j < dim; j++) z[i*dim+j] = r.normal() + (j % k === y ? signal : 0); }
  return { z, dim, labels, numClasses: k };
}
await initBackend(process.argv[2] ?? "wasm");
const tasks: DecoderTask[] = [];
for (let s = 1; s <= 4; s++) tasks.push({ id: "t" + s, seed: s, train: data(100 + s, 300, 20, 2, 1), test: data(200 + s, 500, 20, 2, 1) });
for (const cfg0 of [cbDecoder(0.05), cifarDecoder()]) {
  const cfg = { ...cfg0, epochs: 3 };
  const m0 = tf.memory().numTensors;
  let t = Date.now();
  const a = await estimateUsableInfo(tasks, cfg);
  const tb = Date.now() - t; t = Date.now();
  const b = await estimateUsableInfo(tasks, cfg, { implementation: "reference" });
  const tr = Date.now() - t;
  console.log(cfg.family, "tensors", m0, tf.memory().numTensors, "bank ms", tb, "ref ms", tr);
  a.forEach((x, i) => console.log(x.id, x.bits.toFixed(6), b[i].bits.toFixed(6), (x.bits - b[i].bits).toExponential(2), x.testAccuracy, b[i].testAccuracy));
}

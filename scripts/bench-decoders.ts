/**
 * Decoder throughput: decoder-epochs per second of the batched bank (tfjs) and of the plain
 * TypeScript reference on the same work (default: 28 CB decoders of width 20, 2 classes, 1250
 * train / 3750 test rows, 3 epochs). Usage:
 *   npx tsx scripts/bench-decoders.ts [--decoders 28] [--dim 20] [--classes 2] [--epochs 3]
 *     [--backend wasm] [--family cb|cifar] [--modes split,batched]
 */
import type { DecoderTask, LabelledData } from "../src/interfaces.js";
import { cbDecoder, cifarDecoder, estimateUsableInfo, type BmmMode } from "../src/info/index.js";
import { initBackend, tf } from "../src/runtime/backend.js";
import { createRng } from "../src/runtime/rng.js";

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}
const B = Number(arg("decoders", "28"));
const dim = Number(arg("dim", "20"));
const k = Number(arg("classes", "2"));
const epochs = Number(arg("epochs", "3"));
const family = arg("family", "cb");
const modes = arg("modes", "auto,split,batched").split(",") as BmmMode[];
const backend = await initBackend(arg("backend", process.env.CLAIMS_BACKEND ?? "wasm"));

function data(seed: number, n: number): LabelledData {
  const r = createRng(seed);
  const z = new Float32Array(n * dim);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const y = r.int(k);
    labels[i] = y;
    for (let j = 0; j < dim; j++) z[i * dim + j] = r.normal() + (j % k === y ? 1 : 0);
  }
  return { z, dim, labels, numClasses: k };
}
const tasks: DecoderTask[] = [];
for (let d = 1; d <= B; d++) tasks.push({ id: `d${d}`, seed: d, train: data(1000 + d, 1250), test: data(2000 + d, 3750) });
const cfg = { ...(family === "cifar" ? cifarDecoder() : cbDecoder(0.05)), epochs };
const work = B * epochs;
console.log(`backend ${backend.name}; ${B} ${family} decoders, dim ${dim}, ${k} classes, 1250/3750 rows, ${epochs} epochs`);

const rates: Record<string, number> = {};
for (const mode of modes) {
  const t0 = performance.now();
  await estimateUsableInfo(tasks, cfg, { implementation: "bank", bmmMode: mode });
  const s = (performance.now() - t0) / 1000;
  rates[`bank-${mode}`] = work / s;
  console.log(`bank (${mode} bmm): ${s.toFixed(2)} s, ${(work / s).toFixed(2)} decoder-epochs/s; tensors ${tf.memory().numTensors}`);
}
const t0 = performance.now();
await estimateUsableInfo(tasks, cfg, { implementation: "reference" });
const sRef = (performance.now() - t0) / 1000;
rates.reference = work / sRef;
console.log(`reference: ${sRef.toFixed(2)} s, ${(work / sRef).toFixed(2)} decoder-epochs/s`);
for (const mode of modes) console.log(`ratio bank-${mode} / reference: ${(rates[`bank-${mode}`] / rates.reference).toFixed(2)}`);

/**
 * Decoder throughput: decoder-epochs per second of the fast CPU decoders (1 worker = the calling
 * thread, and 2 worker threads), the batched bank (tfjs) and the plain TypeScript reference on
 * the same work (default: 28 CB decoders of width 20, 2 classes, 1250 train / 3750 test rows,
 * 3 epochs; each figure includes the final evaluation on the test rows). Besides wall time it
 * prints the process CPU time, which is what to compare when other jobs share the machine.
 * Usage:
 *   npx tsx scripts/bench-decoders.ts [--decoders 28] [--dim 20] [--classes 2] [--epochs 3]
 *     [--backend wasm] [--family cb|cifar] [--modes split,batched] [--impls fast1,fast2,bank,reference]
 */
import type { DecoderTask } from "../src/interfaces.js";
import { cbDecoder, cifarDecoder, closeFastWorkers, estimateUsableInfo, type BmmMode, type EstimateOptions } from "../src/info/index.js";
import { initBackend, tf } from "../src/runtime/backend.js";
import { gaussData } from "../test/info/decoder-fixtures.js";

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}
const B = Number(arg("decoders", "28"));
const dim = Number(arg("dim", "20"));
const k = Number(arg("classes", "2"));
const epochs = Number(arg("epochs", "3"));
const family = arg("family", "cb");
const modes = arg("modes", "auto").split(",") as BmmMode[];
const impls = arg("impls", "fast1,fast2,bank,reference").split(",");
const backend = await initBackend(arg("backend", process.env.CLAIMS_BACKEND ?? "wasm"));

const data = (seed: number, n: number) => gaussData(seed, n, dim, k, 1);
const tasks: DecoderTask[] = [];
for (let d = 1; d <= B; d++) tasks.push({ id: `d${d}`, seed: d, train: data(1000 + d, 1250), test: data(2000 + d, 3750) });
const cfg = { ...(family === "cifar" ? cifarDecoder() : cbDecoder(0.05)), epochs };
const work = B * epochs;
console.log(`backend ${backend.name}; ${B} ${family} decoders, dim ${dim}, ${k} classes, 1250/3750 rows, ${epochs} epochs`);

const rates: Record<string, number> = {};
async function time(name: string, opts: EstimateOptions): Promise<void> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await estimateUsableInfo(tasks, cfg, opts);
  const s = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6;
  rates[name] = work / s;
  console.log(
    `${name.padEnd(14)} ${s.toFixed(2).padStart(7)} s wall, ${(work / s).toFixed(2).padStart(7)} decoder-epochs/s; ` +
      `cpu ${cpu.toFixed(2)} s (${(work / cpu).toFixed(2)} decoder-epochs per cpu-s)`,
  );
}
// Warm the fast pool (worker start-up, ~0.3 s each under tsx) outside the timings.
if (impls.includes("fast2")) await estimateUsableInfo(tasks.slice(0, 2), { ...cfg, epochs: 1 }, { implementation: "fast", workers: 2 });
for (const impl of impls) {
  if (impl === "fast1") await time("fast-1worker", { implementation: "fast", workers: 1 });
  else if (impl === "fast2") await time("fast-2workers", { implementation: "fast", workers: 2 });
  else if (impl === "reference") await time("reference", { implementation: "reference" });
  else if (impl === "bank") for (const mode of modes) await time(`bank-${mode}`, { implementation: "bank", bmmMode: mode });
  else throw new Error(`unknown implementation ${impl}`);
}
await closeFastWorkers();
console.log(`tensors ${tf.memory().numTensors}`);
const names = Object.keys(rates);
for (const a of names) {
  console.log(`ratios ${a}: ` + names.filter((b) => b !== a).map((b) => `/${b} ${(rates[a] / rates[b]).toFixed(2)}`).join(", "));
}

/**
 * `npm run bench`: one run, one machine, the same work three ways, printed as tables with ratios:
 * - decoders: 8 CB decoders (128-64-32, batch-norm, dropout 0.7, SGD lr 0.05, batch 32) on
 *   width-20 inputs, 1250 train / 3750 test rows, 20 epochs: the project's WebAssembly decoders
 *   (1 thread; 2 worker threads), the plain one-decoder reference (decoder-reference.ts), and a
 *   plain PyTorch loop (1 thread; 2 processes);
 * - CB network training, steady-state epoch at the PROTOCOL.md settings (CB-2, CB-10, CB-20): the
 *   project's WebAssembly engine, the plain tfjs loop (train-cb.ts on the wasm backend), and a
 *   plain PyTorch loop (1 thread);
 * - the machine's float32 matmul peak (NumPy, 1 thread) beside the achieved rates;
 * - the projected wall time of each paper-scale checkerboard claim from these rates.
 * Rates per CPU-second (process CPU time, so other load does not count) and per wall second;
 * GFLOP/s are dense-equivalent (every multiply-add of the dense products counted, also where the
 * project skips zeros). PyTorch rows need Debian's python3-torch and libopenblas0-pthread; they
 * are skipped, with the install line, when `import torch` fails.
 *
 *   npm run bench [-- --quick]
 */
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import type { DecoderConfig, DecoderTask } from "../src/interfaces.js";
import { cbRunConfig, cbSeeds, parseCbConfig, type CbRunId } from "../src/experiments/cb-config.js";
import { CB_DEFS, cbRunsOf } from "../src/claims/registry.js";
import { hasReplicate, SENSITIVITY_INPUTS } from "../src/experiments/cb-runner.js";
import { cbDecoder, closeFastWorkers, runReferenceDecoder, trainFastDecoder, trainFastDecoders } from "../src/info/index.js";
import { FC_HIDDEN } from "../src/models/mlp.js";
import { initBackend } from "../src/runtime/backend.js";
import { REPO_ROOT } from "../src/runtime/files.js";
import { createRng } from "../src/runtime/rng.js";
import { trainCheckerboardTfjs } from "../src/training/train-cb.js";
import { trainCheckerboardWasm } from "../src/training/train-cb-wasm.js";
import { runScript } from "./lib/cli.js";

const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Dense multiply-adds of one decoder-epoch: train steps (forward, weight and input gradients) plus a share of the final test pass. */
function decoderEpochMacs(dim: number, hidden: number[], k: number, trainRows: number, batch: number, testRows: number, epochs: number): number {
  const widths = [dim, ...hidden, k];
  let fwd = 0;
  let inGrad = 0;
  for (let l = 0; l + 1 < widths.length; l++) {
    fwd += widths[l] * widths[l + 1];
    if (l > 0) inGrad += widths[l] * widths[l + 1];
  }
  const rows = Math.floor(trainRows / batch) * batch;
  return rows * (2 * fwd + inGrad) + (testRows * fwd) / epochs;
}

/** Dense multiply-adds of one CB training epoch (train steps + the validation pass). */
function trainEpochMacs(run: CbRunId): number {
  const cfg = cbRunConfig(run, "paper");
  const widths = [cfg.n + cfg.n * cfg.n, ...FC_HIDDEN[cfg.net], cfg.n];
  let fwd = 0;
  let inGrad = 0;
  for (let l = 0; l + 1 < widths.length; l++) {
    fwd += widths[l] * widths[l + 1];
    if (l > 0) inGrad += widths[l] * widths[l + 1];
  }
  const nVal = Math.round(cfg.samples * cfg.valFraction);
  return (cfg.samples - nVal) * (2 * fwd + inGrad) + nVal * fwd;
}

function gaussTasks(count: number, dim: number, k: number): DecoderTask[] {
  return Array.from({ length: count }, (_, d) => {
    const rng = createRng(100 + d);
    const mk = (n: number) => {
      const z = new Float32Array(n * dim);
      const labels = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        labels[i] = rng.int(k);
        for (let j = 0; j < dim; j++) z[i * dim + j] = rng.normal() + (j % k === labels[i] ? 1.5 : 0);
      }
      return { z, dim, labels, numClasses: k };
    };
    return { id: `bench${d}`, train: mk(1250), test: mk(3750), seed: d + 1, hYBits: Math.log2(k) };
  });
}

interface Row {
  work: string;
  impl: string;
  perCpu: number | null;
  perWall: number | null;
  unit: string;
  gflops: number | null;
  note?: string;
}

function table(title: string, rows: Row[], baseline: (r: Row) => Row | undefined): void {
  console.log(`\n${title}`);
  console.log("| work | implementation | per CPU-s | per wall-s | GFLOP/s (per CPU-s) | vs PyTorch (CPU-s) | vs plain reference (CPU-s) |");
  console.log("|---|---|---|---|---|---|---|");
  for (const r of rows) {
    const torch = rows.find((x) => x.work === r.work && x.impl.startsWith("PyTorch") && !x.impl.includes("2 processes"));
    const ref = baseline(r);
    const ratio = (a: Row | undefined) => (a && a !== r && a.perCpu && r.perCpu ? `${(r.perCpu / a.perCpu).toFixed(2)}x` : "–");
    const f = (v: number | null) => (v === null ? "–" : v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toFixed(4));
    console.log(`| ${r.work} | ${r.impl} | ${f(r.perCpu)} ${r.unit} | ${f(r.perWall)} | ${r.gflops === null ? "–" : r.gflops.toFixed(2)} | ${ratio(torch)} | ${ratio(ref)} |${r.note ? ` ${r.note}` : ""}`);
  }
}

/** /usr/bin/python3 or python3 that imports torch; null with the reason otherwise. */
function torchPython(): { python: string } | { skip: string } {
  for (const python of ["python3", "/usr/bin/python3"]) {
    const r = spawnSync(python, ["-c", "import torch, numpy"], { encoding: "utf8" });
    if (r.status === 0) return { python };
  }
  return { skip: "PyTorch rows skipped: `import torch` failed; install Debian's packages with `apt-get update && apt-get install -y python3-torch libopenblas0-pthread` (the second keeps torch off the slow reference BLAS)" };
}

function runPython(python: string, args: string[]): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const p = spawn(python, [join(REPO_ROOT, "scripts", "bench", "torch_bench.py"), ...args], { env: { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1" } });
    let out = "";
    let err = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (err += d));
    p.on("close", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop()!)) : reject(new Error(`torch_bench.py ${args.join(" ")} exited ${code}: ${err.trim().split("\n").pop()}`))));
  });
}

await runScript({ usage: "npm run bench [-- --quick]", options: { quick: { type: "boolean" } } }, async ({ values }) => {
  const quick = values.quick === true;
  const backend = await initBackend("wasm");
  const torch = torchPython();
  console.log(`bench: node ${process.version}, tfjs backend ${backend.name}${quick ? ", --quick (fewer epochs)" : ""}; ${"skip" in torch ? torch.skip : `PyTorch via ${torch.python}, 1 thread`}`);

  // ---- decoders
  const dim = 20;
  const k = 10;
  const epochs = quick ? 5 : 20;
  const count = 8;
  const cfg: DecoderConfig = { ...cbDecoder(0.05), epochs };
  const tasks = gaussTasks(count, dim, k);
  const macs = decoderEpochMacs(dim, cfg.hidden, k, 1250, cfg.batchSize, 3750, epochs);
  const decRows: Row[] = [];
  trainFastDecoder(tasks[0], { ...cfg, epochs: 1 }); // compile the kernel
  let c0 = cpuSeconds();
  let w0 = performance.now();
  for (const t of tasks) trainFastDecoder(t, cfg);
  let cpu = cpuSeconds() - c0;
  let wall = (performance.now() - w0) / 1000;
  decRows.push({ work: "8 CB decoders", impl: "project, WebAssembly, 1 thread", perCpu: (count * epochs) / cpu, perWall: (count * epochs) / wall, unit: "decoder-epochs", gflops: (2 * macs * count * epochs) / cpu / 1e9 });
  await trainFastDecoders(tasks.slice(0, 2), { ...cfg, epochs: 1 }, { workers: 2 }); // start the pool
  c0 = cpuSeconds();
  w0 = performance.now();
  await trainFastDecoders(tasks, cfg, { workers: 2 });
  wall = (performance.now() - w0) / 1000;
  decRows.push({ work: "8 CB decoders", impl: "project, WebAssembly, 2 worker threads", perCpu: null, perWall: (count * epochs) / wall, unit: "decoder-epochs", gflops: null, note: "(wall clock; the pool's CPU time is in its threads)" });
  const refEpochs = quick ? 2 : 4;
  c0 = cpuSeconds();
  w0 = performance.now();
  for (const t of tasks.slice(0, 2)) runReferenceDecoder(t, { ...cfg, epochs: refEpochs });
  cpu = cpuSeconds() - c0;
  wall = (performance.now() - w0) / 1000;
  decRows.push({ work: "8 CB decoders", impl: "plain reference (TypeScript float64, 1 decoder)", perCpu: (2 * refEpochs) / cpu, perWall: (2 * refEpochs) / wall, unit: "decoder-epochs", gflops: (2 * macs * 2 * refEpochs) / cpu / 1e9, note: `(2 decoders x ${refEpochs} epochs)` });
  if ("python" in torch) {
    const one = await runPython(torch.python, ["decoders", "--count", String(count), "--epochs", String(epochs), "--dim", String(dim)]);
    const perCpu = one.decoderEpochsPerCpuSecond as number;
    decRows.push({ work: "8 CB decoders", impl: "PyTorch loop, 1 thread", perCpu, perWall: (count * epochs) / (one.wallSeconds as number), unit: "decoder-epochs", gflops: (2 * macs * perCpu) / 1e9 });
    w0 = performance.now();
    await Promise.all([0, 1].map(() => runPython(torch.python, ["decoders", "--count", String(count / 2), "--epochs", String(epochs), "--dim", String(dim)])));
    wall = (performance.now() - w0) / 1000;
    decRows.push({ work: "8 CB decoders", impl: "PyTorch loop, 2 processes", perCpu: null, perWall: (count * epochs) / wall, unit: "decoder-epochs", gflops: null, note: "(wall clock, process start included)" });
  }
  table(`Decoders (width ${dim}, ${k} classes, 1250/3750 rows, ${epochs} epochs; ${(macs / 1e6).toFixed(1)} M dense multiply-adds per decoder-epoch)`, decRows, (r) => (r.impl.startsWith("project") ? decRows.find((x) => x.impl.startsWith("plain reference")) : undefined));

  // ---- CB training
  const trainRows: Row[] = [];
  const trainEpochs = quick ? 3 : 4;
  const steady = (train: (hooks: { onEpoch: () => void }) => void): { cpu: number; wall: number } => {
    const marks: [number, number][] = [];
    train({ onEpoch: () => marks.push([cpuSeconds(), performance.now() / 1000]) });
    const n = marks.length - 1;
    return { cpu: (marks[n][0] - marks[0][0]) / n, wall: (marks[n][1] - marks[0][1]) / n };
  };
  const perRun = new Map<CbRunId, { project: number; projectWall: number; tfjs: number; torch: number | null }>();
  for (const run of ["CB-2", "CB-10", "CB-20"] as const) {
    const cfg = parseCbConfig({ ...cbRunConfig(run, "paper"), epochs: trainEpochs, probeEpochs: [trainEpochs] });
    const m = trainEpochMacs(run);
    const w = steady((h) => trainCheckerboardWasm(cfg, 1, h));
    trainRows.push({ work: `${run} training epoch`, impl: "project, WebAssembly engine", perCpu: 1 / w.cpu, perWall: 1 / w.wall, unit: "epochs", gflops: (2 * m) / w.cpu / 1e9, note: `(${w.cpu.toFixed(4)} CPU-s/epoch)` });
    const t = steady((h) => trainCheckerboardTfjs(parseCbConfig({ ...cfg, trainer: "tfjs" }), 1, h));
    trainRows.push({ work: `${run} training epoch`, impl: "plain tfjs loop (wasm backend)", perCpu: 1 / t.cpu, perWall: 1 / t.wall, unit: "epochs", gflops: (2 * m) / t.cpu / 1e9, note: `(${t.cpu.toFixed(4)} CPU-s/epoch)` });
    let torchCpu: number | null = null;
    if ("python" in torch) {
      const r = await runPython(torch.python, ["train", "--n", run === "CB-2" ? "2" : run === "CB-10" ? "10" : "20", "--epochs", String(trainEpochs)]);
      torchCpu = r.cpuSecondsPerEpoch as number;
      trainRows.push({ work: `${run} training epoch`, impl: "PyTorch loop, 1 thread", perCpu: 1 / torchCpu, perWall: 1 / (r.wallSecondsPerEpoch as number), unit: "epochs", gflops: (2 * m) / torchCpu / 1e9, note: `(${torchCpu.toFixed(4)} CPU-s/epoch)` });
    }
    perRun.set(run, { project: w.cpu, projectWall: w.wall, tfjs: t.cpu, torch: torchCpu });
  }
  table(`CB network training (PROTOCOL.md settings; steady-state epochs 2-${trainEpochs}, validation pass included)`, trainRows, (r) => trainRows.find((x) => x.work === r.work && x.impl.startsWith("plain tfjs")));

  // ---- machine peak
  if ("python" in torch) {
    const r = spawnSync(torch.python, ["-c", "import numpy as np, time\na=np.random.rand(1024,1024).astype(np.float32)\nb=a.copy()\na@b\nt=time.process_time()\nfor _ in range(20): a@b\nprint(2*1024**3*20/(time.process_time()-t)/1e9)"], { encoding: "utf8", env: { ...process.env, OPENBLAS_NUM_THREADS: "1" } });
    console.log(`\nmachine: 1024^2 float32 matmul in NumPy (OpenBLAS, 1 thread): ${Number(r.stdout.trim()).toFixed(1)} GFLOP/s per core; WebAssembly has 128-bit SIMD and no FMA, so its ceiling is about a quarter of that (AVX-512 FMA).`);
  }

  // ---- projection
  // The runner's schedule: two seeds at a time, each training in a worker thread (per-wall rate
  // of one thread, two side by side), every decoder in the shared pool of two worker threads (the
  // two-thread wall rate measured above). Until 2026-12-02 this used the one-thread CPU rate / 2,
  // which projected 56.3 min for a suite measured at 39.8 min from an empty cache.
  const decPerWall = decRows.find((r) => r.impl === "project, WebAssembly, 2 worker threads")!.perWall as number;
  console.log("\nProjected wall time of each paper-scale checkerboard claim from an empty cache on 2 cores (this machine's rates: two seeds train side by side, decoders on two worker threads; every run of each claim, check and control of the registry counted, shared runs included):");
  console.log("| claim | seed-runs | training epochs | decoder-epochs | projected wall |");
  console.log("|---|---|---|---|---|");
  const done = new Set<string>();
  let suite = 0;
  for (const { def } of CB_DEFS) {
    const claim = def.id;
    let runs = 0;
    let trainEp = 0;
    let decEp = 0;
    let seconds = 0;
    for (const { run, opts } of cbRunsOf(claim, "paper")) {
      const c = cbRunConfig(run, "paper", opts);
      const seeds = cbSeeds("paper", run).length;
      const ep = c.epochs + c.pretrainEpochs;
      const layers = FC_HIDDEN[c.net].length;
      // Every (label, layer, probe) decoded, plus per rule point (hasReplicate) a second decoder
      // seed and the raw and standardised readings (src/experiments/cb-runner.ts cbDecoderTasks).
      const labels = c.decode === "last-layer-colour" ? (["colour"] as const) : (["colour", "direction"] as const);
      let perSeedDecoders = 0;
      for (const e of c.probeEpochs) {
        for (let l = 1; l <= layers; l++) {
          if (c.decode === "last-layer-colour" && l !== layers) continue;
          for (const label of labels) perSeedDecoders += hasReplicate(c, label, l, layers, e) ? 2 + SENSITIVITY_INPUTS.length : 1;
        }
      }
      const wallPerEpoch = perRun.get(run === "CB-25" ? "CB-20" : run)!.projectWall;
      const s = seeds * ((ep * wallPerEpoch) / 2 + (perSeedDecoders * c.decoder.epochs) / decPerWall);
      runs += seeds;
      trainEp += seeds * ep;
      decEp += seeds * perSeedDecoders * c.decoder.epochs;
      seconds += s;
      const id = `${run}|${JSON.stringify(opts)}`;
      if (!done.has(id)) {
        done.add(id);
        suite += s;
      }
    }
    console.log(`| ${claim} | ${runs} | ${trainEp} | ${decEp} | ${(seconds / 60).toFixed(1)} min |`);
  }
  console.log(`| whole CB suite (claims, checks and controls; shared runs once) | | | | ${(suite / 60).toFixed(1)} min |`);
  console.log(`\npeak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  await closeFastWorkers();
});

/**
 * Device check: which tfjs backend runs, on what hardware, how fast it multiplies matrices, and
 * how many ResNet-18 (or All-CNN / small convnet) training steps per second it sustains.
 *
 *   npm run gpu-check -- [--backend NAME] [--model resnet18|allcnn|small-convnet] [--batch N]
 *                        [--steps N] [--warmup N] [--matmul 1024,2048] [--out result.json]
 *                        [--require-gpu]
 *
 * Defaults: on a GPU backend batch 128 (the paper's), matmul sizes 1024, 2048, 4096; on a CPU
 * backend batch 2 and matmul sizes 256, 512 (say --batch 128 to insist; it is very slow), and the
 * report says that the steps/s are then not comparable with the paper setting. Steps use the
 * trainer's own step (cifarTrainStep: forward, backward, SGD-momentum update with weight decay) on
 * synthetic normalised images with seeded random labels; warm-up steps (kernel compilation,
 * allocation) are timed separately. --backend overrides CLAIMS_BACKEND. --require-gpu (or
 * CLAIMS_REQUIRE_GPU=1) exits 1, with every load error and what to install, unless a GPU backend
 * is the one running: the nightly's first step, so a CPU fallback never passes for a GPU run.
 */
import { execFileSync } from "node:child_process";
import { cpus, totalmem } from "node:os";
import { writeFileAtomic } from "../src/runtime/files.js";
import { installDawnIfRequested } from "../src/gpu/dawn.js";
import { countParams, type ConvNetArch } from "../src/models/small-convnet.js";
import { initBackend, tf } from "../src/runtime/backend.js";
import { createRng, deriveSeed } from "../src/runtime/rng.js";
import { cifarTrainConfig } from "../src/training/cifar-config.js";
import { cifarTrainStep, createCifarModel } from "../src/training/cifar-trainer.js";
import { SgdMomentum } from "../src/training/sgd-momentum.js";

interface Args {
  backend?: string;
  model: ConvNetArch;
  batch?: number;
  steps: number;
  warmup: number;
  matmul?: number[];
  out?: string;
  requireGpu: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { model: "resnet18", steps: 5, warmup: 2, requireGpu: process.env.CLAIMS_REQUIRE_GPU === "1" };
  const need = (i: number, flag: string) => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--")) throw new Error(`${flag} needs a value`);
    return v;
  };
  const posInt = (v: string, flag: string, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`${flag} must be an integer >= ${min}, got ${JSON.stringify(v)}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case "--backend": args.backend = need(i, a); i++; break;
      case "--model": {
        const m = need(i, a);
        if (m !== "resnet18" && m !== "allcnn" && m !== "small-convnet") throw new Error(`--model must be resnet18, allcnn or small-convnet, got ${JSON.stringify(m)}`);
        args.model = m;
        i++;
        break;
      }
      case "--batch": args.batch = posInt(need(i, a), a, 1); i++; break;
      case "--steps": args.steps = posInt(need(i, a), a, 1); i++; break;
      case "--warmup": args.warmup = posInt(need(i, a), a, 0); i++; break;
      case "--matmul": args.matmul = need(i, a).split(",").map((s) => posInt(s, a, 1)); i++; break;
      case "--out": args.out = need(i, a); i++; break;
      case "--require-gpu": args.requireGpu = true; break;
      case "--help":
      case "-h":
        console.log("usage: npm run gpu-check -- [--backend NAME] [--model resnet18|allcnn|small-convnet] [--batch N] [--steps N] [--warmup N] [--matmul 1024,2048] [--out result.json] [--require-gpu]");
        process.exit(0);
        break;
      default: throw new Error(`unknown argument ${JSON.stringify(a)} (see --help)`);
    }
  }
  return args;
}

/** nvidia-smi's view of the GPUs, or null where there is none. */
function nvidiaSmi(): string | null {
  try {
    return execFileSync("nvidia-smi", ["--query-gpu=name,memory.total,driver_version,compute_cap", "--format=csv,noheader"], { encoding: "utf8", timeout: 10_000, stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

async function matmulRate(n: number): Promise<{ n: number; reps: number; seconds: number; gflops: number }> {
  const a = tf.randomNormal([n, n], 0, 1, "float32", 1);
  const b = tf.randomNormal([n, n], 0, 1, "float32", 2);
  try {
    const once = async () => {
      const c = tf.matMul(a, b);
      await c.data();
      c.dispose();
    };
    await once(); // warm-up (kernel compilation, allocation)
    let reps = 0;
    const t0 = performance.now();
    // At least 3 products, and at least 1 s when they are fast.
    while (reps < 3 || (performance.now() - t0 < 1000 && reps < 1000)) {
      await once();
      reps++;
    }
    const seconds = (performance.now() - t0) / 1000;
    return { n, reps, seconds, gflops: (2 * n ** 3 * reps) / seconds / 1e9 };
  } finally {
    a.dispose();
    b.dispose();
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const t0 = performance.now();
  await installDawnIfRequested(args.backend ?? process.env.CLAIMS_BACKEND);
  const info = await initBackend(args.backend ?? process.env.CLAIMS_BACKEND, args.requireGpu);
  if (args.requireGpu && !info.gpu) throw new Error(`--require-gpu: the backend running is ${info.name}, not a GPU backend`);
  console.log(`backend: ${info.name} (tfjs '${info.tfName}', ${info.gpu ? "GPU" : "CPU"}), tfjs ${tf.version.tfjs}, initialised in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`host: ${cpus().length} x ${cpus()[0]?.model ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}`);
  const smi = nvidiaSmi();
  console.log(`nvidia-smi: ${smi ?? "not available"}`);
  const backend = tf.backend() as unknown as { adapterInfo?: unknown; binding?: { TF_Version?: string }; isUsingGpuDevice?: boolean };
  if (backend.adapterInfo) console.log(`webgpu adapter: ${JSON.stringify(backend.adapterInfo)}`);
  const libtensorflow = backend.binding?.TF_Version ?? null;
  if (libtensorflow) console.log(`libtensorflow ${libtensorflow}, GPU device: ${backend.isUsingGpuDevice ? "yes" : "no"}`);

  const sizes = args.matmul ?? (info.gpu ? [1024, 2048, 4096] : [256, 512]);
  const matmul = [];
  for (const n of sizes) {
    const r = await matmulRate(n);
    matmul.push(r);
    console.log(`matmul ${n}x${n}: ${r.gflops.toFixed(1)} GFLOP/s (${r.reps} products in ${r.seconds.toFixed(2)} s)`);
  }

  const batch = args.batch ?? (info.gpu ? 128 : 2);
  const note = batch === 128 ? "" : ` NOTE: batch ${batch}, not the paper's 128${info.gpu ? "" : " (CPU backend; pass --batch 128 to insist)"}: steps/s are not comparable with the paper setting.`;
  const classes = 10;
  const cfg = cifarTrainConfig(args.model, "cifar10");
  const net = createCifarModel(cfg, 1, [{ name: "coarse", classes }]);
  const optimizer = new SgdMomentum({ learningRate: cfg.lr0, momentum: cfg.momentum, weightDecay: cfg.weightDecay });
  const rng = createRng(deriveSeed(1, "gpu-check"));
  const x = new Float32Array(batch * 32 * 32 * 3).map(() => rng.normal());
  const y = Int32Array.from({ length: batch }, () => rng.int(classes));
  const vars = net.trainableFor("coarse");
  const params = countParams(net);
  console.log(`${args.model}: ${params.trainable.toLocaleString("en-US")} trainable parameters; batch ${batch}, ${args.warmup} warm-up + ${args.steps} timed steps.${note}`);
  const warm: number[] = [];
  const timed: number[] = [];
  let lastLoss = NaN;
  try {
    for (let i = 0; i < args.warmup + args.steps; i++) {
      const s = performance.now();
      lastLoss = (await cifarTrainStep(net, optimizer, vars, x, y, classes, "coarse")).loss;
      const dt = (performance.now() - s) / 1000;
      (i < args.warmup ? warm : timed).push(dt);
      console.log(`  ${i < args.warmup ? "warm-up" : "step"} ${i < args.warmup ? i + 1 : i - args.warmup + 1}: ${dt.toFixed(3)} s, loss ${lastLoss.toFixed(4)}`);
    }
  } finally {
    optimizer.dispose();
    net.dispose();
  }
  const secPerStep = timed.reduce((s, v) => s + v, 0) / timed.length;
  const stepsPerEpoch = Math.ceil(50_000 / batch);
  console.log(
    `${args.model} training: ${(1 / secPerStep).toFixed(3)} steps/s, ${(batch / secPerStep).toFixed(1)} images/s, ${secPerStep.toFixed(3)} s/step at batch ${batch}; ` +
      `a 50,000-image epoch (${stepsPerEpoch} steps) would take ~${((secPerStep * stepsPerEpoch) / 60).toFixed(1)} min.${note}`,
  );
  console.log(`tensors alive: ${tf.memory().numTensors}, bytes: ${(tf.memory().numBytes / 2 ** 20).toFixed(1)} MiB`);
  const result = {
    backend: info,
    tfjs: tf.version.tfjs,
    host: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null, node: process.version },
    nvidiaSmi: smi,
    libtensorflow,
    matmul,
    training: { model: args.model, batch, paperBatch: batch === 128, warmupSeconds: warm, stepSeconds: timed, secondsPerStep: secPerStep, stepsPerSecond: 1 / secPerStep, imagesPerSecond: batch / secPerStep, lastLoss },
  };
  if (args.out) {
    writeFileAtomic(args.out, JSON.stringify(result, null, 2) + "\n");
    console.log(`wrote ${args.out}`);
  }
}

main().catch((err) => {
  console.error(`gpu-check failed: ${(err as Error).message}`);
  process.exit(1);
});

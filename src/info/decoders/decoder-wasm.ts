/**
 * Fast CPU decoder: the reference decoder (decoder-reference.ts) as a WebAssembly SIMD kernel
 * (src/info/decoders/wasm/decoder.c, built by scripts/build-wasm.sh into the committed decoder.wasm).
 *
 * Same model, random streams (mulberry32 reproduced bit for bit), batch plan, step order,
 * non-finite-step rule and diagnostics as the reference; float32 storage and float32 matrix
 * products (4-row x 8-column f32x4 register blocks over zero-padded widths), float64 batch-norm
 * statistics, softmax cross-entropy and gradient norms. So it agrees with the float64 reference
 * to float32 rounding, which training then amplifies slowly (tests state the tolerance).
 *
 * One WebAssembly instance per thread (module-level), reused by every decoder of the thread;
 * its memory is reset before each decoder.
 */
import { readFileSync } from "node:fs";
import type { DecoderConfig, DecoderTask } from "../../interfaces.js";
import { deriveSeed } from "../../runtime/rng.js";
import { batchSizesPerEpoch, diagnosticsFrom, type TrainOptions } from "./decoder-reference.js";
import type { DecoderEval } from "./interface.js";
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPS } from "../core/families.js";

interface DecoderExports {
  memory: WebAssembly.Memory;
  reset(): void;
  wasm_alloc(bytes: number): number;
  dec_create(
    dim: number, k: number, nh: number, hidden: number, bn: number, dropout: number, slope: number, eps: number, mom: number,
    epochs: number, batch: number, adam: number, lr: number, wd: number, beta1: number, beta2: number, adamEps: number,
    nTrain: number, nTest: number, seedInit: number, seedShuffle: number, seedDrop: number, keepPartial: number,
  ): number;
  dec_train_z(d: number): number;
  dec_train_y(d: number): number;
  dec_test_z(d: number): number;
  dec_test_y(d: number): number;
  dec_grad_norms(d: number): number;
  dec_steps(d: number): number;
  dec_max_bn_scale(d: number): number;
  dec_ce(d: number): number;
  dec_epoch(d: number): number;
  dec_eval(d: number): number;
}

/** Most hidden layers the kernel takes (MAXL - 1 in decoder.c). */
export const WASM_MAX_HIDDEN = 7;

let instance: DecoderExports | null = null;

/** The thread's kernel instance (compiled and instantiated on first use). */
function kernel(): DecoderExports {
  if (instance) return instance;
  const bytes = readFileSync(new URL("./wasm/decoder.wasm", import.meta.url));
  const mod = new WebAssembly.Module(bytes);
  const inst = new WebAssembly.Instance(mod, { env: { exp: Math.exp, log: Math.log, pow: Math.pow } });
  instance = inst.exports as unknown as DecoderExports;
  return instance;
}

/** Bytes of this thread's decoder kernel memory (0 before first use): flat across decoders of one shape, since it is reset per decoder. */
export function wasmDecoderMemoryBytes(): number {
  return instance ? instance.memory.buffer.byteLength : 0;
}

/**
 * Train one decoder on task.train and evaluate it on task.test (reference contract, float32).
 * The caller validates task and config. onEpoch gets the number of completed epochs.
 */
export function trainWasmDecoder(task: DecoderTask, cfg: DecoderConfig, onEpoch?: (epochsDone: number) => void, opts: TrainOptions = {}): DecoderEval {
  if (cfg.hidden.length > WASM_MAX_HIDDEN) throw new Error(`wasm decoder: at most ${WASM_MAX_HIDDEN} hidden layers, got ${cfg.hidden.length}`);
  const k = kernel();
  const { dim, numClasses } = task.train;
  const nTrain = task.train.labels.length;
  const nTest = task.test.labels.length;
  // Same plan as the reference (throws for batch-norm with fewer rows than a batch).
  const keepPartial = opts.keepPartialBatch ?? cfg.keepPartialBatch ?? false;
  try {
    batchSizesPerEpoch(nTrain, cfg.batchSize, cfg.batchNorm && !keepPartial);
  } catch (err) {
    throw new Error(`task "${task.id}": ${(err as Error).message}`);
  }
  k.reset();
  const hiddenPtr = k.wasm_alloc(4 * Math.max(1, cfg.hidden.length));
  new Int32Array(k.memory.buffer, hiddenPtr, cfg.hidden.length).set(cfg.hidden);
  const opt = cfg.optimizer;
  const adam = opt.kind === "adam";
  const d = k.dec_create(
    dim, numClasses, cfg.hidden.length, hiddenPtr, cfg.batchNorm ? 1 : 0, cfg.dropout, cfg.leakySlope, cfg.bnEpsilon, cfg.bnMomentum,
    cfg.epochs, cfg.batchSize, adam ? 1 : 0, opt.lr, adam ? opt.weightDecay : 0, ADAM_BETA1, ADAM_BETA2, ADAM_EPS,
    nTrain, nTest, deriveSeed(task.seed, "init"), deriveSeed(task.seed, "shuffle"), deriveSeed(task.seed, "dropout"),
    keepPartial ? 1 : 0,
  );
  if (d === 0) throw new Error(`wasm decoder: out of memory for task "${task.id}" (${nTrain} + ${nTest} rows of width ${dim})`);
  // Views after every allocation (memory growth detaches older ones).
  const buf = k.memory.buffer;
  new Float32Array(buf, k.dec_train_z(d), nTrain * dim).set(task.train.z);
  new Int32Array(buf, k.dec_train_y(d), nTrain).set(task.train.labels);
  new Float32Array(buf, k.dec_test_z(d), nTest * dim).set(task.test.z);
  new Int32Array(buf, k.dec_test_y(d), nTest).set(task.test.labels);
  let lastLoss = NaN;
  for (let e = 0; e < cfg.epochs; e++) {
    lastLoss = k.dec_epoch(d);
    onEpoch?.(e + 1);
  }
  const correct = k.dec_eval(d);
  const ce = Float64Array.from(new Float64Array(k.memory.buffer, k.dec_ce(d), nTest));
  const gradNorms = new Float64Array(k.memory.buffer, k.dec_grad_norms(d), k.dec_steps(d));
  const diagnostics = diagnosticsFrom(gradNorms, Number.isFinite(lastLoss) ? lastLoss : null, k.dec_max_bn_scale(d));
  return { ce, correct, diagnostics };
}

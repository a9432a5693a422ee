/**
 * The WebAssembly engine of checkerboard training (src/training/wasm/cbnet.c): the tfjs loop of
 * train-cb.ts computed by one fused float32 SIMD kernel, from the same initial parameters
 * (fcInitialParams) and the same epoch permutations (drawn here from the "shuffle" stream), with
 * the first layer's products restricted to each row's nonzero inputs. No tfjs: it runs on any
 * backend and in a worker thread. One kernel instance per thread, its memory reset per seed.
 */
import { readFileSync } from "node:fs";
import type { ParsedCbConfig } from "./cb-run-config.js";
import { fcInitialParams } from "../models/mlp.js";
import { createRng, deriveSeed, permutation } from "../runtime/rng.js";
import { NonFiniteLossError, setupSeed, type CbTrainHooks, type CbTrainResult } from "./cb-setup.js";

interface CbNetExports {
  memory: WebAssembly.Memory;
  reset(): void;
  wasm_alloc(bytes: number): number;
  net_create(inDim: number, k: number, nh: number, hidden: number, batch: number, lr: number, rows: number, nProbe: number): number;
  net_w(t: number, l: number): number;
  net_b(t: number, l: number): number;
  net_out_pad(t: number, l: number): number;
  net_x(t: number): number;
  net_probe_x(t: number): number;
  net_y_colour(t: number): number;
  net_y_direction(t: number): number;
  net_perm(t: number): number;
  net_probe_out(t: number, l: number): number;
  net_epoch(t: number, nTrain: number, which: number): number;
  net_accuracy(t: number, from: number, n: number): number;
  net_probe(t: number): void;
  net_index(t: number): number;
}

let instance: CbNetExports | null = null;

function kernel(): CbNetExports {
  if (instance) return instance;
  const mod = new WebAssembly.Module(readFileSync(new URL("./wasm/cbnet.wasm", import.meta.url)));
  instance = new WebAssembly.Instance(mod, {}).exports as unknown as CbNetExports;
  return instance;
}

/** Bytes of this thread's training kernel memory (0 before first use); reset per seed, so flat across seeds of one run. */
export function cbnetMemoryBytes(): number {
  return instance ? instance.memory.buffer.byteLength : 0;
}

/** Train one seed on the WebAssembly kernel (same contract and result as trainCheckerboardTfjs). */
export function trainCheckerboardWasm(cfg: ParsedCbConfig, seed: number, hooks: CbTrainHooks = {}): CbTrainResult {
  const { data, probeData, probeRows, nTrain, nVal, trainColour, trainDirection, total, probeSet, widths } = setupSeed(cfg, seed);
  const k = kernel();
  k.reset();
  const nh = widths.length;
  const hiddenPtr = k.wasm_alloc(4 * nh);
  new Int32Array(k.memory.buffer, hiddenPtr, nh).set(widths);
  const t = k.net_create(data.inputDim, cfg.n, nh, hiddenPtr, cfg.batchSize, cfg.lr, data.rows, probeRows);
  if (t === 0) throw new Error(`cbnet kernel: out of memory for ${cfg.run} (${data.rows} rows of ${data.inputDim} inputs)`);
  const mem = (): ArrayBuffer => k.memory.buffer;
  // Parameters into the padded layout [in, outPad].
  for (const [l, { fanIn, fanOut, w, b }] of fcInitialParams(cfg.net, data.inputDim, cfg.n, deriveSeed(seed, "init")).entries()) {
    const oP = k.net_out_pad(t, l);
    const W = new Float32Array(mem(), k.net_w(t, l), fanIn * oP);
    for (let q = 0; q < fanIn; q++) W.set(w.subarray(q * fanOut, (q + 1) * fanOut), q * oP);
    new Float32Array(mem(), k.net_b(t, l), fanOut).set(b);
  }
  new Float32Array(mem(), k.net_x(t), data.rows * data.inputDim).set(data.x);
  if (k.net_index(t) === 0) throw new Error(`cbnet kernel: out of memory indexing ${data.rows} rows of ${cfg.run}`);
  new Float32Array(mem(), k.net_probe_x(t), probeRows * data.inputDim).set(probeData.x);
  new Int32Array(mem(), k.net_y_colour(t), data.rows).set(trainColour);
  new Int32Array(mem(), k.net_y_direction(t), data.rows).set(trainDirection);

  const probe = (epoch: number) => {
    k.net_probe(t);
    return { epoch, layers: widths.map((wd, l) => Float32Array.from(new Float32Array(mem(), k.net_probe_out(t, l), probeRows * wd))) };
  };
  const shuffleRng = createRng(deriveSeed(seed, "shuffle"));
  const result: CbTrainResult = {
    layerNames: widths.map((_, i) => `layer${i + 1}`),
    widths,
    valAccuracy: [k.net_accuracy(t, nTrain, nVal)],
    trainLoss: [null],
    phase: ["init"],
    probes: [],
    probeColour: probeData.colour,
    probeDirection: probeData.direction,
  };
  if (probeSet.has(0)) result.probes.push(probe(0));
  for (let epoch = 1; epoch <= total; epoch++) {
    const pretraining = epoch <= cfg.pretrainEpochs;
    // Training rows are rows 0..nTrain-1, so the permutation is the row order itself.
    new Int32Array(mem(), k.net_perm(t), nTrain).set(permutation(nTrain, shuffleRng));
    const trainLoss = k.net_epoch(t, nTrain, pretraining ? 0 : 1);
    if (!Number.isFinite(trainLoss)) throw new NonFiniteLossError(seed, epoch, trainLoss);
    const valAccuracy = k.net_accuracy(t, nTrain, nVal);
    result.trainLoss.push(trainLoss);
    result.valAccuracy.push(valAccuracy);
    result.phase.push(pretraining ? "colour" : "direction");
    if (probeSet.has(epoch)) result.probes.push(probe(epoch));
    hooks.onEpoch?.({ epoch, total, trainLoss, valAccuracy });
  }
  return result;
}

/**
 * Decoder fixtures shared by the estimator tests (estimate, decoder-fast, cpu-backend) and
 * scripts/bench-decoders.ts: Gaussian class-shifted rows, one-hot copies of the labels, tasks
 * built from them, and the two decoder families cut to 3 epochs.
 */
import type { DecoderConfig, DecoderTask, LabelledData } from "../../src/interfaces.js";
import { cbDecoder, cifarDecoder } from "../../src/info/index.js";
import { createRng } from "../../src/runtime/rng.js";

/** CB decoder cut to a few epochs: the properties the tests check do not need 100. */
export const cb3: DecoderConfig = { ...cbDecoder(0.05), epochs: 3 };
export const cifar3: DecoderConfig = { ...cifarDecoder(), epochs: 3, batchSize: 32 };

/**
 * Gaussian rows: z_j ~ N(0,1) + signal when j % k === y; labels uniform on k. `zeros`: that share
 * of z set to 0 (ReLU-like). When `zeros` is given (0 included) every entry draws one extra
 * uniform for it, so `zeros: 0` is a different stream from leaving it out.
 */
export function gaussData(seed: number, n: number, dim: number, k: number, signal: number, zeros?: number): LabelledData {
  const r = createRng(seed);
  const z = new Float32Array(n * dim);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const y = r.int(k);
    labels[i] = y;
    for (let j = 0; j < dim; j++) {
      const v = r.normal() + (j % k === y ? signal : 0);
      z[i * dim + j] = zeros === undefined ? v : r.next() < zeros ? 0 : v;
    }
  }
  return { z, dim, labels, numClasses: k };
}

/** Z = one-hot(Y) (the labels copied into the representation). */
export function oneHotData(seed: number, n: number, k: number): LabelledData {
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

export interface GaussTaskOptions {
  nTrain?: number;
  nTest?: number;
  dim?: number;
  k?: number;
  signal?: number;
  seed0?: number;
  /** Passed to gaussData (see there: given, even 0, it changes the stream). */
  zeros?: number;
}

/** `count` tasks of gaussData rows: task s (from seed0) trains on seed 1000 + s, tests on 5000 + s. */
export function gaussTasks(count: number, opts: GaussTaskOptions = {}): DecoderTask[] {
  const { nTrain = 200, nTest = 300, dim = 6, k = 3, signal = 1, seed0 = 1, zeros } = opts;
  const tasks: DecoderTask[] = [];
  for (let d = 0; d < count; d++) {
    const s = seed0 + d;
    tasks.push({ id: `t${s}`, seed: s, train: gaussData(1000 + s, nTrain, dim, k, signal, zeros), test: gaussData(5000 + s, nTest, dim, k, signal, zeros) });
  }
  return tasks;
}

/**
 * Largest |bits| difference allowed between a float32 implementation (fast/wasm, bank) and the
 * float64 reference on the agreement cases (3 to 20 epochs). Measured 2026-12-01: at most 1.9e-6
 * bit (Adam, no batch-norm), ~1e-8 bit for the SGD CB decoder; the bound is 5x the worst case.
 */
export const FLOAT32_AGREEMENT_BITS = 1e-5;

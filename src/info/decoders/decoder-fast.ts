/**
 * Fast CPU decoders: the WebAssembly SIMD kernel (decoder-wasm.ts, src/info/decoders/wasm/decoder.c), each
 * decoder trained on its own (so a decoder's numbers never depend on which other decoders share a
 * call), decoders spread over worker threads.
 *
 * Numerics and random streams are the reference's (decoder-reference.ts) in float32 storage and
 * products: results agree with the float64 reference to float32 rounding (tests state the
 * tolerance) and are bitwise independent of the number of workers.
 *
 * Parallelism: `trainFastDecoders` queues its decoders, one job each, on a pool of worker threads
 * (src/runtime/workers.ts; default os.availableParallelism() workers) whose queue every caller
 * shares, so concurrent calls keep all cores busy. `workers: 1` trains in the calling thread.
 */
import { availableParallelism } from "node:os";
import type { DecoderConfig, DecoderTask } from "../../interfaces.js";
import { WorkerPool } from "../../runtime/workers.js";
import { trainWasmDecoder } from "./decoder-wasm.js";
import type { DecoderBackend, DecoderEval } from "./interface.js";

/**
 * Train one decoder on task.train and evaluate it on task.test in the calling thread.
 * @param onEpoch called after each epoch with the number of completed epochs.
 */
export function trainFastDecoder(task: DecoderTask, cfg: DecoderConfig, onEpoch?: (epochsDone: number) => void): DecoderEval {
  return trainWasmDecoder(task, cfg, onEpoch);
}

// ---------------------------------------------------------------------------------------------
// Worker pool (one shared queue: concurrent calls, e.g. two seeds' decoders, share the workers).

/** A job of decoder-worker.ts and its progress message. */
export type FastWorkerRequest = { task: DecoderTask; cfg: DecoderConfig };
export type FastWorkerProgress = { epochs: number };

export interface FastOptions {
  /**
   * Worker threads (default os.availableParallelism()); 1 trains in the calling thread. Results
   * do not depend on it.
   */
  workers?: number;
  /** Called after each epoch of each decoder with the task's index. */
  onEpoch?: (taskIndex: number, epochsDone: number) => void;
}

const pools = new Map<number, WorkerPool<FastWorkerRequest, DecoderEval, FastWorkerProgress>>();

function poolOf(size: number): WorkerPool<FastWorkerRequest, DecoderEval, FastWorkerProgress> {
  let p = pools.get(size);
  if (!p) {
    const here = import.meta.url;
    p = new WorkerPool(new URL(here.endsWith(".ts") ? "./decoder-worker.ts" : "./decoder-worker.js", here), size);
    pools.set(size, p);
  }
  return p;
}

/** Terminate the pooled worker threads (they are unref'd when idle, so this is optional). */
export async function closeFastWorkers(): Promise<void> {
  const ps = [...pools.values()];
  pools.clear();
  await Promise.all(ps.map((p) => p.close()));
}

/** Default number of workers: the machine's available parallelism. */
export function defaultFastWorkers(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Train and evaluate one fast decoder per task (any shapes; each decoder on its own). Results in
 * input order, bitwise independent of `workers`, of the other tasks and of other calls running
 * at the same time. When decoders throw, rejects (after every job settled) with the error of the
 * lowest-index failing task, as a sequential run would.
 */
export async function trainFastDecoders(tasks: DecoderTask[], cfg: DecoderConfig, opts: FastOptions = {}): Promise<DecoderEval[]> {
  const want = opts.workers ?? defaultFastWorkers();
  if (!(Number.isInteger(want) && want >= 1)) throw new Error(`workers must be a positive integer, got ${want}`);
  if (want <= 1 || tasks.length === 0) {
    return tasks.map((t, i) => trainFastDecoder(t, cfg, opts.onEpoch ? (e) => opts.onEpoch!(i, e) : undefined));
  }
  const pool = poolOf(want);
  const settled = await Promise.allSettled(
    tasks.map((task, i) => pool.run({ task, cfg }, { onProgress: opts.onEpoch ? (p) => opts.onEpoch!(i, p.epochs) : undefined })),
  );
  const failed = settled.findIndex((s) => s.status === "rejected");
  if (failed >= 0) throw (settled[failed] as PromiseRejectedResult).reason;
  return settled.map((s) => (s as PromiseFulfilledResult<DecoderEval>).value);
}

/** The fast decoders as a backend ("fast"): progress after each epoch of each decoder, named by the decoder's index. */
export const fastBackend: DecoderBackend = {
  name: "fast",
  train(tasks, cfg, opts, onProgress) {
    const epochsDone = new Int32Array(tasks.length);
    return trainFastDecoders(tasks, cfg, {
      workers: opts.workers,
      onEpoch: (i, e) => {
        const epochs = e - epochsDone[i];
        epochsDone[i] = e;
        onProgress(epochs, `decoder ${cfg.family} (fast) ${i + 1}/${tasks.length}`);
      },
    });
  },
};

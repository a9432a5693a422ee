/**
 * Fast CPU decoders: the WebAssembly SIMD kernel (decoder-wasm.ts, src/info/wasm/decoder.c), each
 * decoder trained on its own (so a decoder's numbers never depend on which other decoders share a
 * call), decoders spread over worker threads.
 *
 * Numerics and random streams are the reference's (decoder-reference.ts) in float32 storage and
 * products: results agree with the float64 reference to float32 rounding (tests state the
 * tolerance) and are bitwise independent of the number of workers.
 *
 * Parallelism: `trainFastDecoders` hands decoders, one at a time, to a pool of worker threads
 * (default os.availableParallelism(), at most one per decoder). `workers: 1` trains in the calling
 * thread. The pool persists between calls (idle workers are unref'd, so they never keep the
 * process alive; `closeFastWorkers()` ends them). Loading the TypeScript worker: when this module
 * runs as .ts (tsx, vitest), the worker is started as a tiny eval'd ES module that loads
 * decoder-worker.ts through tsx's `tsImport` API (tsx is a devDependency; `--import tsx` in the
 * worker's execArgv does not register the hooks in a Node 20 worker, tested); as compiled .js
 * it loads decoder-worker.js directly.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { DecoderConfig, DecoderDiagnostics, DecoderTask } from "../interfaces.js";
import type { DecoderEval } from "./decoder-reference.js";
import { trainWasmDecoder } from "./decoder-wasm.js";

/**
 * Train one decoder on task.train and evaluate it on task.test in the calling thread.
 * @param onEpoch called after each epoch with the number of completed epochs.
 */
export function trainFastDecoder(task: DecoderTask, cfg: DecoderConfig, onEpoch?: (epochsDone: number) => void): DecoderEval {
  return trainWasmDecoder(task, cfg, onEpoch);
}

// ---------------------------------------------------------------------------------------------
// Worker pool.

/** Messages between the pool and decoder-worker.ts. */
export type FastWorkerRequest = { index: number; task: DecoderTask; cfg: DecoderConfig };
export type FastWorkerReply =
  | { type: "epoch"; index: number; epochs: number }
  | { type: "done"; index: number; ce: Float64Array; correct: number; diagnostics: DecoderDiagnostics }
  | { type: "error"; index: number; message: string };

export interface FastOptions {
  /**
   * Worker threads (default os.availableParallelism(), capped at the number of tasks); 1 trains
   * in the calling thread. Results do not depend on it.
   */
  workers?: number;
  /** Called after each epoch of each decoder with the task's index. */
  onEpoch?: (taskIndex: number, epochsDone: number) => void;
}

const pool: Worker[] = [];

function spawnWorker(): Worker {
  const here = import.meta.url;
  if (here.endsWith(".ts")) {
    const file = new URL("./decoder-worker.ts", here).href;
    const api = import.meta.resolve("tsx/esm/api");
    const boot = `import(${JSON.stringify(api)}).then((a) => a.tsImport(${JSON.stringify(file)}, ${JSON.stringify(file)}));`;
    return new Worker(boot, { eval: true });
  }
  return new Worker(new URL("./decoder-worker.js", here));
}

/** Terminate the pooled worker threads (they are unref'd when idle, so this is optional). */
export async function closeFastWorkers(): Promise<void> {
  const ws = pool.splice(0);
  await Promise.all(ws.map((w) => w.terminate()));
}

/** Default number of workers: the machine's available parallelism. */
export function defaultFastWorkers(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Train and evaluate one fast decoder per task (any shapes; each decoder on its own). Results in
 * input order, bitwise independent of `workers` and of the other tasks. When a decoder throws,
 * rejects with the error of the lowest-index failing task (as a sequential run would).
 */
export async function trainFastDecoders(tasks: DecoderTask[], cfg: DecoderConfig, opts: FastOptions = {}): Promise<DecoderEval[]> {
  const want = opts.workers ?? defaultFastWorkers();
  if (!(Number.isInteger(want) && want >= 1)) throw new Error(`workers must be a positive integer, got ${want}`);
  const nw = Math.min(want, tasks.length);
  if (nw <= 1) {
    return tasks.map((t, i) => trainFastDecoder(t, cfg, opts.onEpoch ? (e) => opts.onEpoch!(i, e) : undefined));
  }
  while (pool.length < nw) pool.push(spawnWorker());
  const workers = pool.slice(0, nw);
  const results: DecoderEval[] = new Array(tasks.length);
  const failures = new Map<number, Error>();
  let next = 0;
  let inFlight = 0;

  return new Promise<DecoderEval[]>((resolve, reject) => {
    let settled = false;
    const cleanup = (): void => {
      for (const w of workers) {
        w.removeAllListeners("message");
        w.removeAllListeners("error");
        w.removeAllListeners("exit");
        w.unref();
      }
    };
    const crash = (w: Worker, err: Error): void => {
      if (settled) return;
      settled = true;
      const at = pool.indexOf(w);
      if (at >= 0) pool.splice(at, 1);
      cleanup();
      void w.terminate();
      reject(new Error(`fast decoder worker failed: ${err.message}`));
    };
    const finishIfDone = (): void => {
      if (settled || inFlight > 0) return;
      if (failures.size > 0) {
        settled = true;
        cleanup();
        reject(failures.get(Math.min(...failures.keys())));
      } else if (next >= tasks.length) {
        settled = true;
        cleanup();
        resolve(results);
      }
    };
    const dispatch = (w: Worker): void => {
      if (failures.size > 0 || next >= tasks.length) return;
      const index = next++;
      inFlight++;
      const req: FastWorkerRequest = { index, task: tasks[index], cfg };
      w.postMessage(req);
    };
    for (const w of workers) {
      w.ref();
      w.on("message", (msg: FastWorkerReply) => {
        if (settled) return;
        if (msg.type === "epoch") {
          opts.onEpoch?.(msg.index, msg.epochs);
          return;
        }
        inFlight--;
        if (msg.type === "done") results[msg.index] = { ce: msg.ce, correct: msg.correct, diagnostics: msg.diagnostics };
        else failures.set(msg.index, new Error(msg.message));
        dispatch(w);
        finishIfDone();
      });
      w.on("error", (err: Error) => crash(w, err));
      w.on("exit", (code: number) => crash(w, new Error(`worker exited with code ${code}`)));
    }
    for (const w of workers) dispatch(w);
  });
}

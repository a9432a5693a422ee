/**
 * Worker-thread pools with one shared job queue: several callers can submit at once (two seeds'
 * decoders, a seed's training beside another's decoders) and every idle worker takes the next
 * job, so neither core idles while work is queued. Results never depend on which worker ran a
 * job: each job is computed from its own request alone.
 *
 * A worker module calls `serveJobs(handler)`; the pool sends {id, request} and gets back
 * progress messages, then the result or the error message. Workers are unref'd while idle, so
 * a pool never keeps the process alive; `close()` ends them.
 *
 * TypeScript workers: when the worker module is a .ts file (tsx, vitest), the thread starts a
 * tiny eval'd ES module that loads it through tsx's `tsImport` API (`--import tsx` in a worker's
 * execArgv does not register the hooks in Node 20, tested); compiled .js loads directly.
 */
import { parentPort, Worker, type Transferable } from "node:worker_threads";

type Reply<R, P> = { id: number; type: "progress"; progress: P } | { id: number; type: "done"; result: R } | { id: number; type: "error"; message: string };

/** Start a worker thread running `module` (a .ts module through tsx, or .js). */
export function spawnModuleWorker(module: URL): Worker {
  if (module.href.endsWith(".ts")) {
    const api = import.meta.resolve("tsx/esm/api");
    const file = JSON.stringify(module.href);
    return new Worker(`import(${JSON.stringify(api)}).then((a) => a.tsImport(${file}, ${file}));`, { eval: true });
  }
  return new Worker(module);
}

interface Job<Q, R, P> {
  id: number;
  request: Q;
  transfer: Transferable[];
  onProgress?: (p: P) => void;
  resolve: (r: R) => void;
  reject: (e: Error) => void;
}

export class WorkerPool<Q, R, P = unknown> {
  private readonly workers: Worker[] = [];
  private readonly busy = new Map<Worker, Job<Q, R, P>>();
  private readonly queue: Job<Q, R, P>[] = [];
  private nextId = 1;

  /**
   * @param module the worker module (calls serveJobs)
   * @param size number of worker threads (>= 1), started on first use
   */
  constructor(
    private readonly module: URL,
    readonly size: number,
  ) {
    if (!(Number.isInteger(size) && size >= 1)) throw new Error(`WorkerPool: size must be a positive integer, got ${size}`);
  }

  /** Queue one job; resolves with its result, rejects with its error. */
  run(request: Q, opts: { transfer?: Transferable[]; onProgress?: (p: P) => void } = {}): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, request, transfer: opts.transfer ?? [], onProgress: opts.onProgress, resolve, reject });
      this.pump();
    });
  }

  /** End every worker; jobs still queued or running are rejected. */
  async close(): Promise<void> {
    const ws = this.workers.splice(0);
    for (const job of this.queue.splice(0)) job.reject(new Error("worker pool closed"));
    for (const [, job] of this.busy) job.reject(new Error("worker pool closed"));
    this.busy.clear();
    await Promise.all(ws.map((w) => w.terminate()));
  }

  private spawn(): Worker {
    const w = spawnModuleWorker(this.module);
    w.on("message", (msg: Reply<R, P>) => {
      const job = this.busy.get(w);
      if (!job || msg.id !== job.id) return;
      if (msg.type === "progress") {
        job.onProgress?.(msg.progress);
        return;
      }
      this.busy.delete(w);
      if (msg.type === "done") job.resolve(msg.result);
      else job.reject(new Error(msg.message));
      this.pump();
    });
    const crash = (err: Error): void => {
      const at = this.workers.indexOf(w);
      if (at < 0) return;
      this.workers.splice(at, 1);
      const job = this.busy.get(w);
      this.busy.delete(w);
      job?.reject(new Error(`worker thread failed (${this.module.pathname.split("/").pop()}): ${err.message}`));
      void w.terminate();
      this.pump();
    };
    w.on("error", crash);
    w.on("exit", (code) => crash(new Error(`exited with code ${code}`)));
    this.workers.push(w);
    return w;
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let idle = this.workers.find((w) => !this.busy.has(w));
      if (!idle && this.workers.length < this.size) idle = this.spawn();
      if (!idle) break;
      const job = this.queue.shift()!;
      this.busy.set(idle, job);
      idle.ref();
      idle.postMessage({ id: job.id, request: job.request }, job.transfer);
    }
    for (const w of this.workers) if (!this.busy.has(w)) w.unref();
  }
}

/**
 * Worker side: answer every job with `handler(request, progress)`. The handler returns the result
 * and the buffers to transfer (not copy) back.
 */
export function serveJobs<Q, R, P>(handler: (request: Q, progress: (p: P) => void) => { result: R; transfer?: Transferable[] } | Promise<{ result: R; transfer?: Transferable[] }>): void {
  const port = parentPort;
  if (!port) throw new Error("serveJobs must run in a worker thread");
  port.on("message", async ({ id, request }: { id: number; request: Q }) => {
    try {
      const { result, transfer } = await handler(request, (progress) => port.postMessage({ id, type: "progress", progress }));
      port.postMessage({ id, type: "done", result }, transfer ?? []);
    } catch (err) {
      port.postMessage({ id, type: "error", message: err instanceof Error ? err.message : String(err) });
    }
  });
}

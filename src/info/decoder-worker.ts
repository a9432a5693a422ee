/**
 * Worker thread of the fast decoder pool (decoder-fast.ts): trains one decoder per request and
 * replies with per-epoch progress, then the evaluation or the error message. Loaded by
 * `trainFastDecoders` (through tsx's tsImport when running as TypeScript).
 */
import { parentPort } from "node:worker_threads";
import { trainFastDecoder, type FastWorkerReply, type FastWorkerRequest } from "./decoder-fast.js";

const port = parentPort;
if (!port) throw new Error("decoder-worker.ts must run in a worker thread");

port.on("message", ({ index, task, cfg }: FastWorkerRequest) => {
  let reply: FastWorkerReply;
  try {
    const ev = trainFastDecoder(task, cfg, (epochs) => port.postMessage({ type: "epoch", index, epochs } satisfies FastWorkerReply));
    reply = { type: "done", index, ce: ev.ce, correct: ev.correct, diagnostics: ev.diagnostics };
    port.postMessage(reply, [ev.ce.buffer as ArrayBuffer]);
  } catch (err) {
    reply = { type: "error", index, message: err instanceof Error ? err.message : String(err) };
    port.postMessage(reply);
  }
});

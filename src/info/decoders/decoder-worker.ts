/**
 * Worker thread of the fast decoder pool (decoder-fast.ts): trains one decoder per job, reports
 * each epoch, and returns the evaluation (its cross-entropy buffer transferred, not copied).
 */
import { serveJobs } from "../../runtime/workers.js";
import { trainFastDecoder, type FastWorkerProgress, type FastWorkerRequest } from "./decoder-fast.js";
import type { DecoderEval } from "./interface.js";

serveJobs<FastWorkerRequest, DecoderEval, FastWorkerProgress>(({ task, cfg }, progress) => {
  const ev = trainFastDecoder(task, cfg, (epochs) => progress({ epochs }));
  return { result: ev, transfer: [ev.ce.buffer as ArrayBuffer] };
});

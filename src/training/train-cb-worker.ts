/**
 * Worker thread of checkerboard training (train-cb.ts `trainCheckerboardInWorker`): one seed per
 * job on the WebAssembly engine, each epoch reported, the probe buffers transferred back.
 */
import { serveJobs } from "../runtime/workers.js";
import { parseCbConfig, type CbRunConfig } from "./cb-run-config.js";
import type { CbTrainResult } from "./cb-setup.js";
import { trainCheckerboardWasm } from "./train-cb-wasm.js";

type Progress = { epoch: number; total: number; trainLoss: number; valAccuracy: number };

serveJobs<{ cfg: CbRunConfig; seed: number }, CbTrainResult, Progress>(({ cfg, seed }, progress) => {
  // A message is new input (a structured clone, not the parsed object): parsed again here.
  const r = trainCheckerboardWasm(parseCbConfig(cfg), seed, { onEpoch: progress });
  return { result: r, transfer: r.probes.flatMap((p) => p.layers.map((l) => l.buffer as ArrayBuffer)) };
});

/**
 * Worker thread of checkerboard training (train-cb.ts `trainCheckerboardInWorker`): one seed per
 * job on the WebAssembly engine, each epoch reported, the probe buffers transferred back.
 */
import { serveJobs } from "../runtime/workers.js";
import type { CbRunConfig } from "./cb-run-config.js";
import type { CbTrainResult } from "./cb-setup.js";
import { trainCheckerboardWasm } from "./train-cb-wasm.js";

type Progress = { epoch: number; total: number; trainLoss: number; valAccuracy: number };

serveJobs<{ cfg: CbRunConfig; seed: number }, CbTrainResult, Progress>(({ cfg, seed }, progress) => {
  const r = trainCheckerboardWasm(cfg, seed, { onEpoch: progress });
  return { result: r, transfer: r.probes.flatMap((p) => p.layers.map((l) => l.buffer as ArrayBuffer)) };
});

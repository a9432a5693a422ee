import { initBackend } from "./src/runtime/backend.js";
import { cbRunConfig, type CbRunId } from "./src/experiments/cb-config.js";
import { trainCheckerboard } from "./src/training/train-cb.js";
await initBackend("wasm");
const run = process.argv[2] as CbRunId; const epochs = Number(process.argv[3]); const seed = Number(process.argv[4] ?? 1);
const cfg = cbRunConfig(run, "ci");
const t0 = performance.now();
trainCheckerboard({ ...cfg, epochs, probeEpochs: [0] }, seed, { onEpoch: (e) => { if (e.epoch % 5 === 0 || e.epoch < 4) console.log(run, seed, e.epoch, e.trainLoss.toFixed(4), e.valAccuracy.toFixed(3), ((performance.now()-t0)/1000).toFixed(1)+"s") } });

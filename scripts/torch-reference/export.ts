/**
 * Writes what reference.py loads: one file per case in the checkpoint format
 * (src/training/cifar-checkpoint.ts; reference.py has a reader), holding the project's initial
 * weights and batch-norm statistics for the case's seed (createCifarModel, exactly what
 * trainCifar starts from), the resumed case's momentum buffers, the images as NHWC bytes, and
 * for the decoder its initial weights, batch order and dropout masks. The files are large
 * (ResNet-18: ~45 MB each) and are not committed; `npm run torch-reference` writes them to a
 * temporary folder and removes it (`-- --keep-inputs DIR` keeps them in DIR).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { initBackend } from "../../src/runtime/backend.js";
import { encodeCheckpoint, type CheckpointBlob } from "../../src/training/cifar-checkpoint.js";
import { createCifarModel, headsFor } from "../../src/training/cifar-trainer.js";
import { decoderCase, decoderCaseBlobs, netCaseImages, netCaseMeta, netCases, resumeCheckpoint, type NetCaseId } from "./cases.js";

export interface ExportOptions {
  /** Seeds other than CASE_SEEDS (the seed search). */
  seeds?: Partial<Record<NetCaseId, number>>;
  /** Only these network cases, and no decoder case (the seed search). */
  only?: NetCaseId[];
}

/** Writes every case (or opts.only) under `dir` with cases.json listing them; returns the file names. */
export async function exportTorchReferenceInputs(dir: string, opts: ExportOptions = {}): Promise<string[]> {
  await initBackend("cpu");
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const c of netCases(opts.seeds)) {
    if (opts.only && !opts.only.includes(c.id)) continue;
    const net = createCifarModel(c.cfg, c.seed, headsFor(c.cfg, c.data.train.numFine, c.data.train.numCoarse));
    try {
      let blobs: CheckpointBlob[];
      if (c.resumeAt > 0) {
        blobs = resumeCheckpoint(c, net).blobs;
      } else {
        blobs = [
          ...net.trainable.map(({ name, variable }) => ({ name: `param/${name}`, shape: [...variable.shape], values: Float32Array.from(variable.dataSync() as Float32Array) })),
          ...net.state.map(({ name, variable }) => ({ name: `state/${name}`, shape: [...variable.shape], values: Float32Array.from(variable.dataSync() as Float32Array) })),
        ];
      }
      const file = `${c.id}.ckpt`;
      writeFileSync(join(dir, file), encodeCheckpoint(netCaseMeta(c), [...blobs, ...netCaseImages(c)]));
      files.push(file);
    } finally {
      net.dispose();
    }
  }
  if (!opts.only) {
    const d = decoderCase();
    const { meta, blobs } = decoderCaseBlobs(d);
    writeFileSync(join(dir, `${d.id}.ckpt`), encodeCheckpoint(meta, blobs));
    files.push(`${d.id}.ckpt`);
  }
  writeFileSync(join(dir, "cases.json"), JSON.stringify({ files }, null, 2));
  return files;
}


/**
 * The images a CIFAR run uses: training rows, validation rows and the fixed probe images, with
 * helpers to take subsets and to fingerprint them (a resumed run must see the same data).
 */
import { createHash } from "node:crypto";
import { CIFAR_IMAGE_BYTES, type CifarSplit } from "../data/cifar.js";
import type { CifarLabelKind } from "./cifar-config.js";

export interface CifarTrainData {
  /** Training rows (shuffled and, if configured, augmented each epoch). */
  train: CifarSplit;
  /** Validation rows: accuracy after every epoch (unaugmented). */
  val: CifarSplit;
  /** Fixed probe images: features at the probe epochs (unaugmented, evaluation mode). */
  probe: CifarSplit;
}

/** Rows `indices` of a split, in that order (a new split sharing nothing with the old one). */
export function subsetCifar(split: CifarSplit, indices: ArrayLike<number>): CifarSplit {
  const n = indices.length;
  const images = new Uint8Array(n * CIFAR_IMAGE_BYTES);
  const fine = new Int32Array(n);
  const coarse = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const j = indices[i];
    if (!Number.isInteger(j) || j < 0 || j >= split.rows) throw new Error(`subsetCifar: index ${j} is outside 0..${split.rows - 1}`);
    images.set(split.images.subarray(j * CIFAR_IMAGE_BYTES, (j + 1) * CIFAR_IMAGE_BYTES), i * CIFAR_IMAGE_BYTES);
    fine[i] = split.fine[j];
    coarse[i] = split.coarse[j];
  }
  return { ...split, rows: n, images, fine, coarse };
}

export function labelsOf(split: CifarSplit, kind: CifarLabelKind): { labels: Int32Array; classes: number } {
  return kind === "fine" ? { labels: split.fine, classes: split.numFine } : { labels: split.coarse, classes: split.numCoarse };
}

/** SHA-256 (16 hex digits) over the images and labels of the three parts. */
export function cifarDataFingerprint(data: CifarTrainData): string {
  const h = createHash("sha256");
  for (const part of ["train", "val", "probe"] as const) {
    const s = data[part];
    h.update(`${part}:${s.dataset}:${s.rows}\0`);
    h.update(s.images);
    h.update(new Uint8Array(s.fine.buffer, s.fine.byteOffset, s.fine.byteLength));
    h.update(new Uint8Array(s.coarse.buffer, s.coarse.byteOffset, s.coarse.byteLength));
  }
  return h.digest("hex").slice(0, 16);
}

/** Checks that the parts are non-empty, of the configured data set, with consistent sizes. */
export function validateCifarData(data: CifarTrainData, dataset: string, needProbe: boolean): void {
  for (const part of ["train", "val", "probe"] as const) {
    const s = data[part];
    if (!s) throw new Error(`CIFAR data: ${part} is missing`);
    if (s.dataset !== dataset) throw new Error(`CIFAR data: ${part} is ${s.dataset}, but the config says dataset ${dataset}`);
    if (s.images.length !== s.rows * CIFAR_IMAGE_BYTES || s.fine.length !== s.rows || s.coarse.length !== s.rows) {
      throw new Error(`CIFAR data: ${part} has ${s.rows} rows but ${s.images.length} image bytes, ${s.fine.length} fine and ${s.coarse.length} coarse labels`);
    }
  }
  if (data.train.rows < 1) throw new Error("CIFAR data: train has no rows");
  if (data.val.rows < 1) throw new Error("CIFAR data: val has no rows");
  if (needProbe && data.probe.rows < 1) throw new Error("CIFAR data: probe has no rows, but probeEpochs is not empty");
}

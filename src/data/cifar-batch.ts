/**
 * Network input batches from CIFAR byte images: gather (optionally augment) the rows at the given
 * indices, normalise per channel, x -> (x / 255 - mean_c) / std_c, and hand them to tfjs as a
 * float32 tensor [b, 32, 32, 3] (NHWC). One batch at a time: only the batch is ever in floats.
 * The normalisation runs in JavaScript (float32 rounding of one expression), so every backend
 * receives bit-identical inputs. Also the per-epoch data order and augmentation stream of a
 * training run, both derived from the run seed and the epoch alone.
 */
import { createRng, deriveSeed, permutation, type Rng } from "../runtime/rng.js";
import { tf } from "../runtime/backend.js";
import { augmentBatch, gatherNhwc, normalisedTable, type AugmentOptions } from "./augment.js";
import { CIFAR_IMAGE_BYTES, CIFAR_SIDE, type ChannelStats } from "./cifar.js";

/** (bytes / 255 - mean) / std per channel, NHWC bytes in, NHWC float32 out. */
export function normaliseNhwc(bytes: Uint8Array, stats: ChannelStats): Float32Array {
  for (let c = 0; c < 3; c++) {
    if (!(stats.std[c] > 0) || !Number.isFinite(stats.mean[c])) {
      throw new Error(`normalise: channel ${c} needs a finite mean and std > 0, got mean ${stats.mean[c]}, std ${stats.std[c]}`);
    }
  }
  const scale = stats.std.map((s) => 1 / (255 * s));
  const shift = stats.mean.map((m, c) => m / stats.std[c]);
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i += 3) {
    out[i] = bytes[i] * scale[0] - shift[0];
    out[i + 1] = bytes[i + 1] * scale[1] - shift[1];
    out[i + 2] = bytes[i + 2] * scale[2] - shift[2];
  }
  return out;
}

export interface CifarBatchOptions {
  /** Per-channel statistics to normalise with (usually CIFAR_TRAIN_STATS[dataset]). */
  stats: ChannelStats;
  /** Augment with this stream (mean-colour pad, crop, flip; see augment.ts); absent: the images as they are. */
  augmentRng?: Rng;
  /** Augmentation settings (default pad 4, flip on). */
  augment?: AugmentOptions;
}

/** The batch as normalised NHWC floats (what the tensor holds). */
export function cifarBatchFloats(images: Uint8Array, indices: ArrayLike<number>, opts: CifarBatchOptions): Float32Array {
  if (images.length % CIFAR_IMAGE_BYTES !== 0) {
    throw new Error(`cifar batch: images hold ${images.length} bytes, not a multiple of ${CIFAR_IMAGE_BYTES}`);
  }
  if (opts.augmentRng) return augmentBatch(images, indices, opts.augmentRng, normalisedTable(opts.stats), opts.augment);
  return normaliseNhwc(gatherNhwc(images, indices), opts.stats);
}

/** float32 tensor [b, 32, 32, 3], normalised; the caller disposes it. */
export function cifarBatchTensor(images: Uint8Array, indices: ArrayLike<number>, opts: CifarBatchOptions): tf.Tensor4D {
  const x = cifarBatchFloats(images, indices, opts);
  return tf.tensor4d(x, [indices.length, CIFAR_SIDE, CIFAR_SIDE, 3], "float32");
}

/** labels[indices] as a new Int32Array. */
export function gatherLabels(labels: Int32Array, indices: ArrayLike<number>): Int32Array {
  const out = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i];
    if (!Number.isInteger(j) || j < 0 || j >= labels.length) throw new Error(`label index ${j} is outside 0..${labels.length - 1}`);
    out[i] = labels[j];
  }
  return out;
}

function checkEpoch(what: string, epoch: number): void {
  if (!Number.isInteger(epoch) || epoch < 1) throw new Error(`${what}: epoch must be an integer >= 1 (epochs count from 1), got ${epoch}`);
}

/**
 * The order in which training epoch `epoch` (counted from 1) visits the `rows` training rows: a
 * Fisher-Yates permutation from deriveSeed(seed, "shuffle", epoch). The same (seed, epoch) gives
 * the same order, on any machine and after a resume; another seed or epoch gives another.
 */
export function epochOrder(seed: number, epoch: number, rows: number): Int32Array {
  checkEpoch("epochOrder", epoch);
  if (!Number.isInteger(rows) || rows < 1) throw new Error(`epochOrder: rows must be a positive integer, got ${rows}`);
  return permutation(rows, createRng(deriveSeed(seed, "shuffle", epoch)));
}

/** The augmentation stream of training epoch `epoch` (counted from 1): createRng(deriveSeed(seed, "augment", epoch)). */
export function epochAugmentRng(seed: number, epoch: number): Rng {
  checkEpoch("epochAugmentRng", epoch);
  return createRng(deriveSeed(seed, "augment", epoch));
}

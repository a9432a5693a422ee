/**
 * Training-time augmentation of CIFAR images (PROTOCOL.md section 2, details registered
 * 2026-12-02): pad 4 pixels on every side with the per-channel MEAN colour, take a random 32x32
 * crop, flip horizontally with probability 1/2 (torchvision's `RandomCrop(32, padding=4)` then
 * `RandomHorizontalFlip()`, with the pad value of the first author's related public code), and
 * normalise per channel with the full training set's statistics. A padded pixel is the channel
 * mean before normalisation and exactly 0 after; every other pixel is its source pixel,
 * normalised bit for bit as normaliseNhwc (cifar-batch.ts) does it.
 *
 * Input: images in the channel-planar layout of cifar.ts (image i at i*3072: R, G, B planes,
 * 32x32 row-major). Output: the batch as NHWC float32 [b, 32, 32, 3], the values given by a
 * PixelTable (normalised for training; pixel / 255 for checking the definition). A pure function
 * of (images, indices, rng state): the same seed gives the same batch.
 */
import type { Rng } from "../runtime/rng.js";
import { CIFAR_IMAGE_BYTES, CIFAR_PLANE, CIFAR_SIDE, type ChannelStats } from "./cifar.js";

/** One image's augmentation: the crop's top-left corner in the padded image, and the flip. */
export interface AugmentDraw {
  /** Row of the crop's top-left corner in the padded image, 0..2*pad; pad means no shift. */
  top: number;
  /** Column of the crop's top-left corner in the padded image, 0..2*pad. */
  left: number;
  /** Mirror left-right after cropping. */
  flip: boolean;
}

export interface AugmentOptions {
  /** Mean-colour padding on each side before the random crop (paper: 4). 0 disables the crop. */
  pad?: number;
  /** Random horizontal flip with probability 1/2 (paper: true). */
  flip?: boolean;
}

/** Padding of the random crop, pixels per side (PROTOCOL.md section 2: "pad 4 + random 32x32 crop"). */
export const CIFAR_AUGMENT_PAD = 4;

/**
 * What each pixel becomes in the output: `values[c * 256 + v]` for a source byte v of channel c,
 * `pad[c]` for a padded pixel of channel c.
 */
export interface PixelTable {
  values: Float32Array;
  pad: readonly [number, number, number];
}

function checkStats(stats: ChannelStats): void {
  for (let c = 0; c < 3; c++) {
    if (!(stats.std[c] > 0) || !Number.isFinite(stats.std[c]) || !Number.isFinite(stats.mean[c])) {
      throw new Error(`augment: channel ${c} needs a finite mean and a finite std > 0, got mean ${stats.mean[c]}, std ${stats.std[c]}`);
    }
  }
}

/**
 * The training table: byte v of channel c -> (v / 255 - mean_c) / std_c, computed with the same
 * float64 expression and float32 rounding as normaliseNhwc; a padded pixel -> 0 (the mean colour,
 * normalised).
 */
export function normalisedTable(stats: ChannelStats): PixelTable {
  checkStats(stats);
  const values = new Float32Array(3 * 256);
  for (let c = 0; c < 3; c++) {
    const scale = 1 / (255 * stats.std[c]);
    const shift = stats.mean[c] / stats.std[c];
    for (let v = 0; v < 256; v++) values[c * 256 + v] = v * scale - shift;
  }
  return { values, pad: [0, 0, 0] };
}

/** The table before normalisation: byte v -> v / 255, a padded pixel -> the channel mean (same units). */
export function unnormalisedTable(stats: ChannelStats): PixelTable {
  checkStats(stats);
  const values = new Float32Array(3 * 256);
  for (let c = 0; c < 3; c++) for (let v = 0; v < 256; v++) values[c * 256 + v] = v / 255;
  return { values, pad: [stats.mean[0], stats.mean[1], stats.mean[2]] };
}

/** The identity draw for a given pad (centre crop, no flip). */
export function identityDraw(pad: number = CIFAR_AUGMENT_PAD): AugmentDraw {
  return { top: pad, left: pad, flip: false };
}

function checkPad(pad: number): void {
  if (!Number.isInteger(pad) || pad < 0 || pad > CIFAR_SIDE) throw new Error(`augment: pad must be an integer in 0..32, got ${pad}`);
}

/** Draw one image's augmentation. Order of draws: top, left, flip (each only when enabled). */
export function drawAugmentation(rng: Rng, opts: AugmentOptions = {}): AugmentDraw {
  const pad = opts.pad ?? CIFAR_AUGMENT_PAD;
  checkPad(pad);
  const top = pad > 0 ? rng.int(2 * pad + 1) : 0;
  const left = pad > 0 ? rng.int(2 * pad + 1) : 0;
  const flip = (opts.flip ?? true) ? rng.next() < 0.5 : false;
  return { top, left, flip };
}

function checkIndex(images: Uint8Array, index: number): void {
  const rows = images.length / CIFAR_IMAGE_BYTES;
  if (!Number.isInteger(index) || index < 0 || index >= rows) {
    throw new Error(`image index ${index} is outside 0..${rows - 1}`);
  }
}

/**
 * Write planar image `index`, cropped and flipped as `draw` says (with `pad` pixels of padding),
 * into slot `slot` of the NHWC float batch `out`, through `table`. Output pixel (y, x, c) =
 * padded[top + y][left + x'][c] with x' = flip ? 31 - x : x, where padded[py][px] is the source
 * pixel (py - pad, px - pad) when that lies in the image, else the pad value.
 */
export function placeImage(images: Uint8Array, index: number, out: Float32Array, slot: number, draw: AugmentDraw, pad: number, table: PixelTable): void {
  checkIndex(images, index);
  checkPad(pad);
  if (!(draw.top >= 0 && draw.top <= 2 * pad && draw.left >= 0 && draw.left <= 2 * pad)) {
    throw new Error(`augment: crop corner (${draw.top}, ${draw.left}) is outside 0..${2 * pad} for pad ${pad}`);
  }
  const { values } = table;
  const [p0, p1, p2] = table.pad;
  const src = index * CIFAR_IMAGE_BYTES;
  const dst = slot * CIFAR_IMAGE_BYTES;
  const dy = draw.top - pad;
  const dx = draw.left - pad;
  for (let y = 0; y < CIFAR_SIDE; y++) {
    const sy = y + dy;
    const rowOut = dst + y * CIFAR_SIDE * 3;
    const rowInside = sy >= 0 && sy < CIFAR_SIDE;
    const rowIn = src + sy * CIFAR_SIDE;
    for (let x = 0; x < CIFAR_SIDE; x++) {
      const sx = (draw.flip ? CIFAR_SIDE - 1 - x : x) + dx;
      const o = rowOut + x * 3;
      if (!rowInside || sx < 0 || sx >= CIFAR_SIDE) {
        out[o] = p0;
        out[o + 1] = p1;
        out[o + 2] = p2;
      } else {
        const i = rowIn + sx;
        out[o] = values[images[i]];
        out[o + 1] = values[256 + images[i + CIFAR_PLANE]];
        out[o + 2] = values[512 + images[i + 2 * CIFAR_PLANE]];
      }
    }
  }
}

/** The images at `indices` as NHWC bytes [b, 32, 32, 3], unaugmented. */
export function gatherNhwc(images: Uint8Array, indices: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(indices.length * CIFAR_IMAGE_BYTES);
  for (let b = 0; b < indices.length; b++) {
    const index = indices[b];
    checkIndex(images, index);
    const src = index * CIFAR_IMAGE_BYTES;
    const dst = b * CIFAR_IMAGE_BYTES;
    for (let k = 0; k < CIFAR_PLANE; k++) {
      out[dst + 3 * k] = images[src + k];
      out[dst + 3 * k + 1] = images[src + CIFAR_PLANE + k];
      out[dst + 3 * k + 2] = images[src + 2 * CIFAR_PLANE + k];
    }
  }
  return out;
}

/**
 * The images at `indices`, each padded with the mean colour, randomly cropped and flipped, as
 * NHWC float32 [b, 32, 32, 3] through `table` (normalisedTable for training). Draws per image, in
 * batch order: drawAugmentation(rng, opts).
 */
export function augmentBatch(images: Uint8Array, indices: ArrayLike<number>, rng: Rng, table: PixelTable, opts: AugmentOptions = {}): Float32Array {
  const pad = opts.pad ?? CIFAR_AUGMENT_PAD;
  checkPad(pad);
  if (table.values.length !== 3 * 256) throw new Error(`augment: a pixel table holds 768 values (3 channels x 256 bytes), got ${table.values.length}`);
  const out = new Float32Array(indices.length * CIFAR_IMAGE_BYTES);
  for (let b = 0; b < indices.length; b++) placeImage(images, indices[b], out, b, drawAugmentation(rng, { ...opts, pad }), pad, table);
  return out;
}

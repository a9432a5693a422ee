/**
 * Training-time augmentation of CIFAR images (CLAIMS.md section 2): zero-pad 4 pixels on every
 * side, take a random 32x32 crop, flip horizontally with probability 1/2 -- the torchvision
 * `RandomCrop(32, padding=4)` + `RandomHorizontalFlip()` pipeline. Padding is with byte 0 (black)
 * BEFORE normalisation, as torchvision pads the PIL image, so a padded pixel normalises to
 * -mean/std, not to 0.
 *
 * Input: images in the channel-planar layout of cifar.ts (image i at i*3072: R, G, B planes,
 * 32x32 row-major). Output: the batch as NHWC bytes [b, 32, 32, 3], ready for the tensor builder.
 * A pure function of (images, indices, rng state): the same seed gives the same batch.
 */
import type { Rng } from "../runtime/rng.js";
import { CIFAR_IMAGE_BYTES, CIFAR_PLANE, CIFAR_SIDE } from "./cifar.js";

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
  /** Zero padding on each side before the random crop (paper: 4). 0 disables the crop. */
  pad?: number;
  /** Random horizontal flip with probability 1/2 (paper: true). */
  flip?: boolean;
}

export const CIFAR_AUGMENT_PAD = 4;

/** The identity draw for a given pad (centre crop, no flip). */
export function identityDraw(pad: number = CIFAR_AUGMENT_PAD): AugmentDraw {
  return { top: pad, left: pad, flip: false };
}

/** Draw one image's augmentation. Order of draws: top, left, flip (each only when enabled). */
export function drawAugmentation(rng: Rng, opts: AugmentOptions = {}): AugmentDraw {
  const pad = opts.pad ?? CIFAR_AUGMENT_PAD;
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
 * Write planar image `index`, cropped and flipped as `draw` says (with `pad` zero padding), into
 * slot `slot` of the NHWC byte batch `out`. Output pixel (y, x, c) =
 * padded[top + y][left + x'] with x' = flip ? 31 - x : x, where padded[py][px] is the source pixel
 * (py - pad, px - pad) or 0 outside the image.
 */
export function placeImage(images: Uint8Array, index: number, out: Uint8Array, slot: number, draw: AugmentDraw, pad: number): void {
  checkIndex(images, index);
  const src = index * CIFAR_IMAGE_BYTES;
  const dst = slot * CIFAR_IMAGE_BYTES;
  const dy = draw.top - pad;
  const dx = draw.left - pad;
  for (let y = 0; y < CIFAR_SIDE; y++) {
    const sy = y + dy;
    const rowOut = dst + y * CIFAR_SIDE * 3;
    if (sy < 0 || sy >= CIFAR_SIDE) {
      out.fill(0, rowOut, rowOut + CIFAR_SIDE * 3);
      continue;
    }
    const rowIn = src + sy * CIFAR_SIDE;
    for (let x = 0; x < CIFAR_SIDE; x++) {
      const sx = (draw.flip ? CIFAR_SIDE - 1 - x : x) + dx;
      const o = rowOut + x * 3;
      if (sx < 0 || sx >= CIFAR_SIDE) {
        out[o] = 0;
        out[o + 1] = 0;
        out[o + 2] = 0;
      } else {
        const i = rowIn + sx;
        out[o] = images[i];
        out[o + 1] = images[i + CIFAR_PLANE];
        out[o + 2] = images[i + 2 * CIFAR_PLANE];
      }
    }
  }
}

/** The images at `indices` as NHWC bytes [b, 32, 32, 3], unaugmented. */
export function gatherNhwc(images: Uint8Array, indices: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(indices.length * CIFAR_IMAGE_BYTES);
  const id = identityDraw(0);
  for (let b = 0; b < indices.length; b++) placeImage(images, indices[b], out, b, id, 0);
  return out;
}

/**
 * The images at `indices`, each padded, randomly cropped and flipped, as NHWC bytes [b, 32, 32, 3].
 * Draws per image, in batch order: drawAugmentation(rng, opts).
 */
export function augmentBatch(images: Uint8Array, indices: ArrayLike<number>, rng: Rng, opts: AugmentOptions = {}): Uint8Array {
  const pad = opts.pad ?? CIFAR_AUGMENT_PAD;
  if (!Number.isInteger(pad) || pad < 0 || pad > CIFAR_SIDE) throw new Error(`augment: pad must be an integer in 0..32, got ${pad}`);
  const out = new Uint8Array(indices.length * CIFAR_IMAGE_BYTES);
  for (let b = 0; b < indices.length; b++) placeImage(images, indices[b], out, b, drawAugmentation(rng, { ...opts, pad }), pad);
  return out;
}

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { augmentBatch, drawAugmentation, gatherNhwc, placeImage, type AugmentDraw } from "../../src/data/augment.js";
import { CIFAR_IMAGE_BYTES, loadCifar } from "../../src/data/cifar.js";
import { REPO_ROOT } from "../../src/runtime/files.js";
import { createRng } from "../../src/runtime/rng.js";

const PAD = 4;

/** Planar images whose pixel (c, y, x) identifies its position: R = y + 1, G = x + 1, B = 100 + image. */
function planted(n: number): Uint8Array {
  const out = new Uint8Array(n * CIFAR_IMAGE_BYTES);
  for (let i = 0; i < n; i++) {
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        const o = i * CIFAR_IMAGE_BYTES + y * 32 + x;
        out[o] = y + 1;
        out[o + 1024] = x + 1;
        out[o + 2048] = 100 + i;
      }
    }
  }
  return out;
}

/** Output pixel (y, x) of the batch slot, as [R, G, B]. */
function px(batch: Uint8Array, slot: number, y: number, x: number): number[] {
  const o = slot * CIFAR_IMAGE_BYTES + (y * 32 + x) * 3;
  return [batch[o], batch[o + 1], batch[o + 2]];
}

/** What output pixel (y, x) must hold under draw d (from the definition, independently of placeImage). */
function expected(image: number, d: AugmentDraw, y: number, x: number): number[] {
  const xc = d.flip ? 31 - x : x;
  const sy = d.top + y - PAD;
  const sx = d.left + xc - PAD;
  if (sy < 0 || sy > 31 || sx < 0 || sx > 31) return [0, 0, 0];
  return [sy + 1, sx + 1, 100 + image];
}

describe("CIFAR augmentation: pad 4 + random crop + random horizontal flip", () => {
  it("the centre crop without flip is the image itself (NHWC)", () => {
    const imgs = planted(3);
    const out = new Uint8Array(CIFAR_IMAGE_BYTES);
    placeImage(imgs, 2, out, 0, { top: PAD, left: PAD, flip: false }, PAD);
    expect(Array.from(out)).toEqual(Array.from(gatherNhwc(imgs, [2])));
    expect(px(out, 0, 7, 11)).toEqual([8, 12, 102]);
  });

  it("crop at the top-left corner shifts the image down-right by 4 with a zero border", () => {
    const imgs = planted(1);
    const out = new Uint8Array(CIFAR_IMAGE_BYTES);
    placeImage(imgs, 0, out, 0, { top: 0, left: 0, flip: false }, PAD);
    expect(px(out, 0, 0, 0)).toEqual([0, 0, 0]);
    expect(px(out, 0, 3, 20)).toEqual([0, 0, 0]);
    expect(px(out, 0, 20, 3)).toEqual([0, 0, 0]);
    expect(px(out, 0, 4, 4)).toEqual([1, 1, 100]); // source (0, 0)
    expect(px(out, 0, 31, 31)).toEqual([28, 28, 100]); // source (27, 27)
    placeImage(imgs, 0, out, 0, { top: 8, left: 8, flip: false }, PAD);
    expect(px(out, 0, 0, 0)).toEqual([5, 5, 100]); // source (4, 4)
    expect(px(out, 0, 27, 27)).toEqual([32, 32, 100]);
    expect(px(out, 0, 28, 10)).toEqual([0, 0, 0]);
  });

  it("flip mirrors columns: out(y, x) = in(y, 31 - x)", () => {
    const imgs = planted(1);
    const out = new Uint8Array(CIFAR_IMAGE_BYTES);
    placeImage(imgs, 0, out, 0, { top: PAD, left: PAD, flip: true }, PAD);
    for (const [y, x] of [[0, 0], [5, 9], [31, 31]]) expect(px(out, 0, y, x)).toEqual([y + 1, 31 - x + 1, 100]);
    // Flip after crop: left = 0 pads the left of the crop, which the flip moves to the right.
    placeImage(imgs, 0, out, 0, { top: PAD, left: 0, flip: true }, PAD);
    expect(px(out, 0, 0, 31)).toEqual([0, 0, 0]);
    expect(px(out, 0, 0, 27)).toEqual([1, 1, 100]);
    expect(px(out, 0, 0, 0)).toEqual([1, 28, 100]); // crop column 31 = source column 27
  });

  it("every pixel of a random batch matches the definition under the drawn crops and flips", () => {
    const imgs = planted(5);
    const idx = [4, 0, 2, 2, 1, 3, 0, 4];
    const batch = augmentBatch(imgs, idx, createRng(11));
    const rng = createRng(11);
    idx.forEach((img, slot) => {
      const d = drawAugmentation(rng);
      for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) expect(px(batch, slot, y, x)).toEqual(expected(img, d, y, x));
    });
  });

  it("same seed same batch, different seed different batch; the input is not modified", () => {
    const d = loadCifar({ dataset: "cifar10", split: "train", batches: [1], dir: join(REPO_ROOT, "fixtures", "cifar", "cifar-10-batches-bin") });
    const copy = d.images.slice();
    const idx = Array.from({ length: 16 }, (_, i) => (i * 7) % d.rows);
    const a = augmentBatch(d.images, idx, createRng(5));
    const b = augmentBatch(d.images, idx, createRng(5));
    const c = augmentBatch(d.images, idx, createRng(6));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
    expect(Buffer.from(d.images).equals(Buffer.from(copy))).toBe(true);
    // The rng advances: two consecutive batches from one stream differ.
    const rng = createRng(5);
    expect(Buffer.from(augmentBatch(d.images, idx, rng)).equals(Buffer.from(augmentBatch(d.images, idx, rng)))).toBe(false);
  });

  it("offsets are uniform on 0..8 and flips happen half the time", () => {
    const rng = createRng(3);
    const n = 9000;
    const top = new Array(9).fill(0);
    const left = new Array(9).fill(0);
    let flips = 0;
    for (let i = 0; i < n; i++) {
      const d = drawAugmentation(rng);
      top[d.top]++;
      left[d.left]++;
      if (d.flip) flips++;
    }
    // 1000 expected per cell, sd ~30: 150 is a 5-sigma band.
    for (const k of [...top, ...left]) expect(Math.abs(k - 1000)).toBeLessThan(150);
    expect(Math.abs(flips / n - 0.5)).toBeLessThan(0.025);
  });

  it("pad 0 and flip off leave the images unchanged; bad options and indices are rejected", () => {
    const imgs = planted(2);
    expect(Array.from(augmentBatch(imgs, [1, 0], createRng(9), { pad: 0, flip: false }))).toEqual(Array.from(gatherNhwc(imgs, [1, 0])));
    expect(() => augmentBatch(imgs, [0], createRng(9), { pad: -1 })).toThrow(/pad must be an integer in 0..32, got -1/);
    expect(() => augmentBatch(imgs, [2], createRng(9))).toThrow(/image index 2 is outside 0..1/);
    expect(() => augmentBatch(imgs, [0.5], createRng(9))).toThrow(/image index 0.5/);
  });
});

/**
 * CIFAR augmentation against the protocol's definition (PROTOCOL.md section 2, registered
 * 2026-12-02): pad 4 with the per-channel mean colour, random 32x32 crop, horizontal flip,
 * per-channel normalisation with the full training set's statistics; and the per-epoch data order
 * and augmentation stream, reproducible from the seed. Planted images say which source pixel
 * lands where; the expected values are computed here from the definition, not by the code tested.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { augmentBatch, CIFAR_AUGMENT_PAD, drawAugmentation, normalisedTable, placeImage, unnormalisedTable, type AugmentDraw, type PixelTable } from "../../src/data/augment.js";
import { cifarBatchFloats, epochAugmentRng, epochOrder, normaliseNhwc } from "../../src/data/cifar-batch.js";
import { channelStats, CIFAR_IMAGE_BYTES, CIFAR_TRAIN_STATS, loadCifar, type ChannelStats } from "../../src/data/cifar.js";
import { REPO_ROOT } from "../../src/runtime/files.js";
import { createRng } from "../../src/runtime/rng.js";

const PAD = 4;
/** The real CIFAR-10 training subset in ../shared/data (or $CIFAR_SHARED_DIR); the test that needs it is skipped, saying so, without it. */
const SUBSET_DIR = join(process.env.CIFAR_SHARED_DIR ? resolve(process.env.CIFAR_SHARED_DIR) : resolve(REPO_ROOT, "..", "shared", "data"), "cifar-10-batches-bin");
const HAVE_SUBSET = existsSync(join(SUBSET_DIR, "data_batch_1.bin"));
const SUBSET_REASON = HAVE_SUBSET ? "" : ` (skipped: no real CIFAR-10 subset at ${SUBSET_DIR}; set CIFAR_SHARED_DIR)`;
/** Pad values no byte can take, so a test sees exactly which output pixels are padding. */
const SENTINEL: [number, number, number] = [-1, -2, -3];
/** Identity table: a source byte stays itself, a padded pixel becomes SENTINEL. */
const IDENTITY: PixelTable = { values: Float32Array.from({ length: 768 }, (_, i) => i % 256), pad: SENTINEL };

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
function px(batch: Float32Array, slot: number, y: number, x: number): number[] {
  const o = slot * CIFAR_IMAGE_BYTES + (y * 32 + x) * 3;
  return [batch[o], batch[o + 1], batch[o + 2]];
}

/** Source pixel (row, column) that output pixel (y, x) shows under draw d, or null for padding (from the definition). */
function source(d: AugmentDraw, y: number, x: number, pad = PAD): [number, number] | null {
  const xc = d.flip ? 31 - x : x;
  const sy = d.top + y - pad;
  const sx = d.left + xc - pad;
  return sy < 0 || sy > 31 || sx < 0 || sx > 31 ? null : [sy, sx];
}

/** What output pixel (y, x) of planted image `image` holds under draw d with the identity table. */
function expected(image: number, d: AugmentDraw, y: number, x: number): number[] {
  const s = source(d, y, x);
  return s === null ? SENTINEL : [s[0] + 1, s[1] + 1, 100 + image];
}

function one(images: Uint8Array, index: number, draw: AugmentDraw, table: PixelTable = IDENTITY): Float32Array {
  const out = new Float32Array(CIFAR_IMAGE_BYTES);
  placeImage(images, index, out, 0, draw, PAD, table);
  return out;
}

describe("CIFAR augmentation: which pixels move where", () => {
  it("the centre crop without flip is the image itself (NHWC)", () => {
    const out = one(planted(3), 2, { top: PAD, left: PAD, flip: false });
    for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) expect(px(out, 0, y, x)).toEqual([y + 1, x + 1, 102]);
  });

  it("a crop at the top-left corner shifts the image down-right by 4 with a padded border; at the far corner, up-left", () => {
    const imgs = planted(1);
    let out = one(imgs, 0, { top: 0, left: 0, flip: false });
    expect(px(out, 0, 0, 0)).toEqual(SENTINEL);
    expect(px(out, 0, 3, 20)).toEqual(SENTINEL);
    expect(px(out, 0, 20, 3)).toEqual(SENTINEL);
    expect(px(out, 0, 4, 4)).toEqual([1, 1, 100]); // source (0, 0)
    expect(px(out, 0, 31, 31)).toEqual([28, 28, 100]); // source (27, 27)
    // Exactly 4 rows and 4 columns of padding: 4 * 32 + 28 * 4 = 240 pixels.
    let padded = 0;
    for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) if (px(out, 0, y, x)[0] === -1) padded++;
    expect(padded).toBe(240);
    out = one(imgs, 0, { top: 8, left: 8, flip: false });
    expect(px(out, 0, 0, 0)).toEqual([5, 5, 100]); // source (4, 4)
    expect(px(out, 0, 27, 27)).toEqual([32, 32, 100]);
    expect(px(out, 0, 28, 10)).toEqual(SENTINEL);
  });

  it("flip mirrors the crop: out(y, x) = crop(y, 31 - x), so left padding ends up on the right", () => {
    const imgs = planted(1);
    let out = one(imgs, 0, { top: PAD, left: PAD, flip: true });
    for (const [y, x] of [[0, 0], [5, 9], [31, 31]]) expect(px(out, 0, y, x)).toEqual([y + 1, 31 - x + 1, 100]);
    out = one(imgs, 0, { top: PAD, left: 0, flip: true });
    expect(px(out, 0, 0, 31)).toEqual(SENTINEL);
    expect(px(out, 0, 0, 27)).toEqual([1, 1, 100]);
    expect(px(out, 0, 0, 0)).toEqual([1, 28, 100]); // crop column 31 = source column 27
  });

  it("every pixel of a random batch matches the definition under the drawn crops and flips", () => {
    const imgs = planted(5);
    const idx = [4, 0, 2, 2, 1, 3, 0, 4];
    const batch = augmentBatch(imgs, idx, createRng(11), IDENTITY);
    const rng = createRng(11);
    const draws = idx.map(() => drawAugmentation(rng));
    // The seed draws crops that shift and flips of both kinds, so this covers the interesting cases.
    expect(draws.some((d) => d.flip) && draws.some((d) => !d.flip) && draws.some((d) => d.top !== PAD || d.left !== PAD)).toBe(true);
    idx.forEach((img, slot) => {
      for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) expect(px(batch, slot, y, x)).toEqual(expected(img, draws[slot], y, x));
    });
  });
});

describe("CIFAR augmentation: the pad value is the channel mean (0 after normalisation)", () => {
  /** A planted image with a black (byte 0) first row and bright rest: black is what the old padding used. */
  function blackTopRow(): Uint8Array {
    const img = new Uint8Array(CIFAR_IMAGE_BYTES);
    for (let c = 0; c < 3; c++) for (let k = 32; k < 1024; k++) img[c * 1024 + k] = 200 + c;
    return img;
  }
  const stats = CIFAR_TRAIN_STATS.cifar10;
  const corner: AugmentDraw = { top: 0, left: 0, flip: false };

  it("before normalisation: every padded pixel equals the channel mean; every other pixel is its source / 255", () => {
    const out = one(blackTopRow(), 0, corner, unnormalisedTable(stats));
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        const s = source(corner, y, x);
        const want = s === null ? stats.mean.map(Math.fround) : [0, 1, 2].map((c) => Math.fround((s[0] === 0 ? 0 : 200 + c) / 255));
        expect(px(out, 0, y, x), `pixel (${y}, ${x})`).toEqual(want);
      }
    }
    // The border is the mean colour (about (125, 123, 114) in bytes), not black.
    expect(px(out, 0, 0, 0).map((v) => Math.round(v * 255))).toEqual([125, 123, 114]);
  });

  it("after normalisation: every padded pixel is exactly 0; a black source pixel is -mean/std, not 0", () => {
    const img = blackTopRow();
    const out = one(img, 0, corner, normalisedTable(stats));
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        const s = source(corner, y, x);
        const got = px(out, 0, y, x);
        if (s === null) expect(got, `padded pixel (${y}, ${x})`).toEqual([0, 0, 0]);
        else for (let c = 0; c < 3; c++) expect(got[c]).toBeCloseTo(((s[0] === 0 ? 0 : 200 + c) / 255 - stats.mean[c]) / stats.std[c], 5);
      }
    }
    // Output row 4 is source row 0 (black): -mean/std per channel, about -1.99, -1.98, -1.71.
    expect(px(out, 0, 4, 10).map((v) => Number(v.toFixed(2)))).toEqual([-1.99, -1.98, -1.71]);
  });

  it("the training path (cifarBatchFloats with an augmentation stream): padding 0, every image pixel bit-identical to normaliseNhwc", () => {
    const d = loadCifar({ dataset: "cifar10", split: "train", batches: [1], dir: join(REPO_ROOT, "fixtures", "cifar", "cifar-10-batches-bin") });
    const idx = [0, 5, 9, 3, 17, 5];
    const x = cifarBatchFloats(d.images, idx, { stats, augmentRng: createRng(21) });
    const rng = createRng(21);
    let paddedSeen = 0;
    idx.forEach((img, slot) => {
      const draw = drawAugmentation(rng);
      for (let y = 0; y < 32; y++) {
        for (let xo = 0; xo < 32; xo++) {
          const s = source(draw, y, xo);
          const got = px(x, slot, y, xo);
          if (s === null) {
            paddedSeen++;
            expect(got).toEqual([0, 0, 0]);
            continue;
          }
          const k = img * CIFAR_IMAGE_BYTES + s[0] * 32 + s[1];
          const bytes = Uint8Array.from([d.images[k], d.images[k + 1024], d.images[k + 2048]]);
          expect(got).toEqual(Array.from(normaliseNhwc(bytes, stats)));
        }
      }
    });
    expect(paddedSeen).toBeGreaterThan(0);
  });

  it.skipIf(!HAVE_SUBSET)(`the full-training-set statistics normalise a real training subset to mean ~0 and SD ~1 per channel${SUBSET_REASON}`, () => {
    const d = loadCifar({ dataset: "cifar10", split: "train", batches: [1], dir: SUBSET_DIR });
    // Normalised moments from the subset's exact pixel statistics: mean (m - M) / S, SD s / S.
    const sub = channelStats(d.images);
    const normalised = (s: ChannelStats) => [0, 1, 2].map((c) => ({ mean: (sub.mean[c] - s.mean[c]) / s.std[c], sd: sub.std[c] / s.std[c] }));
    // A 10,000-image subset of the same distribution lands within 0.03 of (0, 1) (its README: pixel means within 0.005 and SDs within 0.004 of these constants).
    for (const { mean, sd } of normalised(stats)) {
      expect(Math.abs(mean)).toBeLessThan(0.03);
      expect(Math.abs(sd - 1)).toBeLessThan(0.03);
    }
    // The often copied (0.2023, 0.1994, 0.2010) averages per-image SDs; it would leave SDs near 1.2.
    for (const { sd } of normalised({ mean: stats.mean, std: [0.2023, 0.1994, 0.201] })) expect(sd).toBeGreaterThan(1.15);
  });
});

describe("CIFAR augmentation: draws and determinism", () => {
  it("same seed same batch, different seed different batch; the input is not modified; the stream advances", () => {
    const d = loadCifar({ dataset: "cifar10", split: "train", batches: [1], dir: join(REPO_ROOT, "fixtures", "cifar", "cifar-10-batches-bin") });
    const copy = d.images.slice();
    const table = normalisedTable(CIFAR_TRAIN_STATS.cifar10);
    const idx = Array.from({ length: 16 }, (_, i) => (i * 7) % d.rows);
    const bytes = (f: Float32Array) => Buffer.from(f.buffer, f.byteOffset, f.byteLength);
    const a = augmentBatch(d.images, idx, createRng(5), table);
    const b = augmentBatch(d.images, idx, createRng(5), table);
    const c = augmentBatch(d.images, idx, createRng(6), table);
    expect(bytes(a).equals(bytes(b))).toBe(true);
    expect(bytes(a).equals(bytes(c))).toBe(false);
    expect(Buffer.from(d.images).equals(Buffer.from(copy))).toBe(true);
    const rng = createRng(5);
    expect(bytes(augmentBatch(d.images, idx, rng, table)).equals(bytes(augmentBatch(d.images, idx, rng, table)))).toBe(false);
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
    expect(CIFAR_AUGMENT_PAD).toBe(4);
    // 1000 expected per cell, sd ~30: 150 is a 5-sigma band.
    for (const k of [...top, ...left]) expect(Math.abs(k - 1000)).toBeLessThan(150);
    expect(Math.abs(flips / n - 0.5)).toBeLessThan(0.025);
  });

  it("pad 0 and flip off leave the images unchanged; bad options, tables, stats and indices are rejected", () => {
    const imgs = planted(2);
    const out = augmentBatch(imgs, [1, 0], createRng(9), IDENTITY, { pad: 0, flip: false });
    for (const [slot, img] of [[0, 1], [1, 0]]) for (const [y, x] of [[0, 0], [13, 29], [31, 31]]) expect(px(out, slot, y, x)).toEqual([y + 1, x + 1, 100 + img]);
    expect(() => augmentBatch(imgs, [0], createRng(9), IDENTITY, { pad: -1 })).toThrow(/pad must be an integer in 0..32, got -1/);
    expect(() => augmentBatch(imgs, [2], createRng(9), IDENTITY)).toThrow(/image index 2 is outside 0..1/);
    expect(() => augmentBatch(imgs, [0.5], createRng(9), IDENTITY)).toThrow(/image index 0.5/);
    expect(() => augmentBatch(imgs, [0], createRng(9), { values: new Float32Array(256), pad: [0, 0, 0] })).toThrow(/768 values .* got 256/);
    expect(() => placeImage(imgs, 0, new Float32Array(CIFAR_IMAGE_BYTES), 0, { top: 9, left: 0, flip: false }, PAD, IDENTITY)).toThrow(/crop corner \(9, 0\) is outside 0..8/);
    expect(() => normalisedTable({ mean: [0.5, 0.5, 0.5], std: [0.2, 0, 0.2] })).toThrow(/channel 1 needs a finite mean and a finite std > 0, got mean 0.5, std 0/);
    expect(() => unnormalisedTable({ mean: [0.5, NaN, 0.5], std: [0.2, 0.2, 0.2] })).toThrow(/channel 1 needs .*got mean NaN/);
  });
});

describe("per-epoch data order and augmentation stream, from the seed", () => {
  const rows = 500;
  const same = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).join() === Array.from(b).join();

  it("each epoch's order is a permutation of the rows; same (seed, epoch) same order", () => {
    const o = epochOrder(7, 3, rows);
    expect(Array.from(o).sort((a, b) => a - b)).toEqual(Array.from({ length: rows }, (_, i) => i));
    expect(same(epochOrder(7, 3, rows), o)).toBe(true);
    // Not the identity: the rows are shuffled.
    expect(same(o, Array.from({ length: rows }, (_, i) => i))).toBe(false);
  });

  it("different seeds and different epochs give different orders (every pair of 3 seeds x 5 epochs)", () => {
    const orders = [1, 2, 3].flatMap((seed) => [1, 2, 3, 4, 5].map((epoch) => ({ seed, epoch, o: epochOrder(seed, epoch, rows) })));
    for (let i = 0; i < orders.length; i++) {
      for (let j = i + 1; j < orders.length; j++) expect(same(orders[i].o, orders[j].o), `seed ${orders[i].seed} epoch ${orders[i].epoch} vs seed ${orders[j].seed} epoch ${orders[j].epoch}`).toBe(false);
    }
  });

  it("the augmentation stream: same (seed, epoch) same draws; another seed or epoch other draws", () => {
    const draws = (seed: number, epoch: number) => {
      const rng = epochAugmentRng(seed, epoch);
      return Array.from({ length: 64 }, () => drawAugmentation(rng)).map((d) => `${d.top},${d.left},${d.flip}`).join(";");
    };
    expect(draws(4, 2)).toBe(draws(4, 2));
    expect(draws(4, 2)).not.toBe(draws(5, 2));
    expect(draws(4, 2)).not.toBe(draws(4, 3));
  });

  it("bad epochs, rows and seeds are rejected with the value", () => {
    expect(() => epochOrder(1, 0, rows)).toThrow(/epochOrder: epoch must be an integer >= 1 .*got 0/);
    expect(() => epochOrder(1, 1.5, rows)).toThrow(/got 1.5/);
    expect(() => epochOrder(1, 1, 0)).toThrow(/rows must be a positive integer, got 0/);
    expect(() => epochAugmentRng(1, -1)).toThrow(/epochAugmentRng: epoch must be an integer >= 1/);
    expect(() => epochOrder(0, 1, rows)).toThrow(/seed must be an integer in \[1, 2\^32-1\], got 0/);
  });
});

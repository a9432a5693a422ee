/**
 * Decoder-train / decoder-test split of probe rows (paper, appendix A.1: a decoder is fitted on
 * one part of the probe rows and I_u is read from its cross-entropy on the other). The protocols:
 * checkerboard 1250 train / 3750 test fresh rows (PROTOCOL.md section 1), CIFAR 7500 train / 2500
 * test probe images (section 2).
 *
 *   const [colour, direction] = splitDecoderRows(z, dim, [{ labels: colours, numClasses: 2 }, { labels: dirs, numClasses: 2 }],
 *     { trainRows: 1250, testRows: 3750 }, { shuffleSeed: deriveSeed(seed, "decoder-split") });
 *   // colour.train, colour.test: LabelledData for one DecoderTask; direction.* share the same z.
 *
 * Order:
 * - `{ shuffleSeed }`: the rows are permuted (Fisher-Yates from the seed) before the first
 *   `trainRows` become decoder-train rows and the next `testRows` decoder-test rows, so a file
 *   sorted by class still gives two parts with the same label mix. Use it for rows read from a
 *   file (CIFAR). The z rows are copied.
 * - `"iid"`: the rows are taken in the given order, as views without a copy. Only for rows drawn
 *   i.i.d. in random order (the checkerboard probe rows are fresh draws of the data generator), for
 *   which a shuffle would change no distribution, only the numbers already measured. Guard: labels
 *   in sorted order, or a class of the test part missing from the train part, are the signature of
 *   ordered rows and throw, saying to pass a shuffle seed.
 * With "iid", rows beyond trainRows + testRows are not used; with a shuffle, both parts are
 * drawn from all rows.
 */
import type { LabelledData } from "../../interfaces.js";
import { createRng, permutation } from "../../runtime/rng.js";

/** How rows are assigned to the two parts (see the module comment). */
export type SplitOrder = "iid" | { shuffleSeed: number };

/** One label array over the rows, with its number of classes. */
export interface SplitLabels {
  labels: Int32Array;
  numClasses: number;
}

/** Rows of each part. */
export interface SplitSizes {
  trainRows: number;
  testRows: number;
}

/** The decoder-train and decoder-test data of one label set. */
export interface DecoderRows {
  train: LabelledData;
  test: LabelledData;
}

function gather<T extends Float32Array | Int32Array>(src: T, order: Int32Array, from: number, to: number, width: number): T {
  const out = new (src.constructor as new (n: number) => T)((to - from) * width);
  for (let r = from; r < to; r++) out.set(src.subarray(order[r] * width, order[r] * width + width), (r - from) * width);
  return out;
}

function checkUnordered(labels: Int32Array, numClasses: number, sizes: SplitSizes, setIndex: number): void {
  const n = sizes.trainRows + sizes.testRows;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) if (labels[i] < labels[i - 1]) sorted = false;
  const fix = 'rows in a sorted or grouped order give a bad split: pass { shuffleSeed } instead of "iid"';
  if (sorted && labels[0] !== labels[n - 1]) throw new Error(`splitDecoderRows: label set ${setIndex}: labels are in sorted order over the ${n} rows; ${fix}`);
  const inTrain = new Uint8Array(numClasses);
  for (let i = 0; i < sizes.trainRows; i++) inTrain[labels[i]] = 1;
  for (let i = sizes.trainRows; i < n; i++) {
    if (!inTrain[labels[i]]) throw new Error(`splitDecoderRows: label set ${setIndex}: class ${labels[i]} is in the decoder-test rows (row ${i}) but in none of the ${sizes.trainRows} decoder-train rows; ${fix}`);
  }
}

/**
 * Split rows of z (row-major [rows, dim]) and each label set into decoder-train and decoder-test
 * parts (module comment). Returns one {train, test} per label set, in order; all share the z
 * arrays. Throws, naming the argument, on sizes that do not fit or labels outside {0..k-1}.
 */
export function splitDecoderRows(z: Float32Array, dim: number, sets: readonly SplitLabels[], sizes: SplitSizes, order: SplitOrder): DecoderRows[] {
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`splitDecoderRows: dim must be a positive integer, got ${dim}`);
  if (z.length % dim !== 0) throw new Error(`splitDecoderRows: z has ${z.length} values, not a multiple of dim ${dim}`);
  const rows = z.length / dim;
  const { trainRows, testRows } = sizes;
  if (!(Number.isInteger(trainRows) && trainRows >= 1 && Number.isInteger(testRows) && testRows >= 1)) {
    throw new Error(`splitDecoderRows: trainRows and testRows must be positive integers, got ${trainRows} and ${testRows}`);
  }
  if (trainRows + testRows > rows) throw new Error(`splitDecoderRows: ${trainRows} + ${testRows} rows requested, z has ${rows}`);
  if (sets.length === 0) throw new Error("splitDecoderRows: no label sets");
  sets.forEach((s, i) => {
    if (s.labels.length !== rows) throw new Error(`splitDecoderRows: label set ${i} has ${s.labels.length} labels for ${rows} rows`);
    for (let r = 0; r < trainRows + testRows; r++) {
      const y = s.labels[r];
      if (!(Number.isInteger(y) && y >= 0 && y < s.numClasses)) throw new Error(`splitDecoderRows: label set ${i}: label ${y} at row ${r} is outside {0..${s.numClasses - 1}}`);
    }
  });
  const n = trainRows + testRows;
  if (order === "iid") {
    sets.forEach((s, i) => checkUnordered(s.labels, s.numClasses, sizes, i));
    const zTrain = z.subarray(0, trainRows * dim);
    const zTest = z.subarray(trainRows * dim, n * dim);
    return sets.map((s) => ({
      train: { z: zTrain, dim, labels: s.labels.subarray(0, trainRows), numClasses: s.numClasses },
      test: { z: zTest, dim, labels: s.labels.subarray(trainRows, n), numClasses: s.numClasses },
    }));
  }
  if (!order || typeof order !== "object" || !Number.isInteger(order.shuffleSeed)) {
    throw new Error(`splitDecoderRows: order must be "iid" or { shuffleSeed: integer >= 1 }, got ${JSON.stringify(order)}`);
  }
  const perm = permutation(rows, createRng(order.shuffleSeed));
  const zTrain = gather(z, perm, 0, trainRows, dim);
  const zTest = gather(z, perm, trainRows, n, dim);
  return sets.map((s) => ({
    train: { z: zTrain, dim, labels: gather(s.labels, perm, 0, trainRows, 1), numClasses: s.numClasses },
    test: { z: zTest, dim, labels: gather(s.labels, perm, trainRows, n, 1), numClasses: s.numClasses },
  }));
}

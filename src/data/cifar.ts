/**
 * CIFAR-10 / CIFAR-100 loaders for the official binary layouts (Krizhevsky 2009,
 * https://www.cs.toronto.edu/~kriz/cifar.html), and the label sets of PROTOCOL.md section 2.
 *
 * File layouts (one row per image, no header):
 *   CIFAR-10  `cifar-10-batches-bin/` data_batch_1..5.bin, test_batch.bin:
 *             row = label byte (0-9) ++ 3072 pixel bytes                    (3073 bytes)
 *   CIFAR-100 `cifar-100-binary/` train.bin, test.bin:
 *             row = coarse byte (0-19) ++ fine byte (0-99) ++ 3072 pixel bytes (3074 bytes)
 * The 3072 pixel bytes are channel-planar: the red plane, then green, then blue, each 32x32
 * row-major. Official files: each CIFAR-10 file and the CIFAR-100 test.bin hold 10,000 rows, the
 * CIFAR-100 train.bin 50,000 (the shared subsets: 10,000 each).
 *
 * In memory the images KEEP THE FILE'S CHANNEL-PLANAR LAYOUT (CHW per image): image i occupies
 * bytes [i*3072, (i+1)*3072) of `images`, pixel (c, y, x) at i*3072 + c*1024 + y*32 + x. Loading is
 * then a plain copy; the batch builders (cifar-batch.ts, augment.ts) emit NHWC.
 *
 * Labels: `fine` is the class (10 or 100 values); `coarse` is what the networks are trained on:
 * CIFAR-10 parity (fine % 2, 1 bit), CIFAR-100 the 20 superclasses (the file's coarse byte,
 * checked against CIFAR100_FINE_TO_COARSE on load).
 *
 * Folders: an explicit `dir`, else `CIFAR10_DIR` / `CIFAR100_DIR`, else
 * `<repo>/.cache/data/cifar-10-batches-bin` / `<repo>/.cache/data/cifar-100-binary`, where
 * `npm run data -- cifar10|cifar100` (scripts/download-cifar.ts) unpacks the official archives.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { REPO_ROOT } from "../runtime/files.js";

export type CifarName = "cifar10" | "cifar100";
export type CifarSplitName = "train" | "test";

export const CIFAR_SIDE = 32;
export const CIFAR_CHANNELS = 3;
/** Pixels of one channel plane (32 * 32). */
export const CIFAR_PLANE = CIFAR_SIDE * CIFAR_SIDE;
/** Pixel bytes of one image (3 * 32 * 32). */
export const CIFAR_IMAGE_BYTES = CIFAR_CHANNELS * CIFAR_PLANE;

/** What distinguishes the two datasets on disk. */
export interface CifarSpec {
  name: CifarName;
  /** Human name for messages. */
  title: string;
  /** Folder name inside the official archive (and of the default cache folder). */
  folder: string;
  /** Environment variable that points at the folder. */
  envVar: string;
  /** Official archive name on the CIFAR page. */
  archive: string;
  /** Label bytes before the pixels of each row (CIFAR-10: label; CIFAR-100: coarse, fine). */
  labelBytes: 1 | 2;
  /** labelBytes + 3072. */
  rowBytes: number;
  /** Train files by batch number (1-based). */
  trainFiles: readonly string[];
  testFile: string;
  numFine: number;
  numCoarse: number;
  /** Rows of each file in the official archive. */
  officialRows: Readonly<Record<string, number>>;
}

export const CIFAR10: CifarSpec = Object.freeze({
  name: "cifar10",
  title: "CIFAR-10",
  folder: "cifar-10-batches-bin",
  envVar: "CIFAR10_DIR",
  archive: "cifar-10-binary.tar.gz",
  labelBytes: 1,
  rowBytes: 1 + CIFAR_IMAGE_BYTES,
  trainFiles: Object.freeze(["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"]),
  testFile: "test_batch.bin",
  numFine: 10,
  numCoarse: 2,
  officialRows: Object.freeze({
    "data_batch_1.bin": 10_000, "data_batch_2.bin": 10_000, "data_batch_3.bin": 10_000,
    "data_batch_4.bin": 10_000, "data_batch_5.bin": 10_000, "test_batch.bin": 10_000,
  }),
});

export const CIFAR100: CifarSpec = Object.freeze({
  name: "cifar100",
  title: "CIFAR-100",
  folder: "cifar-100-binary",
  envVar: "CIFAR100_DIR",
  archive: "cifar-100-binary.tar.gz",
  labelBytes: 2,
  rowBytes: 2 + CIFAR_IMAGE_BYTES,
  trainFiles: Object.freeze(["train.bin"]),
  testFile: "test.bin",
  numFine: 100,
  numCoarse: 20,
  officialRows: Object.freeze({ "train.bin": 50_000, "test.bin": 10_000 }),
});

export function cifarSpec(name: CifarName): CifarSpec {
  if (name === "cifar10") return CIFAR10;
  if (name === "cifar100") return CIFAR100;
  throw new Error(`unknown CIFAR dataset ${JSON.stringify(name)}; use "cifar10" or "cifar100"`);
}

/** CIFAR-10 class names, index 0-9 (batches.meta.txt). */
export const CIFAR10_CLASS_NAMES: readonly string[] = Object.freeze([
  "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck",
]);

/** CIFAR-10 coarse label names: class parity. */
export const CIFAR10_PARITY_NAMES: readonly string[] = Object.freeze(["even", "odd"]);

/** CIFAR-100 fine label names, index 0-99 (fine_label_names.txt, alphabetical). */
export const CIFAR100_FINE_NAMES: readonly string[] = Object.freeze([
  "apple", "aquarium_fish", "baby", "bear", "beaver", "bed", "bee", "beetle", "bicycle", "bottle",
  "bowl", "boy", "bridge", "bus", "butterfly", "camel", "can", "castle", "caterpillar", "cattle",
  "chair", "chimpanzee", "clock", "cloud", "cockroach", "couch", "crab", "crocodile", "cup", "dinosaur",
  "dolphin", "elephant", "flatfish", "forest", "fox", "girl", "hamster", "house", "kangaroo", "keyboard",
  "lamp", "lawn_mower", "leopard", "lion", "lizard", "lobster", "man", "maple_tree", "motorcycle", "mountain",
  "mouse", "mushroom", "oak_tree", "orange", "orchid", "otter", "palm_tree", "pear", "pickup_truck", "pine_tree",
  "plain", "plate", "poppy", "porcupine", "possum", "rabbit", "raccoon", "ray", "road", "rocket",
  "rose", "sea", "seal", "shark", "shrew", "skunk", "skyscraper", "snail", "snake", "spider",
  "squirrel", "streetcar", "sunflower", "sweet_pepper", "table", "tank", "telephone", "television", "tiger", "tractor",
  "train", "trout", "tulip", "turtle", "wardrobe", "whale", "willow_tree", "wolf", "woman", "worm",
]);

/** CIFAR-100 superclass names, index 0-19 (coarse_label_names.txt). */
export const CIFAR100_COARSE_NAMES: readonly string[] = Object.freeze([
  "aquatic_mammals", "fish", "flowers", "food_containers", "fruit_and_vegetables",
  "household_electrical_devices", "household_furniture", "insects", "large_carnivores",
  "large_man-made_outdoor_things", "large_natural_outdoor_scenes", "large_omnivores_and_herbivores",
  "medium_mammals", "non-insect_invertebrates", "people", "reptiles", "small_mammals", "trees",
  "vehicles_1", "vehicles_2",
]);

/**
 * Superclass (coarse index) of each CIFAR-100 fine class 0..99: the standard assignment, five fine
 * classes per superclass (as listed in ../shared/data/README.md; checked against the data in the tests).
 */
export const CIFAR100_FINE_TO_COARSE: readonly number[] = Object.freeze([
  4, 1, 14, 8, 0, 6, 7, 7, 18, 3, 3, 14, 9, 18, 7, 11, 3, 9, 7, 11,
  6, 11, 5, 10, 7, 6, 13, 15, 3, 15, 0, 11, 1, 10, 12, 14, 16, 9, 11, 5,
  5, 19, 8, 8, 15, 13, 14, 17, 18, 10, 16, 4, 17, 4, 2, 0, 17, 4, 18, 17,
  10, 3, 2, 12, 12, 16, 12, 1, 9, 19, 2, 10, 0, 1, 16, 12, 9, 13, 15, 13,
  16, 19, 2, 4, 6, 19, 5, 5, 8, 19, 18, 1, 2, 15, 6, 0, 17, 8, 14, 13,
]);

/** CIFAR-10 coarse label: class parity (fine % 2), 1 bit. */
export function cifar10Parity(fine: Int32Array): Int32Array {
  const out = new Int32Array(fine.length);
  for (let i = 0; i < fine.length; i++) out[i] = fine[i] % 2;
  return out;
}

/** CIFAR-100 superclass of each fine label, from CIFAR100_FINE_TO_COARSE. */
export function cifar100Superclass(fine: Int32Array): Int32Array {
  const out = new Int32Array(fine.length);
  for (let i = 0; i < fine.length; i++) {
    const c = CIFAR100_FINE_TO_COARSE[fine[i]];
    if (c === undefined) throw new Error(`cifar100Superclass: fine label ${fine[i]} at index ${i} is not in 0..99`);
    out[i] = c;
  }
  return out;
}

/** Rows of one or more CIFAR files, images in the file's channel-planar layout. */
export interface CifarSplit {
  dataset: CifarName;
  split: CifarSplitName;
  /** Absolute paths of the files the rows came from, in row order. */
  files: string[];
  rows: number;
  /** rows * 3072 bytes; image i at [i*3072, (i+1)*3072): R plane, G plane, B plane, each 32x32 row-major. */
  images: Uint8Array;
  /** Class label: 0..9 (CIFAR-10) or 0..99 (CIFAR-100). */
  fine: Int32Array;
  /** Training label: CIFAR-10 parity (fine % 2), CIFAR-100 superclass 0..19. */
  coarse: Int32Array;
  numFine: number;
  numCoarse: number;
}

/** One parsed file. */
export interface CifarFileRows {
  rows: number;
  images: Uint8Array;
  fine: Int32Array;
  coarse: Int32Array;
}

/**
 * Parse the bytes of one CIFAR binary file. `file` names the source in errors. The size must be a
 * positive multiple of the row size (and equal expectRows rows when given); every label byte must
 * be in range; CIFAR-100 coarse bytes must equal the superclass of the fine byte.
 */
export function parseCifarFile(buf: Uint8Array, dataset: CifarName, file: string, expectRows?: number): CifarFileRows {
  const spec = cifarSpec(dataset);
  const rb = spec.rowBytes;
  if (buf.length === 0 || buf.length % rb !== 0) {
    throw new Error(
      `${file}: size ${buf.length} bytes is not a positive multiple of the ${spec.title} row size ${rb} ` +
        `(${spec.labelBytes} label byte${spec.labelBytes > 1 ? "s" : ""} + ${CIFAR_IMAGE_BYTES} pixels); truncated or not a ${spec.title} binary file`,
    );
  }
  const rows = buf.length / rb;
  if (expectRows !== undefined && rows !== expectRows) {
    throw new Error(`${file}: holds ${rows} rows (${buf.length} bytes), expected ${expectRows} rows (${expectRows * rb} bytes)`);
  }
  const images = new Uint8Array(rows * CIFAR_IMAGE_BYTES);
  const fine = new Int32Array(rows);
  const coarse = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * rb;
    if (dataset === "cifar10") {
      const y = buf[o];
      if (y >= spec.numFine) throw new Error(`${file}: row ${r} (byte offset ${o}) has label ${y}, outside 0..${spec.numFine - 1}`);
      fine[r] = y;
      coarse[r] = y % 2;
    } else {
      const c = buf[o];
      const f = buf[o + 1];
      if (c >= spec.numCoarse) throw new Error(`${file}: row ${r} (byte offset ${o}) has coarse label ${c}, outside 0..${spec.numCoarse - 1}`);
      if (f >= spec.numFine) throw new Error(`${file}: row ${r} (byte offset ${o + 1}) has fine label ${f}, outside 0..${spec.numFine - 1}`);
      if (CIFAR100_FINE_TO_COARSE[f] !== c) {
        throw new Error(`${file}: row ${r} has coarse label ${c} but fine label ${f} (${CIFAR100_FINE_NAMES[f]}) belongs to superclass ${CIFAR100_FINE_TO_COARSE[f]}`);
      }
      fine[r] = f;
      coarse[r] = c;
    }
    images.set(buf.subarray(o + spec.labelBytes, o + rb), r * CIFAR_IMAGE_BYTES);
  }
  return { rows, images, fine, coarse };
}

/** Where a dataset folder comes from, for messages. */
export interface CifarDirChoice {
  dir: string;
  source: "argument" | "env" | "default";
}

/** Default folder of a dataset: <repo>/.cache/data/<archive folder>. */
export function defaultCifarDir(dataset: CifarName): string {
  return join(REPO_ROOT, ".cache", "data", cifarSpec(dataset).folder);
}

/** Resolve a dataset folder: explicit dir, else $CIFAR10_DIR / $CIFAR100_DIR, else the default cache folder. */
export function resolveCifarDir(dataset: CifarName, dir?: string): CifarDirChoice {
  const spec = cifarSpec(dataset);
  if (dir) return { dir: resolve(dir), source: "argument" };
  const env = process.env[spec.envVar];
  if (env) return { dir: resolve(env), source: "env" };
  return { dir: defaultCifarDir(dataset), source: "default" };
}

/** The message for a dataset folder that does not exist. */
export function missingCifarDirMessage(dataset: CifarName, choice: CifarDirChoice): string {
  const spec = cifarSpec(dataset);
  const from = choice.source === "env" ? ` (from ${spec.envVar})` : choice.source === "default" ? " (default; set " + spec.envVar + " to use another folder)" : "";
  const files = [...spec.trainFiles, spec.testFile].join(", ");
  return (
    `${spec.title} folder not found: ${choice.dir}${from}. ` +
    `Download it with \`npm run data -- ${spec.name}\` (official ${spec.archive}, MD5-checked, unpacked to ${defaultCifarDir(dataset)}), ` +
    `or put the official binary files (${files}) in that folder, or set ${spec.envVar} to a folder that holds them.`
  );
}

export interface LoadCifarOptions {
  dataset: CifarName;
  split: CifarSplitName;
  /**
   * Train batches to load, 1-based (CIFAR-10: any of 1..5, default all five; CIFAR-100: [1], its
   * single train.bin). A folder may hold only the requested batches. Ignored for the test split.
   */
  batches?: readonly number[];
  /** Dataset folder; default $CIFAR10_DIR / $CIFAR100_DIR, else <repo>/.cache/data/<folder>. */
  dir?: string;
  /**
   * Rows each file must hold: a number, or "official" for the official archive's counts
   * (spec.officialRows). Default: any positive multiple of the row size, so that the shared
   * subsets (10,000 rows) and the small fixtures load.
   */
  expectRows?: number | "official";
}

/** Files a load reads, in order. */
export function cifarFiles(dataset: CifarName, split: CifarSplitName, batches?: readonly number[]): string[] {
  const spec = cifarSpec(dataset);
  if (split === "test") return [spec.testFile];
  if (split !== "train") throw new Error(`split must be "train" or "test", got ${JSON.stringify(split)}`);
  const bs = batches ?? spec.trainFiles.map((_, i) => i + 1);
  if (bs.length === 0) throw new Error(`${spec.title}: batches is empty; ask for at least one of 1..${spec.trainFiles.length}`);
  const seen = new Set<number>();
  return bs.map((b) => {
    if (!Number.isInteger(b) || b < 1 || b > spec.trainFiles.length) {
      throw new Error(`${spec.title}: train batch ${b} does not exist; batches are 1..${spec.trainFiles.length}`);
    }
    if (seen.has(b)) throw new Error(`${spec.title}: train batch ${b} requested twice`);
    seen.add(b);
    return spec.trainFiles[b - 1];
  });
}

/** Load a split (the requested files concatenated in order). Synchronous: 10,000 rows read in tens of ms. */
export function loadCifar(opts: LoadCifarOptions): CifarSplit {
  const spec = cifarSpec(opts.dataset);
  const names = cifarFiles(opts.dataset, opts.split, opts.batches);
  const choice = resolveCifarDir(opts.dataset, opts.dir);
  if (!existsSync(choice.dir) || !statSync(choice.dir).isDirectory()) {
    throw new Error(missingCifarDirMessage(opts.dataset, choice));
  }
  const paths = names.map((n) => join(choice.dir, n));
  for (const p of paths) {
    if (!existsSync(p)) {
      throw new Error(
        `${p}: missing ${spec.title} file (requested ${opts.split}${opts.split === "train" ? ` batches ${JSON.stringify(opts.batches ?? "all")}` : ""}). ` +
          `Ask only for the batches the folder holds, or fetch the full set with \`npm run data -- ${spec.name}\`.`,
      );
    }
  }
  const parts = paths.map((p, i) =>
    parseCifarFile(readFileSync(p), opts.dataset, p, opts.expectRows === "official" ? spec.officialRows[names[i]] : opts.expectRows),
  );
  const rows = parts.reduce((s, p) => s + p.rows, 0);
  const images = new Uint8Array(rows * CIFAR_IMAGE_BYTES);
  const fine = new Int32Array(rows);
  const coarse = new Int32Array(rows);
  let at = 0;
  for (const p of parts) {
    images.set(p.images, at * CIFAR_IMAGE_BYTES);
    fine.set(p.fine, at);
    coarse.set(p.coarse, at);
    at += p.rows;
  }
  return { dataset: opts.dataset, split: opts.split, files: paths, rows, images, fine, coarse, numFine: spec.numFine, numCoarse: spec.numCoarse };
}

/** Label names as the dataset folder lists them (CIFAR-10 coarse: the parity names). */
export function readCifarLabelNames(dataset: CifarName, dir?: string): { fine: string[]; coarse: string[] } {
  const d = resolveCifarDir(dataset, dir).dir;
  const read = (name: string, n: number): string[] => {
    const p = join(d, name);
    if (!existsSync(p)) throw new Error(`${p}: missing label-name file`);
    const lines = readFileSync(p, "utf8").split(/\r?\n/).map((s) => s.trim()).filter((s) => s.length > 0);
    if (lines.length !== n) throw new Error(`${p}: ${lines.length} names, expected ${n}`);
    return lines;
  };
  if (dataset === "cifar10") return { fine: read("batches.meta.txt", 10), coarse: [...CIFAR10_PARITY_NAMES] };
  return { fine: read("fine_label_names.txt", 100), coarse: read("coarse_label_names.txt", 20) };
}

/** Per-channel mean and population standard deviation (ddof 0) of pixel / 255, order R, G, B. */
export interface ChannelStats {
  mean: [number, number, number];
  std: [number, number, number];
}

/**
 * Normalisation constants of the FULL official training sets (50,000 images), pixel / 255,
 * population std over all pixels. These are the values commonly used in PyTorch CIFAR code, e.g.
 * CIFAR-10 mean (0.4914, 0.4822, 0.4465), std (0.2470, 0.2435, 0.2616) (not the often copied
 * (0.2023, 0.1994, 0.2010), which averages per-image stds); CIFAR-100 as in
 * weiaicunzai/pytorch-cifar100 (CIFAR100_TRAIN_MEAN / CIFAR100_TRAIN_STD). Our shared subsets
 * differ from these by < 0.02 (see ../shared/data/README.md); the paper does not give its values.
 */
export const CIFAR_TRAIN_STATS: Readonly<Record<CifarName, ChannelStats>> = Object.freeze({
  cifar10: { mean: [0.49139968, 0.48215841, 0.44653091], std: [0.24703223, 0.24348513, 0.26158784] },
  cifar100: {
    mean: [0.5070751592371323, 0.48654887331495095, 0.4409178433670343],
    std: [0.2673342858792401, 0.2564384629170883, 0.27615047132568404],
  },
});

/** Exact per-channel statistics of a set of planar images (integer sums, so no rounding drift). */
export function channelStats(images: Uint8Array): ChannelStats {
  if (images.length === 0 || images.length % CIFAR_IMAGE_BYTES !== 0) {
    throw new Error(`channelStats: ${images.length} bytes is not a positive multiple of ${CIFAR_IMAGE_BYTES}`);
  }
  const n = images.length / CIFAR_IMAGE_BYTES;
  const mean: [number, number, number] = [0, 0, 0];
  const std: [number, number, number] = [0, 0, 0];
  for (let c = 0; c < 3; c++) {
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const o = i * CIFAR_IMAGE_BYTES + c * CIFAR_PLANE;
      for (let k = 0; k < CIFAR_PLANE; k++) {
        const v = images[o + k];
        s += v;
        s2 += v * v;
      }
    }
    const count = n * CIFAR_PLANE;
    const m = s / count;
    mean[c] = m / 255;
    std[c] = Math.sqrt(Math.max(0, s2 / count - m * m)) / 255;
  }
  return { mean, std };
}

/**
 * Tiny synthetic CIFAR-format files for tests (fixtures/cifar/, written by
 * scripts/make-cifar-fixtures.ts). Same folders, file names and row layouts as the official
 * archives; pixels are synthetic with a learnable class signal:
 *   pixel(c, y, x) = clamp(round(tint_c + 40 * pattern(y, x) + N(0, 20^2)), 0, 255)
 * CIFAR-10: tint from the class (10 distinct colours), pattern = stripes whose period depends on
 * class % 2 (so parity is visible twice). CIFAR-100: tint from the superclass (20 colours),
 * stripes whose orientation and period depend on the fine class's position 0..4 inside its
 * superclass, so fine carries information beyond coarse. A nearest-centroid rule on channel means
 * already beats chance; the test checks it.
 */
import { createRng, deriveSeed, permutation, type Rng } from "../runtime/rng.js";
import {
  CIFAR10,
  CIFAR100,
  CIFAR100_COARSE_NAMES,
  CIFAR100_FINE_NAMES,
  CIFAR100_FINE_TO_COARSE,
  CIFAR10_CLASS_NAMES,
  CIFAR_PLANE,
  CIFAR_SIDE,
} from "./cifar.js";

/** Seed of every fixture draw (children derived by file). */
export const CIFAR_FIXTURE_SEED = 20210501;
/** Rows per fixture file: train, test (CIFAR-10: 4 and 2 per class; CIFAR-100: 2 and 1 per superclass). */
export const CIFAR_FIXTURE_ROWS = { cifar10: { train: 40, test: 20 }, cifar100: { train: 40, test: 20 } } as const;

const NOISE_SD = 20;
const PATTERN_AMP = 40;

/** A distinct colour for index k of n (hue on a circle, fixed saturation). */
function tint(k: number, n: number): [number, number, number] {
  const h = (k / n) * 2 * Math.PI;
  return [0, 1, 2].map((c) => 128 + 80 * Math.cos(h - (c * 2 * Math.PI) / 3)) as [number, number, number];
}

/** Stripes in {-1, +1}: period 2*half pixels, horizontal or vertical. */
function stripes(y: number, x: number, half: number, vertical: boolean): number {
  const t = vertical ? x : y;
  return Math.floor(t / half) % 2 === 0 ? 1 : -1;
}

function drawImage(out: Uint8Array, at: number, rgb: [number, number, number], half: number, vertical: boolean, rng: Rng): void {
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < CIFAR_SIDE; y++) {
      for (let x = 0; x < CIFAR_SIDE; x++) {
        const v = rgb[c] + PATTERN_AMP * stripes(y, x, half, vertical) + NOISE_SD * rng.normal();
        out[at + c * CIFAR_PLANE + y * CIFAR_SIDE + x] = Math.max(0, Math.min(255, Math.round(v)));
      }
    }
  }
}

function cifar10File(rows: number, seed: number): Uint8Array {
  const rng = createRng(seed);
  const rb = CIFAR10.rowBytes;
  const labels = Array.from({ length: rows }, (_, i) => i % 10);
  const order = permutation(rows, rng);
  const buf = new Uint8Array(rows * rb);
  for (let r = 0; r < rows; r++) {
    const y = labels[order[r]];
    buf[r * rb] = y;
    drawImage(buf, r * rb + 1, tint(y, 10), y % 2 === 0 ? 2 : 4, false, rng);
  }
  return buf;
}

/** Fine classes of each superclass, in fine-index order. */
function membersOf(coarse: number): number[] {
  return CIFAR100_FINE_TO_COARSE.map((c, f) => (c === coarse ? f : -1)).filter((f) => f >= 0);
}

function cifar100File(rows: number, seed: number): Uint8Array {
  const rng = createRng(seed);
  const rb = CIFAR100.rowBytes;
  const coarse = Array.from({ length: rows }, (_, i) => i % 20);
  const order = permutation(rows, rng);
  const buf = new Uint8Array(rows * rb);
  for (let r = 0; r < rows; r++) {
    const c = coarse[order[r]];
    const members = membersOf(c);
    const m = rng.int(members.length);
    buf[r * rb] = c;
    buf[r * rb + 1] = members[m];
    drawImage(buf, r * rb + 2, tint(c, 20), 2 + (m % 3), m >= 3, rng);
  }
  return buf;
}

const README = `# CIFAR-format test fixtures (synthetic)

Written by \`npx tsx scripts/make-cifar-fixtures.ts\` (seed ${CIFAR_FIXTURE_SEED}); do not edit by hand:
the tests regenerate them and compare byte for byte. Same folder names, file names and row
layouts as the official binary archives (see src/data/cifar.ts); the pixels are SYNTHETIC
(class colour tint + stripes + Gaussian noise, see src/data/cifar-fixtures.ts), not CIFAR images.

| file | rows |
|---|---|
| cifar-10-batches-bin/data_batch_1.bin | ${CIFAR_FIXTURE_ROWS.cifar10.train} (4 per class) |
| cifar-10-batches-bin/test_batch.bin | ${CIFAR_FIXTURE_ROWS.cifar10.test} (2 per class) |
| cifar-100-binary/train.bin | ${CIFAR_FIXTURE_ROWS.cifar100.train} (2 per superclass, random member) |
| cifar-100-binary/test.bin | ${CIFAR_FIXTURE_ROWS.cifar100.test} (1 per superclass, random member) |

Label-name files as in the official archives: batches.meta.txt, fine_label_names.txt,
coarse_label_names.txt.
`;

/** Every fixture file, path relative to fixtures/cifar/ -> contents. Deterministic. */
export function makeCifarFixtures(seed: number = CIFAR_FIXTURE_SEED): Map<string, Uint8Array | string> {
  const s = (...names: string[]) => deriveSeed(seed, ...names);
  const names = (list: readonly string[]) => list.join("\n") + "\n";
  const files = new Map<string, Uint8Array | string>();
  files.set("README.md", README);
  files.set(`${CIFAR10.folder}/data_batch_1.bin`, cifar10File(CIFAR_FIXTURE_ROWS.cifar10.train, s("cifar10", "train")));
  files.set(`${CIFAR10.folder}/test_batch.bin`, cifar10File(CIFAR_FIXTURE_ROWS.cifar10.test, s("cifar10", "test")));
  files.set(`${CIFAR10.folder}/batches.meta.txt`, names(CIFAR10_CLASS_NAMES));
  files.set(`${CIFAR100.folder}/train.bin`, cifar100File(CIFAR_FIXTURE_ROWS.cifar100.train, s("cifar100", "train")));
  files.set(`${CIFAR100.folder}/test.bin`, cifar100File(CIFAR_FIXTURE_ROWS.cifar100.test, s("cifar100", "test")));
  files.set(`${CIFAR100.folder}/fine_label_names.txt`, names(CIFAR100_FINE_NAMES));
  files.set(`${CIFAR100.folder}/coarse_label_names.txt`, names(CIFAR100_COARSE_NAMES));
  return files;
}

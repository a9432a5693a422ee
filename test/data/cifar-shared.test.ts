/**
 * The loaders on the real CIFAR subsets in ../shared/data (or $CIFAR_SHARED_DIR), checked against
 * the checksums and per-channel statistics of that folder's README. Matching the R, G, B means and
 * stds to 1e-5 catches a channel-order or layout mistake. Skipped, with the reason in the name,
 * where the folder is absent: the project must not require it.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CIFAR100_COARSE_NAMES,
  CIFAR100_FINE_NAMES,
  CIFAR100_FINE_TO_COARSE,
  CIFAR10_CLASS_NAMES,
  channelStats,
  loadCifar,
  readCifarLabelNames,
  type CifarName,
  type CifarSplitName,
} from "../../src/data/cifar.js";
import { REPO_ROOT } from "../../src/runtime/files.js";

const SHARED = process.env.CIFAR_SHARED_DIR ? resolve(process.env.CIFAR_SHARED_DIR) : resolve(REPO_ROOT, "..", "shared", "data");
const DIR10 = join(SHARED, "cifar-10-batches-bin");
const DIR100 = join(SHARED, "cifar-100-binary");
const HAVE = existsSync(join(DIR10, "data_batch_1.bin")) && existsSync(join(DIR100, "train.bin"));
const REASON = HAVE ? "" : ` (skipped: no real CIFAR subsets at ${SHARED}; set CIFAR_SHARED_DIR)`;

/** README statistics (pixel / 255, population std), rounded to 6 decimals there. */
const README_STATS: { dataset: CifarName; split: CifarSplitName; file: string; sha256: string; mean: number[]; std: number[] }[] = [
  {
    dataset: "cifar10", split: "train", file: "cifar-10-batches-bin/data_batch_1.bin",
    sha256: "abe85687ee801f9902653bcbc8a47ebf915eb0029e1ad1a14c5e65559a8914b7",
    mean: [0.486497, 0.477506, 0.444453], std: [0.243778, 0.239233, 0.258494],
  },
  {
    dataset: "cifar10", split: "test", file: "cifar-10-batches-bin/test_batch.bin",
    sha256: "19900c4de602f2443298ebcbfa3cf49f767f2c6418b81684704d12dcc0d6bcf5",
    mean: [0.494214, 0.485131, 0.450409], std: [0.246653, 0.242892, 0.261592],
  },
  {
    dataset: "cifar100", split: "train", file: "cifar-100-binary/train.bin",
    sha256: "dcbaf872cdb943165a77b86a88c3ea36b4e4c0415d8f2b257ea94e20869008a9",
    mean: [0.50834, 0.490539, 0.442608], std: [0.26894, 0.258059, 0.278588],
  },
  {
    dataset: "cifar100", split: "test", file: "cifar-100-binary/test.bin",
    sha256: "8f9740d3cf1b4094d50ac903e1361c9842b35507ef98a1795c189c727861d1e0",
    mean: [0.508796, 0.487393, 0.441942], std: [0.268252, 0.257364, 0.277096],
  },
];
/** README values have 6 decimals (rounding <= 5e-7); 1e-5 leaves room and still separates channels by > 1e-3. */
const STATS_TOL = 1e-5;

describe.skipIf(!HAVE)(`real CIFAR subsets in ../shared/data${REASON}`, () => {
  for (const r of README_STATS) {
    it(`${r.file}: sha256, 10,000 rows, per-channel mean and std (R, G, B) match the README to ${STATS_TOL}`, () => {
      const dir = join(SHARED, r.file.split("/")[0]);
      const d = loadCifar({ dataset: r.dataset, split: r.split, batches: [1], dir, expectRows: 10_000 });
      expect(createHash("sha256").update(readFileSync(join(SHARED, r.file))).digest("hex")).toBe(r.sha256);
      expect(d.rows).toBe(10_000);
      const s = channelStats(d.images);
      for (let c = 0; c < 3; c++) {
        expect(Math.abs(s.mean[c] - r.mean[c]), `mean of channel ${"RGB"[c]}`).toBeLessThan(STATS_TOL);
        expect(Math.abs(s.std[c] - r.std[c]), `std of channel ${"RGB"[c]}`).toBeLessThan(STATS_TOL);
      }
    });
  }

  it("CIFAR-10: 1,000 images per class in each file, coarse = parity; train batches 2-5 absent and reported", () => {
    for (const split of ["train", "test"] as const) {
      const d = loadCifar({ dataset: "cifar10", split, batches: [1], dir: DIR10 });
      const counts = new Array(10).fill(0);
      for (let i = 0; i < d.rows; i++) {
        counts[d.fine[i]]++;
        expect(d.coarse[i]).toBe(d.fine[i] % 2);
      }
      expect(counts).toEqual(new Array(10).fill(1000));
    }
    expect(() => loadCifar({ dataset: "cifar10", split: "train", dir: DIR10 })).toThrow(/data_batch_2\.bin: missing CIFAR-10 file/);
    expect(readCifarLabelNames("cifar10", DIR10).fine).toEqual([...CIFAR10_CLASS_NAMES]);
  });

  it("CIFAR-100: the file's coarse byte equals CIFAR100_FINE_TO_COARSE[fine] on every row; 100 (train) per fine class", () => {
    for (const split of ["train", "test"] as const) {
      // parseCifarFile already rejects a mismatching row; check the table directly as well.
      const d = loadCifar({ dataset: "cifar100", split, dir: DIR100 });
      const counts = new Array(100).fill(0);
      const coarseSeen = Array.from({ length: 100 }, () => new Set<number>());
      for (let i = 0; i < d.rows; i++) {
        counts[d.fine[i]]++;
        coarseSeen[d.fine[i]].add(d.coarse[i]);
      }
      expect(counts).toEqual(new Array(100).fill(100));
      expect(coarseSeen.map((s) => [...s])).toEqual(CIFAR100_FINE_TO_COARSE.map((c) => [c]));
    }
    expect(readCifarLabelNames("cifar100", DIR100)).toEqual({ fine: [...CIFAR100_FINE_NAMES], coarse: [...CIFAR100_COARSE_NAMES] });
  });

  it("CIFAR-100 fine-to-coarse table equals the one in the shared README", () => {
    const readme = readFileSync(join(SHARED, "README.md"), "utf8");
    const block = readme.split("Fine-to-coarse mapping")[1]?.split("##")[0] ?? "";
    const nums = (block.match(/^\s{4}[\d, ]+$/gm) ?? []).join(",").split(",").map((s) => s.trim()).filter(Boolean).map(Number);
    expect(nums).toEqual([...CIFAR100_FINE_TO_COARSE]);
  });
});

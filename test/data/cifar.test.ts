import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  CIFAR10,
  CIFAR100,
  CIFAR100_COARSE_NAMES,
  CIFAR100_FINE_NAMES,
  CIFAR100_FINE_TO_COARSE,
  CIFAR10_CLASS_NAMES,
  CIFAR_IMAGE_BYTES,
  CIFAR_TRAIN_STATS,
  channelStats,
  cifar100Superclass,
  cifar10Parity,
  cifarFiles,
  loadCifar,
  parseCifarFile,
  readCifarLabelNames,
  resolveCifarDir,
  type CifarName,
} from "../../src/data/cifar.js";
import { cifarBatchFloats, cifarBatchTensor, gatherLabels, normaliseNhwc } from "../../src/data/cifar-batch.js";
import { CIFAR_FIXTURE_ROWS, makeCifarFixtures } from "../../src/data/cifar-fixtures.js";
import { REPO_ROOT } from "../../src/runtime/files.js";
import { initBackend, tf } from "../../src/runtime/backend.js";

const FIX = join(REPO_ROOT, "fixtures", "cifar");
const FIX10 = join(FIX, CIFAR10.folder);
const FIX100 = join(FIX, CIFAR100.folder);

const tmpRoot = mkdtempSync(join(tmpdir(), "cifar-test-"));
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));
let tmpCount = 0;
function tmpFolder(): string {
  const d = join(tmpRoot, `d${tmpCount++}`);
  mkdirSync(d, { recursive: true });
  return d;
}

/** One CIFAR row whose red plane holds y + 1, green x + 1, blue 250 - y (distinct per channel). */
function plantedRow(dataset: CifarName, labels: number[]): Uint8Array {
  const spec = dataset === "cifar10" ? CIFAR10 : CIFAR100;
  const row = new Uint8Array(spec.rowBytes);
  row.set(labels, 0);
  const px = row.subarray(spec.labelBytes);
  for (let y = 0; y < 32; y++) {
    for (let x = 0; x < 32; x++) {
      px[y * 32 + x] = y + 1;
      px[1024 + y * 32 + x] = x + 1;
      px[2048 + y * 32 + x] = 250 - y;
    }
  }
  return row;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe("CIFAR loaders on the fixtures", () => {
  it("loads CIFAR-10 train batch 1 and the test batch with the right shapes and labels", () => {
    const tr = loadCifar({ dataset: "cifar10", split: "train", batches: [1], dir: FIX10 });
    expect(tr.rows).toBe(CIFAR_FIXTURE_ROWS.cifar10.train);
    expect(tr.images.length).toBe(tr.rows * CIFAR_IMAGE_BYTES);
    expect(tr.fine.length).toBe(tr.rows);
    expect([tr.numFine, tr.numCoarse]).toEqual([10, 2]);
    expect(tr.files).toEqual([join(FIX10, "data_batch_1.bin")]);
    // 4 rows per class, coarse = parity.
    const counts = new Array(10).fill(0);
    for (let i = 0; i < tr.rows; i++) {
      counts[tr.fine[i]]++;
      expect(tr.coarse[i]).toBe(tr.fine[i] % 2);
    }
    expect(counts).toEqual(new Array(10).fill(4));
    const te = loadCifar({ dataset: "cifar10", split: "test", dir: FIX10 });
    expect(te.rows).toBe(CIFAR_FIXTURE_ROWS.cifar10.test);
    // The loader copies the file's bytes: row 0's pixels are bytes 1..3072 of the file.
    const raw = readFileSync(join(FIX10, "test_batch.bin"));
    expect(te.fine[0]).toBe(raw[0]);
    expect(Buffer.from(te.images.subarray(0, CIFAR_IMAGE_BYTES)).equals(raw.subarray(1, 3073))).toBe(true);
  });

  it("loads CIFAR-100 train and test with fine labels and superclasses from the file", () => {
    for (const split of ["train", "test"] as const) {
      const d = loadCifar({ dataset: "cifar100", split, dir: FIX100 });
      expect(d.rows).toBe(CIFAR_FIXTURE_ROWS.cifar100[split]);
      expect([d.numFine, d.numCoarse]).toEqual([100, 20]);
      const raw = readFileSync(d.files[0]);
      for (let i = 0; i < d.rows; i++) {
        expect(d.coarse[i]).toBe(raw[i * CIFAR100.rowBytes]);
        expect(d.fine[i]).toBe(raw[i * CIFAR100.rowBytes + 1]);
        expect(d.coarse[i]).toBe(CIFAR100_FINE_TO_COARSE[d.fine[i]]);
      }
      expect(Array.from(cifar100Superclass(d.fine))).toEqual(Array.from(d.coarse));
      expect(new Set(d.coarse).size).toBe(20);
    }
  });

  it("keeps the channel-planar layout: R plane, then G, then B (planted rows)", () => {
    const dir = tmpFolder();
    writeFileSync(join(dir, "test_batch.bin"), concat(plantedRow("cifar10", [3]), plantedRow("cifar10", [8])));
    const d = loadCifar({ dataset: "cifar10", split: "test", dir });
    expect(Array.from(d.fine)).toEqual([3, 8]);
    for (const img of [0, 1]) {
      const o = img * CIFAR_IMAGE_BYTES;
      for (const [y, x] of [[0, 0], [5, 17], [31, 31]]) {
        expect(d.images[o + y * 32 + x]).toBe(y + 1); // R
        expect(d.images[o + 1024 + y * 32 + x]).toBe(x + 1); // G
        expect(d.images[o + 2048 + y * 32 + x]).toBe(250 - y); // B
      }
    }
    // The batch builder emits NHWC: pixel (y, x) = [R, G, B].
    const stats = { mean: [0, 0, 0] as [number, number, number], std: [1 / 255, 1 / 255, 1 / 255] as [number, number, number] };
    const f = cifarBatchFloats(d.images, [1], { stats });
    for (const [y, x] of [[0, 0], [5, 17], [31, 31]]) {
      const o = (y * 32 + x) * 3;
      expect([f[o], f[o + 1], f[o + 2]]).toEqual([y + 1, x + 1, 250 - y]);
    }
    const dir100 = tmpFolder();
    writeFileSync(join(dir100, "train.bin"), plantedRow("cifar100", [CIFAR100_FINE_TO_COARSE[42], 42]));
    const d100 = loadCifar({ dataset: "cifar100", split: "train", dir: dir100 });
    expect([d100.fine[0], d100.coarse[0]]).toEqual([42, CIFAR100_FINE_TO_COARSE[42]]);
    expect([d100.images[5 * 32 + 17], d100.images[1024 + 5 * 32 + 17], d100.images[2048 + 5 * 32 + 17]]).toEqual([6, 18, 245]);
  });

  it("concatenates the requested train batches in the order asked", () => {
    const dir = tmpFolder();
    writeFileSync(join(dir, "data_batch_2.bin"), plantedRow("cifar10", [2]));
    writeFileSync(join(dir, "data_batch_5.bin"), concat(plantedRow("cifar10", [5]), plantedRow("cifar10", [9])));
    const d = loadCifar({ dataset: "cifar10", split: "train", batches: [5, 2], dir });
    expect(Array.from(d.fine)).toEqual([5, 9, 2]);
    expect(d.files.map((f) => f.slice(dir.length + 1))).toEqual(["data_batch_5.bin", "data_batch_2.bin"]);
    expect(cifarFiles("cifar10", "train")).toEqual(CIFAR10.trainFiles);
    expect(cifarFiles("cifar100", "train")).toEqual(["train.bin"]);
    expect(() => cifarFiles("cifar10", "train", [6])).toThrow(/batch 6 does not exist/);
    expect(() => cifarFiles("cifar100", "train", [2])).toThrow(/batch 2 does not exist; batches are 1..1/);
    expect(() => cifarFiles("cifar10", "train", [1, 1])).toThrow(/requested twice/);
  });

  it("reads the label-name files", () => {
    expect(readCifarLabelNames("cifar10", FIX10)).toEqual({ fine: [...CIFAR10_CLASS_NAMES], coarse: ["even", "odd"] });
    expect(readCifarLabelNames("cifar100", FIX100)).toEqual({ fine: [...CIFAR100_FINE_NAMES], coarse: [...CIFAR100_COARSE_NAMES] });
  });
});

describe("CIFAR loader errors name the file and the problem", () => {
  it("a size that is not a multiple of the row size", () => {
    const dir = tmpFolder();
    const p = join(dir, "test_batch.bin");
    writeFileSync(p, concat(plantedRow("cifar10", [1]), new Uint8Array(5)));
    expect(() => loadCifar({ dataset: "cifar10", split: "test", dir })).toThrow(`${p}: size 3078 bytes is not a positive multiple of the CIFAR-10 row size 3073`);
    writeFileSync(p, new Uint8Array(0));
    expect(() => loadCifar({ dataset: "cifar10", split: "test", dir })).toThrow(/size 0 bytes is not a positive multiple/);
    // A CIFAR-10 file read as CIFAR-100 (3073 vs 3074 bytes per row).
    expect(() => parseCifarFile(readFileSync(join(FIX10, "test_batch.bin")), "cifar100", "x.bin")).toThrow(/x\.bin: .*CIFAR-100 row size 3074/);
  });

  it("a row count other than the expected one", () => {
    expect(() => loadCifar({ dataset: "cifar10", split: "test", dir: FIX10, expectRows: 10_000 })).toThrow(
      `${join(FIX10, "test_batch.bin")}: holds 20 rows (61460 bytes), expected 10000 rows`,
    );
    expect(() => loadCifar({ dataset: "cifar100", split: "train", dir: FIX100, expectRows: "official" })).toThrow(/expected 50000 rows/);
  });

  it("a missing requested file (a folder may hold only some batches)", () => {
    expect(loadCifar({ dataset: "cifar10", split: "train", batches: [1], dir: FIX10 }).rows).toBe(40);
    expect(() => loadCifar({ dataset: "cifar10", split: "train", batches: [1, 2], dir: FIX10 })).toThrow(
      `${join(FIX10, "data_batch_2.bin")}: missing CIFAR-10 file`,
    );
    expect(() => loadCifar({ dataset: "cifar10", split: "train", dir: FIX10 })).toThrow(/data_batch_2\.bin: missing CIFAR-10 file .*batches "all"/);
  });

  it("label bytes out of range, and a superclass that does not match the fine label", () => {
    const dir = tmpFolder();
    const p10 = join(dir, "test_batch.bin");
    writeFileSync(p10, concat(plantedRow("cifar10", [9]), plantedRow("cifar10", [10])));
    expect(() => loadCifar({ dataset: "cifar10", split: "test", dir })).toThrow(`${p10}: row 1 (byte offset 3073) has label 10, outside 0..9`);
    const p100 = join(dir, "test.bin");
    writeFileSync(p100, plantedRow("cifar100", [0, 100]));
    expect(() => loadCifar({ dataset: "cifar100", split: "test", dir })).toThrow(`${p100}: row 0 (byte offset 1) has fine label 100, outside 0..99`);
    writeFileSync(p100, plantedRow("cifar100", [20, 0]));
    expect(() => loadCifar({ dataset: "cifar100", split: "test", dir })).toThrow(`${p100}: row 0 (byte offset 0) has coarse label 20, outside 0..19`);
    writeFileSync(p100, plantedRow("cifar100", [3, 0])); // apple belongs to superclass 4
    expect(() => loadCifar({ dataset: "cifar100", split: "test", dir })).toThrow(`${p100}: row 0 has coarse label 3 but fine label 0 (apple) belongs to superclass 4`);
  });

  it("a missing dataset folder says where to put the files and how to download them", () => {
    const dir = join(tmpRoot, "no-such-folder");
    expect(() => loadCifar({ dataset: "cifar10", split: "test", dir })).toThrow(
      new RegExp(`CIFAR-10 folder not found: ${dir}\\. Download it with \`npm run data -- cifar10\`.*data_batch_1\\.bin.*CIFAR10_DIR`),
    );
    const saved = process.env.CIFAR100_DIR;
    process.env.CIFAR100_DIR = dir;
    try {
      expect(resolveCifarDir("cifar100")).toEqual({ dir, source: "env" });
      expect(() => loadCifar({ dataset: "cifar100", split: "test" })).toThrow(/CIFAR-100 folder not found: .*no-such-folder \(from CIFAR100_DIR\).*npm run data -- cifar100/);
    } finally {
      if (saved === undefined) delete process.env.CIFAR100_DIR;
      else process.env.CIFAR100_DIR = saved;
    }
  });

  it("the folder comes from the argument, then the env var, then <repo>/.cache/data", () => {
    const saved = process.env.CIFAR10_DIR;
    delete process.env.CIFAR10_DIR;
    try {
      expect(resolveCifarDir("cifar10")).toEqual({ dir: join(REPO_ROOT, ".cache", "data", "cifar-10-batches-bin"), source: "default" });
      process.env.CIFAR10_DIR = FIX10;
      expect(resolveCifarDir("cifar10")).toEqual({ dir: FIX10, source: "env" });
      expect(loadCifar({ dataset: "cifar10", split: "test" }).rows).toBe(20);
      expect(resolveCifarDir("cifar10", FIX100).source).toBe("argument");
    } finally {
      if (saved === undefined) delete process.env.CIFAR10_DIR;
      else process.env.CIFAR10_DIR = saved;
    }
  });
});

describe("CIFAR labelings", () => {
  it("CIFAR-10 coarse is class parity (1 bit)", () => {
    expect(Array.from(cifar10Parity(Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])))).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
  });

  it("the CIFAR-100 fine-to-coarse table has 100 entries, 5 fine classes per superclass", () => {
    expect(CIFAR100_FINE_TO_COARSE.length).toBe(100);
    const per = new Array(20).fill(0);
    for (const c of CIFAR100_FINE_TO_COARSE) per[c]++;
    expect(per).toEqual(new Array(20).fill(5));
    // Spot checks against the official names: apple -> fruit_and_vegetables, whale -> aquatic_mammals, tractor -> vehicles_2.
    const sup = (name: string) => CIFAR100_COARSE_NAMES[CIFAR100_FINE_TO_COARSE[CIFAR100_FINE_NAMES.indexOf(name)]];
    expect([sup("apple"), sup("whale"), sup("tractor"), sup("bicycle"), sup("maple_tree")]).toEqual([
      "fruit_and_vegetables", "aquatic_mammals", "vehicles_2", "vehicles_1", "trees",
    ]);
    expect(() => cifar100Superclass(Int32Array.from([100]))).toThrow(/fine label 100 at index 0/);
  });
});

describe("CIFAR normalisation and batches", () => {
  it("channelStats is exact on a planted image", () => {
    const img = new Uint8Array(CIFAR_IMAGE_BYTES);
    img.fill(51, 0, 1024); // R constant 0.2
    for (let k = 0; k < 1024; k++) img[1024 + k] = k % 2 === 0 ? 0 : 255; // G: mean 0.5, std 0.5
    img.fill(255, 2048); // B constant 1
    const s = channelStats(img);
    expect(s.mean[0]).toBeCloseTo(0.2, 12);
    expect(s.mean[1]).toBeCloseTo(0.5, 12);
    expect(s.mean[2]).toBeCloseTo(1, 12);
    expect(s.std).toEqual([0, 0.5, 0]);
  });

  it("normalises (x / 255 - mean) / std per channel in NHWC order", () => {
    const stats = { mean: [0.1, 0.5, 0.9] as [number, number, number], std: [0.2, 0.25, 0.5] as [number, number, number] };
    const out = normaliseNhwc(Uint8Array.from([0, 255, 51, 255, 0, 102]), stats);
    const want = [(0 - 0.1) / 0.2, (1 - 0.5) / 0.25, (0.2 - 0.9) / 0.5, (1 - 0.1) / 0.2, (0 - 0.5) / 0.25, (0.4 - 0.9) / 0.5];
    want.forEach((w, i) => expect(out[i]).toBeCloseTo(w, 5));
    expect(() => normaliseNhwc(new Uint8Array(3), { mean: [0, 0, 0], std: [1, 0, 1] })).toThrow(/channel 1 needs .*std 0/);
  });

  it("a whole set normalised with its own statistics has mean 0 and std 1 per channel", () => {
    const d = loadCifar({ dataset: "cifar10", split: "train", batches: [1], dir: FIX10 });
    const all = Array.from({ length: d.rows }, (_, i) => i);
    const f = cifarBatchFloats(d.images, all, { stats: channelStats(d.images) });
    for (let c = 0; c < 3; c++) {
      let s = 0;
      let s2 = 0;
      for (let i = c; i < f.length; i += 3) {
        s += f[i];
        s2 += f[i] * f[i];
      }
      const n = f.length / 3;
      expect(Math.abs(s / n)).toBeLessThan(1e-5);
      expect(Math.sqrt(s2 / n - (s / n) ** 2)).toBeCloseTo(1, 5);
    }
  });

  it("the published full-train-set constants are the commonly used ones", () => {
    const r = (v: number[]) => v.map((x) => Number(x.toFixed(4)));
    expect(r(CIFAR_TRAIN_STATS.cifar10.mean)).toEqual([0.4914, 0.4822, 0.4465]);
    expect(r(CIFAR_TRAIN_STATS.cifar10.std)).toEqual([0.247, 0.2435, 0.2616]);
    expect(r(CIFAR_TRAIN_STATS.cifar100.mean)).toEqual([0.5071, 0.4865, 0.4409]);
    expect(r(CIFAR_TRAIN_STATS.cifar100.std)).toEqual([0.2673, 0.2564, 0.2762]);
  });

  it("cifarBatchTensor gives a float32 [b, 32, 32, 3] tensor holding the normalised batch, no leaks", async () => {
    await initBackend("cpu");
    const d = loadCifar({ dataset: "cifar100", split: "test", dir: FIX100 });
    const idx = [3, 0, 7];
    const before = tf.memory().numTensors;
    const t = cifarBatchTensor(d.images, idx, { stats: CIFAR_TRAIN_STATS.cifar100 });
    expect(t.shape).toEqual([3, 32, 32, 3]);
    expect(t.dtype).toBe("float32");
    const want = cifarBatchFloats(d.images, idx, { stats: CIFAR_TRAIN_STATS.cifar100 });
    expect(Array.from(t.dataSync())).toEqual(Array.from(want));
    // Pixel (2, 5) of batch item 1 (= image 0).
    const o = 1 * CIFAR_IMAGE_BYTES + (2 * 32 + 5) * 3;
    const s = CIFAR_TRAIN_STATS.cifar100;
    for (let c = 0; c < 3; c++) expect(want[o + c]).toBeCloseTo((d.images[c * 1024 + 2 * 32 + 5] / 255 - s.mean[c]) / s.std[c], 5);
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(gatherLabels(d.fine, idx))).toEqual([d.fine[3], d.fine[0], d.fine[7]]);
    expect(() => gatherLabels(d.fine, [20])).toThrow(/label index 20 is outside 0..19/);
    expect(() => cifarBatchFloats(d.images, [-1], { stats: s })).toThrow(/image index -1 is outside 0..19/);
  });
});

describe("CIFAR fixtures", () => {
  it("are what scripts/make-cifar-fixtures.ts writes (byte for byte)", () => {
    for (const [rel, contents] of makeCifarFixtures()) {
      const disk = readFileSync(join(FIX, rel));
      const want = typeof contents === "string" ? Buffer.from(contents, "utf8") : Buffer.from(contents);
      expect(disk.equals(want), `${rel} differs; rerun npx tsx scripts/make-cifar-fixtures.ts`).toBe(true);
    }
  });

  it("carry a learnable class signal: nearest centroid of channel means beats chance on the test file", () => {
    const feats = (images: Uint8Array, i: number) => {
      const s = channelStats(images.subarray(i * CIFAR_IMAGE_BYTES, (i + 1) * CIFAR_IMAGE_BYTES));
      return [...s.mean, ...s.std];
    };
    const accuracy = (dataset: CifarName, dir: string, key: "fine" | "coarse", k: number) => {
      const tr = loadCifar({ dataset, split: "train", batches: [1], dir });
      const te = loadCifar({ dataset, split: "test", dir });
      const cent = Array.from({ length: k }, () => ({ sum: new Array(6).fill(0), n: 0 }));
      for (let i = 0; i < tr.rows; i++) {
        const f = feats(tr.images, i);
        const c = cent[tr[key][i]];
        f.forEach((v, j) => (c.sum[j] += v));
        c.n++;
      }
      let hit = 0;
      for (let i = 0; i < te.rows; i++) {
        const f = feats(te.images, i);
        let best = -1;
        let bestD = Infinity;
        cent.forEach((c, j) => {
          if (c.n === 0) return;
          const dd = c.sum.reduce((s, v, m) => s + (v / c.n - f[m]) ** 2, 0);
          if (dd < bestD) [bestD, best] = [dd, j];
        });
        if (best === te[key][i]) hit++;
      }
      return hit / te.rows;
    };
    expect(accuracy("cifar10", FIX10, "fine", 10)).toBeGreaterThan(0.5); // chance 0.1
    expect(accuracy("cifar100", FIX100, "coarse", 20)).toBeGreaterThan(0.3); // chance 0.05
  });
});

/** Decoder-train / decoder-test split: i.i.d. rows in order (views), ordered rows shuffled by seed, and the guard between. */
import { describe, expect, it } from "vitest";
import { splitDecoderRows } from "../../src/info/core/split.js";
import { cbRunConfig } from "../../src/experiments/cb-config.js";
import { cbDecoderTasks } from "../../src/experiments/cb-runner.js";
import { paperArm } from "../../src/experiments/cifar-runner.js";
import { createRng, deriveSeed } from "../../src/runtime/rng.js";

/** rows x dim data whose z row r is [r, r + 0.5] and label r * k / rows (sorted by class). */
function sortedFile(rows: number, k: number): { z: Float32Array; labels: Int32Array } {
  const z = Float32Array.from({ length: rows * 2 }, (_, i) => Math.floor(i / 2) + (i % 2) * 0.5);
  const labels = Int32Array.from({ length: rows }, (_, r) => Math.floor((r * k) / rows));
  return { z, labels };
}

function classCounts(labels: Int32Array, k: number): number[] {
  const c = new Array<number>(k).fill(0);
  for (const y of labels) c[y]++;
  return c;
}

describe("splitDecoderRows", () => {
  it('"iid" takes the rows in order, as views of the caller\'s arrays (no copy, numbers unchanged)', () => {
    const rng = createRng(4);
    const z = Float32Array.from({ length: 50 * 3 }, () => rng.normal());
    const labels = Int32Array.from({ length: 50 }, () => rng.int(3));
    const [{ train, test }] = splitDecoderRows(z, 3, [{ labels, numClasses: 3 }], { trainRows: 10, testRows: 30 }, "iid");
    expect(train.z.buffer).toBe(z.buffer);
    expect(Array.from(train.z)).toEqual(Array.from(z.subarray(0, 30)));
    expect(Array.from(test.z)).toEqual(Array.from(z.subarray(30, 120)));
    expect(Array.from(test.labels)).toEqual(Array.from(labels.subarray(10, 40)));
    expect([train.dim, train.numClasses, test.labels.length]).toEqual([3, 3, 30]);
  });

  it('"iid" refuses rows that are visibly ordered, saying to shuffle', () => {
    const { z, labels } = sortedFile(100, 4);
    expect(() => splitDecoderRows(z, 2, [{ labels, numClasses: 4 }], { trainRows: 75, testRows: 25 }, "iid")).toThrow(
      /labels are in sorted order over the 100 rows; rows in a sorted or grouped order give a bad split: pass \{ shuffleSeed \}/,
    );
    // Grouped, not sorted: class 3 only after the train rows.
    const grouped = Int32Array.from({ length: 100 }, (_, r) => (r < 75 ? r % 3 : 3));
    expect(() => splitDecoderRows(z, 2, [{ labels: grouped, numClasses: 4 }], { trainRows: 75, testRows: 25 }, "iid")).toThrow(/class 3 is in the decoder-test rows \(row 75\) but in none of the 75 decoder-train rows/);
  });

  it("a seeded shuffle gives a sorted file two parts with the same class mix, rows kept paired with their labels", () => {
    // CIFAR's protocol: 7500 / 2500 of 10000 probe images, here a file sorted by its 10 classes.
    const { z, labels } = sortedFile(10_000, 10);
    const coarse = Int32Array.from(labels, (y) => y % 2);
    const [fine, parity] = splitDecoderRows(z, 2, [{ labels, numClasses: 10 }, { labels: coarse, numClasses: 2 }], { trainRows: 7500, testRows: 2500 }, { shuffleSeed: 7 });
    for (const c of classCounts(fine.train.labels, 10)) expect(Math.abs(c - 750)).toBeLessThan(80);
    for (const c of classCounts(fine.test.labels, 10)) expect(Math.abs(c - 250)).toBeLessThan(50);
    // Row r of the file is z = [r, r + 0.5] with label floor(r / 1000): the pairing survives.
    for (let i = 0; i < 2500; i++) {
      const r = fine.test.z[2 * i];
      expect(fine.test.z[2 * i + 1]).toBe(r + 0.5);
      expect(fine.test.labels[i]).toBe(Math.floor(r / 1000));
      expect(parity.test.labels[i]).toBe(Math.floor(r / 1000) % 2);
    }
    // One z copy shared by the label sets; every row used once.
    expect(parity.train.z).toBe(fine.train.z);
    const used = new Set([...Array.from({ length: 7500 }, (_, i) => fine.train.z[2 * i]), ...Array.from({ length: 2500 }, (_, i) => fine.test.z[2 * i])]);
    expect(used.size).toBe(10_000);
  });

  it("same seed, same split; another seed, another split", () => {
    const { z, labels } = sortedFile(200, 4);
    const split = (s: number) => splitDecoderRows(z, 2, [{ labels, numClasses: 4 }], { trainRows: 150, testRows: 50 }, { shuffleSeed: s })[0];
    expect(Array.from(split(3).test.z)).toEqual(Array.from(split(3).test.z));
    expect(Array.from(split(3).test.z)).not.toEqual(Array.from(split(4).test.z));
  });

  it("names a bad argument", () => {
    const { z, labels } = sortedFile(20, 2);
    const set = [{ labels, numClasses: 2 }];
    expect(() => splitDecoderRows(z, 2, set, { trainRows: 15, testRows: 10 }, { shuffleSeed: 1 })).toThrow(/15 \+ 10 rows requested, z has 20/);
    expect(() => splitDecoderRows(z, 2, set, { trainRows: 0, testRows: 10 }, { shuffleSeed: 1 })).toThrow(/trainRows and testRows must be positive integers, got 0 and 10/);
    expect(() => splitDecoderRows(z, 2, [{ labels, numClasses: 1 }], { trainRows: 10, testRows: 10 }, { shuffleSeed: 1 })).toThrow(/label 1 at row 10 is outside \{0..0\}/);
    expect(() => splitDecoderRows(z, 2, set, { trainRows: 10, testRows: 10 }, { shuffleSeed: 0.5 } as never)).toThrow(/order must be "iid" or \{ shuffleSeed/);
  });
});

describe("the checkerboard path", () => {
  it("decoder tasks are views of the probe rows in order: 1250 train, 3750 test (numbers as before the helper)", () => {
    const cfg = cbRunConfig("CB-2", "ci", { decode: "final-all" });
    const rows = cfg.decoderTrainRows + cfg.decoderTestRows;
    const rng = createRng(9);
    const widths = [3, 2];
    const layers = widths.map((w) => Float32Array.from({ length: rows * w }, () => rng.normal()));
    const probeColour = Int32Array.from({ length: rows }, () => rng.int(2));
    const probeDirection = Int32Array.from({ length: rows }, () => rng.int(2));
    const trained = { layerNames: ["a", "b"], widths, valAccuracy: [], trainLoss: [], phase: [], probes: [{ epoch: 100, layers }], probeColour, probeDirection };
    const { tasks } = cbDecoderTasks(cfg, 1, trained);
    expect(tasks).toHaveLength(4);
    const t = tasks.find((x) => x.id === "direction/layer2/epoch100")!;
    expect(t.train.z.buffer).toBe(layers[1].buffer);
    expect(t.train.z.length).toBe(1250 * 2);
    expect(Array.from(t.test.z)).toEqual(Array.from(layers[1].subarray(1250 * 2, rows * 2)));
    expect(Array.from(t.train.labels)).toEqual(Array.from(probeDirection.subarray(0, 1250)));
  });
});

/** The probe-row index of every row of a part whose z rows are [r, -r] (r the row's index). */
function rowIds(z: Float32Array, dim: number): number[] {
  return Array.from({ length: z.length / dim }, (_, i) => z[i * dim]);
}

/** Rows of a part whose label is not the label of the probe row it came from. */
function mislabelled(ids: number[], labels: Int32Array, truth: Int32Array): number {
  let bad = 0;
  ids.forEach((r, i) => (bad += labels[i] === truth[r] ? 0 : 1));
  return bad;
}

describe("decoder-train and decoder-test rows: disjoint, of the registered sizes, labels kept with their rows", () => {
  it("checkerboard (cbDecoderTasks): 1250 train and 3750 test rows of the 5000 probe rows, no row in both, every label, layer and epoch", () => {
    const cfg = cbRunConfig("CB-10", "ci");
    const rows = cfg.decoderTrainRows + cfg.decoderTestRows;
    expect([cfg.decoderTrainRows, cfg.decoderTestRows]).toEqual([1250, 3750]);
    const rng = createRng(11);
    const widths = [2, 2];
    const layer = () => Float32Array.from({ length: rows * 2 }, (_, i) => (i % 2 === 0 ? Math.floor(i / 2) : -Math.floor(i / 2)));
    const probeColour = Int32Array.from({ length: rows }, () => rng.int(10));
    const probeDirection = Int32Array.from({ length: rows }, () => rng.int(10));
    const trained = { layerNames: ["a", "b"], widths, valAccuracy: [], trainLoss: [], phase: [], probes: cfg.probeEpochs.map((epoch) => ({ epoch, layers: [layer(), layer()] })), probeColour, probeDirection };
    const { tasks } = cbDecoderTasks(cfg, 1, trained);
    expect(tasks.length).toBeGreaterThan(cfg.probeEpochs.length * 4 - 1);
    for (const t of tasks) {
      const train = rowIds(t.train.z, 2);
      const test = rowIds(t.test.z, 2);
      expect([train.length, test.length, t.train.labels.length, t.test.labels.length], t.id).toEqual([1250, 3750, 1250, 3750]);
      const inTrain = new Set(train);
      expect(test.filter((r) => inTrain.has(r)), `${t.id}: rows in both parts`).toEqual([]);
      expect(new Set([...train, ...test]).size).toBe(rows);
      const truth = t.id.startsWith("colour") ? probeColour : probeDirection;
      expect(mislabelled(train, t.train.labels, truth) + mislabelled(test, t.test.labels, truth), `${t.id}: labels moved off their rows`).toBe(0);
    }
  });

  it("CIFAR (paperArm, the runner's seeded split): 7500 train and 2500 test probe images, no image in both, each image once", () => {
    const arm = paperArm("fig3", "cifar10");
    expect([arm.decoderTrainImages, arm.decoderTestImages]).toEqual([7500, 2500]);
    const rows = 10_000;
    const rng = createRng(12);
    const z = Float32Array.from({ length: rows * 2 }, (_, i) => (i % 2 === 0 ? Math.floor(i / 2) : -Math.floor(i / 2)));
    const fine = Int32Array.from({ length: rows }, () => rng.int(10));
    const coarse = Int32Array.from(fine, (y) => y % 2);
    for (const seed of [1, 2]) {
      const parts = splitDecoderRows(z, 2, [{ labels: fine, numClasses: 10 }, { labels: coarse, numClasses: 2 }], { trainRows: arm.decoderTrainImages, testRows: arm.decoderTestImages }, { shuffleSeed: deriveSeed(seed, "decoder-split") });
      parts.forEach((p, k) => {
        const train = rowIds(p.train.z, 2);
        const test = rowIds(p.test.z, 2);
        expect([train.length, test.length, p.train.labels.length, p.test.labels.length]).toEqual([7500, 2500, 7500, 2500]);
        const inTrain = new Set(train);
        expect(test.filter((r) => inTrain.has(r)), `seed ${seed}: images in both parts`).toEqual([]);
        expect(new Set([...train, ...test]).size).toBe(rows);
        const truth = k === 0 ? fine : coarse;
        expect(mislabelled(train, p.train.labels, truth) + mislabelled(test, p.test.labels, truth), `seed ${seed}: labels moved off their rows`).toBe(0);
      });
    }
  });
});

/** The estimator for other projects (src/info/api.ts): one call, and a fit/score object that predicts. */
import { describe, expect, it } from "vitest";
import { binaryAntipodal, oneHotGaussian } from "../../src/info/channels/index.js";
import { familyConfig, toRows, usableInformation, UsableInformationEstimator } from "../../src/info/api.js";
import { estimateUsableInfo } from "../../src/info/core/estimate.js";

const channel = binaryAntipodal({ mu: 1, sigma: 1 });
const sample = channel.sample(4000, 7);
const rows = Array.from({ length: 4000 }, (_, i) => [sample.z[i]]);
const labels = Array.from(sample.labels);

describe("usableInformation(z, y)", () => {
  it("reads a known channel near its truth from plain arrays, and the same from a flat typed array", async () => {
    const r = await usableInformation(rows, labels, { family: "linear" });
    expect(Math.abs(r.bits - channel.miBits())).toBeLessThan(3 * r.seBits + 0.02);
    expect(r).toMatchObject({ trainRows: 1000, testRows: 3000, numClasses: 2, dim: 1, family: "linear", input: "whitened", inputRank: 1 });
    expect(r.testAccuracy).toBeGreaterThan(0.8);
    const flat = await usableInformation({ data: sample.z, dim: 1 }, sample.labels, { family: "linear" });
    expect(flat.bits).toBe(r.bits);
  });

  it("says what is wrong with bad input", async () => {
    await expect(usableInformation([[1, 2], [3]], [0, 1])).rejects.toThrow(/row 1 has 1 values, row 0 has 2/);
    await expect(usableInformation(rows, labels.slice(1))).rejects.toThrow(/3999 labels for 4000 rows/);
    await expect(usableInformation(rows, labels.map((y) => y + 0.5))).rejects.toThrow(/label 0\.5 at row 0 is not a class index/);
    await expect(usableInformation(rows, labels, { numClasses: 1 })).rejects.toThrow(/numClasses must be an integer >= 2/);
    await expect(usableInformation(rows, labels, { trainFraction: 1 })).rejects.toThrow(/trainFraction must be in \(0, 1\)/);
    await expect(usableInformation(rows, labels, { family: "mlp" as never })).rejects.toThrow(/family must be "cb", "cb-medium", "cifar", "linear" or a DecoderConfig/);
    expect(() => toRows({ data: [1, 2, 3], dim: 2 })).toThrow(/3 values are not a positive multiple of dim 2/);
  });
});

describe("UsableInformationEstimator", () => {
  const g = oneHotGaussian({ k: 3, amplitude: 2, sigma: 1 });
  const train = g.sample(600, 1);
  const test = g.sample(1500, 2);
  const asRows = (d: typeof train) => ({ data: d.z, dim: d.dim });

  it("fit then score: the same number the reference implementation gives on the same rows and seed, with the decoder's predictions", async () => {
    const est = new UsableInformationEstimator({ family: "linear", seed: 3 });
    const s = est.fit(asRows(train), train.labels).score(asRows(test), test.labels);
    const [ref] = await estimateUsableInfo([{ id: "x", train, test, seed: 3 }], familyConfig("linear"), { implementation: "reference" });
    expect(s.bits).toBe(ref.bits);
    expect(s.testAccuracy).toBe(ref.testAccuracy);
    expect(s.probabilities).toHaveLength(1500);
    for (const p of s.probabilities.slice(0, 20)) expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const correct = s.predictions.filter((c, i) => c === test.labels[i]).length;
    expect(correct / 1500).toBeCloseTo(s.testAccuracy, 12);
    // The cross-entropy is the mean of -ln q(true label).
    const ce = s.probabilities.reduce((a, p, i) => a - Math.log(p[test.labels[i]]), 0) / 1500;
    expect(ce).toBeCloseTo(s.testCrossEntropyNats, 9);
  });

  it("refuses to predict before fit, and rows of another width", () => {
    const est = new UsableInformationEstimator({ family: "linear" });
    expect(() => est.predictProba([[0, 0, 0]])).toThrow(/call fit\(z, y\) before/);
    est.fit(asRows(train), train.labels);
    expect(() => est.predictProba([[0, 0]])).toThrow(/width 2, the decoder was fitted on width 3/);
  });
});

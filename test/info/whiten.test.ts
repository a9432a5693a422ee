import { eigs } from "mathjs";
import { describe, expect, it } from "vitest";
import type { DecoderTask } from "../../src/interfaces.js";
import { affineTransform, binaryAntipodal, oneHotGaussian } from "../../src/info/channels/index.js";
import { estimateUsableInfo, prepareInputs } from "../../src/info/core/estimate.js";
import { cbDecoderSmallFc, cifarDecoder, linearDecoder } from "../../src/info/core/families.js";
import { splitDecoderRows } from "../../src/info/core/split.js";
import { fitInputMap, fitStandardiser, fitWhitening, readingOf, WHITEN_RELATIVE_CUTOFF } from "../../src/info/core/whiten.js";
import { symmetricEigen } from "../../src/stats/eigen.js";
import { createRng } from "../../src/runtime/rng.js";

/** Gaussian rows with a random correlation: z = x M + offset, x standard normal. */
function correlated(rows: number, dim: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const m = Array.from({ length: dim * dim }, () => rng.normal());
  const z = new Float32Array(rows * dim);
  const x = new Float64Array(dim);
  for (let i = 0; i < rows; i++) {
    for (let a = 0; a < dim; a++) x[a] = rng.normal();
    for (let b = 0; b < dim; b++) {
      let s = 0.5 * b;
      for (let a = 0; a < dim; a++) s += x[a] * m[a * dim + b];
      z[i * dim + b] = s;
    }
  }
  return z;
}

/** Mean and covariance (population) of row-major rows. */
function moments(z: Float32Array, dim: number): { mean: number[]; cov: number[][] } {
  const n = z.length / dim;
  const mean = Array.from({ length: dim }, (_, j) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += z[i * dim + j];
    return s / n;
  });
  const cov = Array.from({ length: dim }, (_, a) =>
    Array.from({ length: dim }, (_, b) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += (z[i * dim + a] - mean[a]) * (z[i * dim + b] - mean[b]);
      return s / n;
    }),
  );
  return { mean, cov };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

describe("symmetricEigen", () => {
  it("reconstructs A = V diag(l) V^T with V orthogonal, ascending, and agrees with mathjs eigs (a second implementation)", () => {
    for (const n of [1, 2, 5, 17]) {
      const rng = createRng(40 + n);
      const b = Array.from({ length: n * n }, () => rng.normal());
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) a[i * n + j] += b[i * n + k] * b[j * n + k];
      const { values, vectors } = symmetricEigen(a, n);
      for (let i = 1; i < n; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
      let rec = 0;
      let orth = 0;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          let o = 0;
          for (let k = 0; k < n; k++) {
            s += vectors[i * n + k] * values[k] * vectors[j * n + k];
            o += vectors[k * n + i] * vectors[k * n + j];
          }
          rec = Math.max(rec, Math.abs(s - a[i * n + j]));
          orth = Math.max(orth, Math.abs(o - (i === j ? 1 : 0)));
        }
      }
      expect(rec).toBeLessThan(1e-10);
      expect(orth).toBeLessThan(1e-12);
      const rows = Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, i * n + n)));
      const ref = (eigs(rows).values as unknown as number[]).slice().sort((x, y) => x - y);
      expect(maxAbsDiff(values, ref)).toBeLessThan(1e-9 * Math.max(1, ref[n - 1]));
    }
  });

  it("rejects bad shapes and non-finite entries", () => {
    expect(() => symmetricEigen([1, 2, 3], 2)).toThrow(/expected n \* n = 4/);
    expect(() => symmetricEigen([1, NaN, NaN, 1], 2)).toThrow(/entry \(1, 0\) is NaN/);
  });
});

describe("fitWhitening (ZCA on the correlation scale, fitted on the train rows)", () => {
  it("gives the train rows mean 0 and identity covariance", () => {
    const dim = 6;
    const z = correlated(2000, dim, 1);
    const map = fitWhitening(z, dim);
    expect(map.rank).toBe(dim);
    const { mean, cov } = moments(map.apply(z), dim);
    for (let a = 0; a < dim; a++) {
      expect(Math.abs(mean[a])).toBeLessThan(1e-5);
      for (let b = 0; b < dim; b++) expect(Math.abs(cov[a][b] - (a === b ? 1 : 0))).toBeLessThan(1e-5);
    }
  });

  it("is ZCA: the whitened rows are the closest whitened rows to the standardised ones (symmetric map, positive diagonal correlation)", () => {
    const dim = 4;
    const z = correlated(3000, dim, 2);
    const w = fitWhitening(z, dim).apply(z);
    const s = fitStandardiser(z, dim).apply(z);
    // Cross-covariance of standardised and whitened rows is P^{1/2}: symmetric positive definite.
    const n = z.length / dim;
    const cross = Array.from({ length: dim }, (_, a) => Array.from({ length: dim }, (_, b) => {
      let t = 0;
      for (let i = 0; i < n; i++) t += s[i * dim + a] * w[i * dim + b];
      return t / n;
    }));
    for (let a = 0; a < dim; a++) {
      expect(cross[a][a]).toBeGreaterThan(0);
      for (let b = 0; b < dim; b++) expect(Math.abs(cross[a][b] - cross[b][a])).toBeLessThan(1e-4);
    }
    const { values } = symmetricEigen(cross.flat(), dim);
    expect(values[0]).toBeGreaterThan(0);
  });

  it("is the same map for Z and any per-unit affine map of Z: bitwise for power-of-two scales, to float32 rounding for scales 1e-3..1e3 with offsets", () => {
    const dim = 5;
    const z = correlated(1500, dim, 3);
    const base = fitWhitening(z, dim).apply(z);
    const pow2 = z.map((v, k) => v * 2 ** [-10, -3, 0, 4, 10][k % dim]);
    expect(maxAbsDiff(fitWhitening(pow2, dim).apply(pow2), base)).toBe(0);
    const rng = createRng(4);
    const scales = Array.from({ length: dim }, () => (rng.next() < 0.5 ? -1 : 1) * 10 ** (-3 + 6 * rng.next()));
    const offsets = Array.from({ length: dim }, () => 3 * rng.normal());
    const mapped = z.map((v, k) => scales[k % dim] * v + offsets[k % dim]);
    // A negative scale flips that unit's standardised column, so ZCA flips the same column back: the same rows up to the sign of that unit.
    const got = fitWhitening(mapped, dim).apply(mapped);
    const signed = got.map((v, k) => Math.sign(scales[k % dim]) * v);
    // The mapped input is rounded to float32 (relative 6e-8 of |offset| / (scale sd)), nothing else.
    expect(maxAbsDiff(signed, base)).toBeLessThan(1e-3);
  });

  it("covariance ZCA, the amendment's literal formula, is not per-unit invariant: the decision recorded in src/info/core/whiten.ts", () => {
    const dim = 3;
    const z = correlated(2000, dim, 5);
    const scaled = z.map((v, k) => v * [1, 30, 0.1][k % dim]);
    const cov = (x: Float32Array) => fitWhitening(x, dim, { basis: "covariance" }).apply(x);
    // Same information, rotated differently: the whitened rows differ by O(1).
    expect(maxAbsDiff(cov(scaled), cov(z))).toBeGreaterThan(0.1);
    // And a unit scaled by 1e-3 beside one scaled by 1e3 (variance ratio 1e12) is dropped by the covariance cutoff.
    const spread = z.map((v, k) => v * [1e-3, 1, 1e3][k % dim]);
    expect(fitWhitening(spread, dim, { basis: "covariance" }).rank).toBeLessThan(dim);
    expect(fitWhitening(spread, dim).rank).toBe(dim);
  });

  it("drops dead units, duplicated units and directions at or below the cutoff; all-constant Z has rank 0 and maps to zeros", () => {
    const rows = 400;
    const rng = createRng(6);
    const z = new Float32Array(rows * 4);
    for (let i = 0; i < rows; i++) {
      const a = rng.normal();
      const b = rng.normal();
      z.set([a, 0.25, b, a], i * 4); // unit 1 dead (constant), unit 3 a copy of unit 0
    }
    const map = fitWhitening(z, 4);
    expect(map.rank).toBe(2);
    const w = map.apply(z);
    for (let i = 0; i < rows; i++) expect(w[i * 4 + 1]).toBe(0);
    const { cov } = moments(w, 4);
    // The kept directions are white; the copy shares unit 0's direction (each gets half of it).
    expect(cov[2][2]).toBeCloseTo(1, 4);
    expect(cov[0][0] + cov[3][3]).toBeCloseTo(1, 4);
    const constant = new Float32Array(rows * 3).fill(0.1);
    const c = fitWhitening(constant, 3);
    expect(c.rank).toBe(0);
    expect(Array.from(c.apply(constant)).every((v) => v === 0)).toBe(true);
    expect(WHITEN_RELATIVE_CUTOFF).toBe(1e-12);
  });

  it("never sees the test rows: a planted test-row outlier changes neither the map nor any other row", () => {
    const dim = 4;
    const z = correlated(1000, dim, 7);
    const train = z.subarray(0, 600 * dim);
    const test = Float32Array.from(z.subarray(600 * dim));
    const before = fitWhitening(train, dim).apply(test);
    test[5 * dim + 2] = 5e5;
    const after = fitWhitening(train, dim).apply(test);
    for (let i = 0; i < before.length; i++) if (Math.floor(i / dim) !== 5) expect(after[i]).toBe(before[i]);
  });

  it("drops a direction that float32 rounding alone spans: a unit stored as the float32 sum of two others", () => {
    // z3 = fround(z0 + z1): the only spread of z3 - z0 - z1 is float32 rounding (relative ~6e-8, an
    // eigenvalue ~1e-15 of the largest), far below the cutoff. Kept, it would be scaled up by ~1e7.
    for (const seed of [21, 22, 23, 24]) {
      const dim = 4;
      const base = correlated(800, 3, seed);
      const z = new Float32Array(800 * dim);
      for (let i = 0; i < 800; i++) {
        z.set(base.subarray(i * 3, i * 3 + 3), i * dim);
        z[i * dim + 3] = Math.fround(base[i * 3] + base[i * 3 + 1]);
      }
      const map = fitWhitening(z, dim);
      expect(map.rank, `seed ${seed}`).toBe(3);
      const w = map.apply(z);
      expect(Math.max(...Array.from(w, Math.abs)), `seed ${seed}: largest whitened value`).toBeLessThan(10);
      const { cov } = moments(w, dim);
      // Three white directions spread over four units: the trace of the covariance is the rank.
      expect(cov[0][0] + cov[1][1] + cov[2][2] + cov[3][3]).toBeCloseTo(3, 4);
    }
  });

  it("fitInputMap: raw is the identity, standardised per unit, anything else is an error", () => {
    const z = correlated(50, 2, 8);
    expect(fitInputMap("raw", z, 2).apply(z)).toBe(z);
    expect(fitInputMap("standardised", z, 2).rank).toBe(2);
    expect(() => fitInputMap("pca" as never, z, 2)).toThrow(/decoder input must be one of "whitened", "raw", "standardised"/);
    expect(() => fitWhitening(z, 3)).toThrow(/not a positive multiple of dim 3/);
    expect(readingOf({})).toBe("raw");
    expect(readingOf({ input: "whitened" })).toBe("whitened");
  });
});

describe("estimateUsableInfo reads whitened Z by default", () => {
  const channel = oneHotGaussian({ k: 3, amplitude: 1.5, sigma: 1, dim: 5 });
  const sample = channel.sample(2500, 3);
  const task = (z: Float32Array, id: string, input?: DecoderTask["input"]): DecoderTask => {
    const [rows] = splitDecoderRows(z, sample.dim, [{ labels: sample.labels, numClasses: 3 }], { trainRows: 1000, testRows: 1500 }, "iid");
    return { id, ...rows, seed: 3, hYBits: Math.log2(3), ...(input ? { input } : {}) };
  };

  it("records the reading and rank, and gives the same bits as training on the whitened rows as raw input", async () => {
    const cfg = linearDecoder({ epochs: 20 });
    const [def] = await estimateUsableInfo([task(sample.z, "default")], cfg, { implementation: "reference" });
    expect(def.input).toBe("whitened");
    expect(def.inputRank).toBe(5);
    const [{ task: prepared }] = prepareInputs([task(sample.z, "w")]);
    const [manual] = await estimateUsableInfo([{ ...prepared, input: "raw" }], cfg, { implementation: "reference" });
    expect(manual.bits).toBe(def.bits);
    const [raw] = await estimateUsableInfo([task(sample.z, "raw", "raw")], cfg, { implementation: "reference" });
    expect(raw.input).toBe("raw");
    expect(raw.bits).not.toBe(def.bits);
  });

  it("is exactly invariant to power-of-two per-unit scales and within 0.005 bit of per-unit scales 1e-3..1e3 with offsets, where raw loses most of the information", async () => {
    const cfg = cbDecoderSmallFc();
    const pow2 = sample.z.map((v, k) => v * 2 ** [-12, -5, 0, 6, 12][k % 5]);
    const unit = affineTransform(channel, { seed: 9, rotate: false, unitScaleRange: [1e-3, 1e3], offsetScale: 3 }).sample(2500, 3).z;
    const got = await estimateUsableInfo(
      [task(sample.z, "base"), task(pow2, "pow2"), task(unit, "unit"), task(sample.z, "base-raw", "raw"), task(unit, "unit-raw", "raw")],
      cfg,
      { workers: 1 },
    );
    const [base, p2, u, baseRaw, unitRaw] = got.map((g) => g.bits);
    expect(p2).toBe(base);
    expect(Math.abs(u - base)).toBeLessThan(0.005);
    // Planted contrast: the same decoder on raw inputs is not invariant (it is why the protocol whitens).
    expect(baseRaw - unitRaw).toBeGreaterThan(0.1);
  });

  it("stays within 0.05 bit under an ill-conditioned rotation (cond 1e4) with offsets, for every family", async () => {
    const rotated = affineTransform(channel, { seed: 11, conditionNumber: 1e4, offsetScale: 3 }).sample(2500, 3).z;
    for (const cfg of [cbDecoderSmallFc(), linearDecoder(), cifarDecoder()]) {
      const [a, b] = await estimateUsableInfo([task(sample.z, "base"), task(rotated, "rotated")], cfg, { workers: 1 });
      expect(Math.abs(b.bits - a.bits), cfg.family).toBeLessThan(0.05);
    }
  });

  it("reads exactly 0 bit, with no decoder trained, from a Z without spread on the train rows; other tasks are unaffected", async () => {
    const flat = new Float32Array(sample.z.length).fill(2.5);
    const cfg = linearDecoder({ epochs: 5 });
    const [zero, other] = await estimateUsableInfo([task(flat, "flat"), task(sample.z, "z")], cfg, { implementation: "reference" });
    expect(zero.bits).toBe(0);
    expect(zero.inputRank).toBe(0);
    expect(zero.diagnostics.steps).toBe(0);
    expect(zero.testCeNats).toBeCloseTo(Math.log(3), 12);
    const [alone] = await estimateUsableInfo([task(sample.z, "z")], cfg, { implementation: "reference" });
    expect(other.bits).toBe(alone.bits);
    // Raw, the same flat Z trains a decoder (and reads about 0, not exactly).
    const [raw] = await estimateUsableInfo([task(flat, "flat", "raw")], cfg, { implementation: "reference" });
    expect(raw.diagnostics.steps).toBeGreaterThan(0);
  });

  it("rejects non-finite Z before any map is fitted, naming the row and column, and an unknown reading", async () => {
    const bad = Float32Array.from(sample.z);
    bad[7 * 5 + 2] = NaN;
    await expect(estimateUsableInfo([task(bad, "nan")], linearDecoder())).rejects.toThrow(/task "nan" train: z is NaN at row 7, column 2/);
    await expect(estimateUsableInfo([{ ...task(sample.z, "x"), input: "pca" as never }], linearDecoder())).rejects.toThrow(/input must be one of/);
  });

  it("fits the map on the decoder-train rows only: decoder-test rows far from them leave the train rows exactly white", () => {
    // The test rows sit 100 units away: a map that saw them would move the train rows' mean and
    // covariance far from 0 and the identity.
    const dim = 4;
    const train = correlated(1200, dim, 31);
    const test = correlated(400, dim, 32).map((v) => v + 100);
    const labels = (n: number) => Int32Array.from({ length: n }, (_, i) => i % 2);
    const [{ task: p, rank }] = prepareInputs([{ id: "w", seed: 1, train: { z: train, dim, labels: labels(1200), numClasses: 2 }, test: { z: test, dim, labels: labels(400), numClasses: 2 } }]);
    expect(rank).toBe(dim);
    const { mean, cov } = moments(p.train.z, dim);
    for (let a = 0; a < dim; a++) {
      expect(Math.abs(mean[a])).toBeLessThan(1e-5);
      for (let b = 0; b < dim; b++) expect(Math.abs(cov[a][b] - (a === b ? 1 : 0))).toBeLessThan(1e-5);
    }
    // The test rows get the train rows' map, unchanged.
    expect(maxAbsDiff(p.test.z, fitWhitening(train, dim).apply(test))).toBe(0);
  });

  it("shares one map between tasks on the same train rows (colour and direction of one layer)", () => {
    const a = binaryAntipodal({ mu: 1, sigma: 1 }).sample(600, 2);
    const lab2 = Int32Array.from(a.labels, (y) => 1 - y);
    const [r1, r2] = splitDecoderRows(a.z, 1, [{ labels: a.labels, numClasses: 2 }, { labels: lab2, numClasses: 2 }], { trainRows: 300, testRows: 300 }, "iid");
    const [p1, p2] = prepareInputs([{ id: "1", ...r1, seed: 1 }, { id: "2", ...r2, seed: 2 }]);
    expect(p1.task.train.z).toBe(p2.task.train.z);
    expect(p1.task.test.z).toBe(p2.task.test.z);
  });
});

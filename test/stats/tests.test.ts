import { describe, expect, it } from "vitest";
import { createRng } from "../../src/runtime/rng.js";
import { mean } from "../../src/stats/descriptive.js";
import { bootstrapCi, pairedTTest, quantileSorted, ranks, spearman, welchTTest } from "../../src/stats/tests.js";

// Reference values from scipy 1.17 (spearmanr, permutation_test with n_resamples=inf, ttest_ind).
describe("ranks", () => {
  it("average ranks for ties", () => {
    expect(ranks([10, 20, 20, 5, 20])).toEqual([2, 4, 4, 1, 4]);
    expect(ranks([3, 1, 2])).toEqual([3, 1, 2]);
  });
  it("NaN throws", () => expect(() => ranks([1, NaN])).toThrow(/^ranks: non-finite/));
});

describe("spearman", () => {
  it("perfectly monotone sequences give +1 / -1", () => {
    expect(spearman([1, 2, 3, 4, 5], [2, 4, 8, 16, 32]).rho).toBe(1);
    expect(spearman([1, 2, 3, 4, 5], [9, 7, 3, 1, 0.5]).rho).toBe(-1);
    const x = Array.from({ length: 30 }, (_, i) => i);
    expect(spearman(x, x.map((v) => -Math.exp(v / 10))).rho).toBe(-1);
  });
  it("exact p for a reversed sequence of 4 is 1/24 (one-sided) and 2/24 (two-sided)", () => {
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1], "less").p).toBeCloseTo(1 / 24, 14);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1], "two-sided").p).toBeCloseTo(2 / 24, 14);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1], "greater").p).toBe(1);
  });
  it("exact permutation p, n = 8 (scipy permutation_test)", () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8];
    const y = [2.1, 1.9, 3.5, 3.0, 5.2, 4.8, 4.9, 7.0];
    const r = spearman(x, y, "greater");
    expect(r.method).toBe("exact");
    expect(r.rho).toBeCloseTo(0.880952380952381, 13);
    expect(r.p).toBeCloseTo(0.003621031746031746, 13);
    expect(spearman(x, y, "two-sided").p).toBeCloseTo(0.007242063492063492, 13);
    expect(spearman(x, y, "less").p).toBeCloseTo(0.997718253968254, 13);
  });
  it("exact p with ties in both variables (scipy: rho 0.247717; p 0.307143 / 0.723016 / 0.614286)", () => {
    const x = [1, 2, 2, 3, 4, 4, 5];
    const y = [3, 1, 4, 1, 5, 9, 2];
    expect(spearman(x, y).rho).toBeCloseTo(0.24771684715343115, 13);
    expect(spearman(x, y, "greater").p).toBeCloseTo(0.30714285714285716, 12);
    expect(spearman(x, y, "less").p).toBeCloseTo(0.723015873015873, 12);
    expect(spearman(x, y, "two-sided").p).toBeCloseTo(0.6142857142857143, 12);
  });
  it("t approximation above n = 9 (scipy spearmanr: rho -0.810526, p 1.46876e-5, one-sided 7.3438e-6)", () => {
    const x = Array.from({ length: 20 }, (_, i) => i);
    const y = [0.3456, 0.7216, 0.1304, -1.6032, 0.5054, -0.0536, -1.137, -0.1189, -0.4354, -0.6059, -0.9716, -0.5533, -1.9365, -1.4629, -1.8821, -0.9012, -1.5603, -1.9925, -2.5819, -2.1572];
    const r = spearman(x, y);
    expect(r.method).toBe("t");
    expect(r.rho).toBeCloseTo(-0.8105263157894737, 13);
    expect(r.p / 1.4687607586992234e-5).toBeCloseTo(1, 8);
    expect(spearman(x, y, "less").p / 7.343803793496117e-6).toBeCloseTo(1, 8);
    expect(spearman(x, y, "greater").p).toBeCloseTo(1 - 7.343803793496117e-6, 10);
  });
  it("exact and t methods agree roughly at the boundary (n = 9 vs n = 10 of the same trend)", () => {
    const y = [1, 3, 2, 5, 4, 6, 8, 7, 9, 10];
    const p9 = spearman(y.slice(0, 9).map((_, i) => i), y.slice(0, 9), "greater").p;
    const p10 = spearman(y.map((_, i) => i), y, "greater").p;
    expect(p9).toBeLessThan(0.001);
    expect(p10).toBeLessThan(0.001);
  });
  it("a constant variable is degenerate: rho 0, p 1", () => {
    const r = spearman([1, 2, 3, 4], [5, 5, 5, 5], "less");
    expect(r).toMatchObject({ rho: 0, p: 1, degenerate: true });
  });
  it("n = 2 is allowed (exact p 1/2 one-sided); n = 1, length mismatch and NaN throw", () => {
    expect(spearman([1, 2], [3, 4], "greater").p).toBeCloseTo(0.5, 14);
    expect(() => spearman([1], [2])).toThrow(/at least 2/);
    expect(() => spearman([1, 2], [2])).toThrow(/equal length/);
    expect(() => spearman([1, 2], [2, NaN])).toThrow(/^spearman \(y\): non-finite/);
  });
});

describe("welchTTest", () => {
  const a = [5.1, 4.9, 6.2, 5.8, 6.0, 5.5, 5.3];
  const b = [4.2, 4.8, 4.4, 5.0, 4.6];
  it("matches scipy ttest_ind(equal_var=False): t 4.103682, df 9.981424, p 0.002140", () => {
    const r = welchTTest(a, b);
    expect(r.t).toBeCloseTo(4.1036820278339095, 11);
    expect(r.df).toBeCloseTo(9.981424285453812, 10);
    expect(r.p).toBeCloseTo(0.002140303480978299, 12);
    expect(r.ci[0]).toBeCloseTo(0.430793418287054, 9);
    expect(r.ci[1]).toBeCloseTo(1.4549208674272323, 9);
    expect(welchTTest(a, b, "greater").p).toBeCloseTo(0.0010701517404891495, 12);
    expect(welchTTest(a, b, "less").p).toBeCloseTo(0.9989298482595108, 12);
  });
  it("second case, unequal variances: t 6.573757, df 3.676471, one-sided p 0.001853", () => {
    const r = welchTTest([1.2, 1.5, 0.9, 1.4], [0.3, 0.2, 0.5, 0.25, 0.4, 0.35], "greater");
    expect(r.t).toBeCloseTo(6.573757351339166, 10);
    expect(r.df).toBeCloseTo(3.676470588235294, 10);
    expect(r.p).toBeCloseTo(0.0018532145738129244, 11);
  });
  it("equal n and variance gives df = 2n - 2 (hand: a=[1,2,3], b=[4,5,6]: t = -3/sqrt(2/3), df 4)", () => {
    const r = welchTTest([1, 2, 3], [4, 5, 6]);
    expect(r.t).toBeCloseTo(-3 / Math.sqrt(2 / 3), 12);
    expect(r.df).toBeCloseTo(4, 12);
  });
  it("constant arms: infinite t when means differ, p 1 when equal", () => {
    expect(welchTTest([1, 1], [0, 0], "greater")).toMatchObject({ t: Infinity, p: 0, zeroVariance: true });
    expect(welchTTest([1, 1], [0, 0], "less").p).toBe(1);
    expect(welchTTest([1, 1], [1, 1], "greater")).toMatchObject({ t: 0, p: 1 });
  });
  it("needs two values per arm; NaN names the arm", () => {
    expect(() => welchTTest([1], [1, 2])).toThrow(/at least 2 values/);
    expect(() => welchTTest([1, 2], [1, NaN])).toThrow(/^welchTTest \(b\): non-finite/);
  });
});

describe("pairedTTest", () => {
  it("matches scipy ttest_1samp on the differences (mean 0.19, one-sided p 0.035886)", () => {
    const r = pairedTTest([1.3, 1.1, 1.4, 0.95, 1.2], [1, 1, 1, 1, 1], "greater");
    expect(r.estimate).toBeCloseTo(0.19, 12);
    expect(r.df).toBe(4);
    expect(r.p).toBeCloseTo(0.03588569536882651, 11);
    expect(r.ci[0]).toBeCloseTo(-0.026847294830436824, 9);
  });
  it("pairs matter: a shift common to both arms cancels", () => {
    const b = [10, 20, 30, 40];
    const a = b.map((v) => v + 1 + (v % 20 === 0 ? 0.1 : -0.1));
    expect(pairedTTest(a, b, "greater").p).toBeLessThan(1e-3);
    expect(welchTTest(a, b, "greater").p).toBeGreaterThan(0.3);
  });
  it("length mismatch and n = 1 throw", () => {
    expect(() => pairedTTest([1, 2], [1])).toThrow(/equal length/);
    expect(() => pairedTTest([1], [1])).toThrow(/at least 2 pairs/);
  });
});

describe("bootstrapCi", () => {
  const rng = createRng(7);
  const data = Array.from({ length: 40 }, () => rng.normal() + 3);
  it("same seed, same interval; different seed, different interval", () => {
    const a = bootstrapCi(data, mean, { seed: 11 });
    const b = bootstrapCi(data, mean, { seed: 11 });
    const c = bootstrapCi(data, mean, { seed: 12 });
    expect(a).toEqual(b);
    expect(a.ci).not.toEqual(c.ci);
  });
  it("percentile CI of the mean is close to the t interval and contains the estimate", () => {
    const r = bootstrapCi(data, mean, { seed: 5, resamples: 4000 });
    expect(r.estimate).toBeCloseTo(mean(data), 14);
    expect(r.ci[0]).toBeLessThan(r.estimate);
    expect(r.ci[1]).toBeGreaterThan(r.estimate);
    const width = r.ci[1] - r.ci[0];
    // t interval width for n = 40, sd ~ 1: 2 * 2.02 * sd / sqrt(40) ~ 0.64; allow 20%.
    const s = Math.sqrt(data.reduce((q, v) => q + (v - mean(data)) ** 2, 0) / 39);
    expect(width / ((2 * 2.0227 * s) / Math.sqrt(40))).toBeGreaterThan(0.8);
    expect(width / ((2 * 2.0227 * s) / Math.sqrt(40))).toBeLessThan(1.2);
  });
  it("works on pairs (Spearman rho of a strong trend has a CI well below 0)", () => {
    const pairs = Array.from({ length: 25 }, (_, i) => [i, -i + 3 * rng.normal()] as const);
    const r = bootstrapCi(pairs, (s) => spearman(s.map((p) => p[0]), s.map((p) => p[1])).rho, { seed: 3, resamples: 500 });
    expect(r.ci[1]).toBeLessThan(0);
    expect(r.ci[0]).toBeGreaterThanOrEqual(-1);
  });
  it("validates its options", () => {
    expect(() => bootstrapCi([], mean, { seed: 1 })).toThrow(/empty/);
    expect(() => bootstrapCi([1], mean, { seed: 0 })).toThrow(/seed/);
    expect(() => bootstrapCi([1], mean, { seed: 1, resamples: 0 })).toThrow(/resamples/);
  });
  it("quantileSorted interpolates (R type 7)", () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
  });
});

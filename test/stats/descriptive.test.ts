import { describe, expect, it } from "vitest";
import { fmt, mean, meanCi, pairedDifferences, sd, sem, variance } from "../../src/stats/descriptive.js";

const X = [5.1, 4.9, 6.2, 5.8, 6.0, 5.5, 5.3];

describe("mean, sd, sem", () => {
  it("known values (scipy: mean 5.542857, sd 0.479086)", () => {
    expect(mean(X)).toBeCloseTo(5.542857142857143, 13);
    expect(sd(X)).toBeCloseTo(0.47908643220593244, 13);
    expect(variance(X)).toBeCloseTo(0.47908643220593244 ** 2, 13);
    expect(sem(X)).toBeCloseTo(0.47908643220593244 / Math.sqrt(7), 13);
  });
  it("accepts typed arrays", () => expect(mean(new Float64Array([1, 2, 3]))).toBe(2));
  it("empty input names the statistic", () => {
    expect(() => mean([])).toThrow(/^mean: empty input/);
    expect(() => sd([])).toThrow(/^sd: empty input/);
    expect(() => sem([])).toThrow(/^sem: empty input/);
    expect(() => meanCi([])).toThrow(/^meanCi: empty input/);
  });
  it("NaN and Infinity name the statistic and the index", () => {
    expect(() => mean([1, NaN])).toThrow(/^mean: non-finite value NaN at index 1/);
    expect(() => sd([1, Infinity, 2])).toThrow(/^sd: non-finite value Infinity at index 1/);
    expect(() => meanCi([-Infinity])).toThrow(/^meanCi: non-finite/);
  });
  it("sd and sem need two values", () => {
    expect(() => sd([1])).toThrow(/sd: needs at least 2/);
    expect(() => sem([1])).toThrow(/sem: needs at least 2/);
  });
});

describe("meanCi", () => {
  it("t interval matches scipy.stats.t.interval", () => {
    const s = meanCi(X);
    expect(s.ci![0]).toBeCloseTo(5.099776092954625, 9);
    expect(s.ci![1]).toBeCloseTo(5.985938192759661, 9);
    const s90 = meanCi(X, 0.9);
    expect(s90.ci![0]).toBeCloseTo(5.190990622435612, 9);
    expect(s90.ci![1]).toBeCloseTo(5.894723663278674, 9);
  });
  it("one value: the mean, CI undefined", () => {
    expect(meanCi([0.3])).toEqual({ n: 1, mean: 0.3, sd: null, sem: null, ci: null, level: 0.95 });
  });
  it("constant values: zero-width CI", () => expect(meanCi([2, 2, 2]).ci).toEqual([2, 2]));
  it("rejects a bad level", () => expect(() => meanCi(X, 95)).toThrow(/level/));
});

describe("pairedDifferences", () => {
  it("differences and t interval (scipy: mean 0.19, CI [-0.026847, 0.406847])", () => {
    const a = [1.3, 1.1, 1.4, 0.95, 1.2];
    const b = [1, 1, 1, 1, 1];
    const p = pairedDifferences(a, b);
    p.diffs.forEach((d, i) => expect(d).toBeCloseTo([0.3, 0.1, 0.4, -0.05, 0.2][i], 12));
    expect(p.mean).toBeCloseTo(0.19, 12);
    expect(p.ci![0]).toBeCloseTo(-0.026847294830436824, 9);
    expect(p.ci![1]).toBeCloseTo(0.4068472948304368, 9);
  });
  it("unequal lengths and NaN throw", () => {
    expect(() => pairedDifferences([1, 2], [1])).toThrow(/equal length/);
    expect(() => pairedDifferences([1, NaN], [1, 2])).toThrow(/pairedDifferences \(a\)/);
  });
});

describe("fmt", () => {
  it("4 significant digits", () => {
    expect(fmt(0.123456)).toBe("0.1235");
    expect(fmt(2)).toBe("2");
    expect(fmt(1.2e-7)).toBe("1.200e-7");
    expect(fmt(NaN)).toBe("NaN");
  });
});

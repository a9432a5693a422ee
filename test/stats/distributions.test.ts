import { describe, expect, it } from "vitest";
import { logGamma, normalCdf, regularizedIncompleteBeta, tCdf, tQuantile, tSurvival } from "../../src/stats/distributions.js";

// Reference values from scipy 1.17 (special.gammaln, special.betainc, stats.t) unless noted.
describe("logGamma", () => {
  it.each([
    [0.3, 1.0957979948180756],
    [10.5, 13.940625219403763],
    [100, 359.1342053695754],
    [1, 0],
    [2, 0],
  ])("ln Gamma(%s) = %s", (x, want) => {
    expect(logGamma(x)).toBeCloseTo(want, 11);
  });
  it("ln Gamma(0.5) = ln sqrt(pi)", () => expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13));
  it("rejects x <= 0", () => expect(() => logGamma(0)).toThrow(/logGamma/));
});

describe("regularizedIncompleteBeta", () => {
  it.each([
    [0.4, 2, 3, 0.5248],
    [0.1, 0.5, 0.5, 0.20483276469913345],
    [0.3, 10, 20, 0.3640040810719437],
    [0.45, 50, 60, 0.4642352914306031],
  ])("I_%s(%s, %s) = %s", (x, a, b, want) => {
    expect(regularizedIncompleteBeta(x, a, b)).toBeCloseTo(want, 12);
  });
  it("I_x(1,1) = x and the endpoints", () => {
    expect(regularizedIncompleteBeta(0.37, 1, 1)).toBeCloseTo(0.37, 14);
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
  });
  it("rejects x outside [0, 1] and non-positive shapes", () => {
    expect(() => regularizedIncompleteBeta(1.2, 1, 1)).toThrow(/x must lie in/);
    expect(() => regularizedIncompleteBeta(0.5, 0, 1)).toThrow(/a and b/);
  });
});

describe("tCdf", () => {
  it("matches closed forms for df = 1 (Cauchy) and df = 2", () => {
    for (const t of [-5, -1.3, 0, 0.4, 2, 30]) {
      expect(tCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 13);
      expect(tCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 13);
    }
  });
  it.each([
    [-2.1, 4, 0.05182664315880109],
    [1.3, 12.7, 0.8916497327078913],
    [5, 3, 0.9923037809633488],
    [0.5, 0.5, 0.6213409635352818],
  ])("P(T <= %s | df %s) = %s", (t, df, want) => {
    expect(tCdf(t, df)).toBeCloseTo(want, 12);
  });
  it("survival keeps small tails accurate", () => {
    expect(tSurvival(8, 3)).toBeCloseTo(0.002038288793892733, 14);
    expect(tSurvival(40, 10) / 1.1404288715428768e-12).toBeCloseTo(1, 8);
  });
  it("infinite t and infinite df", () => {
    expect(tCdf(Infinity, 3)).toBe(1);
    expect(tCdf(-Infinity, 3)).toBe(0);
    expect(tCdf(1.96, Infinity)).toBeCloseTo(0.9750021, 6);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
  });
  it("rejects bad df and NaN", () => {
    expect(() => tCdf(1, 0)).toThrow(/degrees of freedom/);
    expect(() => tCdf(NaN, 3)).toThrow(/NaN/);
  });
});

describe("tQuantile", () => {
  it.each([
    [0.975, 7, 2.364624251592784],
    [0.95, 3, 2.3533634348018233],
    [0.995, 1, 63.656741162871526],
    [0.975, 30, 2.0422724563012378],
    [0.9, 2.5, 1.7302509288071766],
    [0.975, 1000, 1.9623390808264083],
  ])("t_{%s, df %s} = %s", (p, df, want) => {
    expect(tQuantile(p, df)).toBeCloseTo(want, 9);
  });
  it("is antisymmetric and 0 at the median", () => {
    expect(tQuantile(0.025, 7)).toBeCloseTo(-2.364624251592784, 9);
    expect(tQuantile(0.5, 4)).toBe(0);
  });
  it("inverts tCdf", () => {
    for (const df of [1, 2.7, 9, 50]) for (const p of [0.001, 0.2, 0.8, 0.9999]) expect(tCdf(tQuantile(p, df), df)).toBeCloseTo(p, 10);
  });
  it("rejects p outside (0, 1)", () => {
    expect(() => tQuantile(1, 3)).toThrow(/p must lie/);
    expect(() => tQuantile(0, 3)).toThrow(/p must lie/);
  });
});

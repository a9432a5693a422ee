/**
 * From per-row test cross-entropies to a UsableInfo (src/info/core/estimate.ts `summarise`), on planted
 * rows whose mean, standard error and accuracy have closed forms: no decoder is trained, so every
 * number is checked exactly against its formula.
 */
import { describe, expect, it } from "vitest";
import type { DecoderTask } from "../../src/interfaces.js";
import { summarise } from "../../src/info/core/estimate.js";
import type { DecoderEval } from "../../src/info/decoders/interface.js";
import { healthyDiagnostics } from "../claims/planted.js";

const task = (hYBits: number, rows: number): DecoderTask => ({
  id: "planted",
  seed: 1,
  hYBits,
  train: { z: new Float32Array(rows), dim: 1, labels: new Int32Array(rows), numClasses: 2 },
  test: { z: new Float32Array(rows), dim: 1, labels: new Int32Array(rows), numClasses: 2 },
});

const evalOf = (ce: number[], correct: number): DecoderEval => ({ ce: Float64Array.from(ce), correct, diagnostics: healthyDiagnostics() });

describe("summarise: I_u, its standard error and the accuracy from per-row cross-entropies", () => {
  it("two values a and b, n/2 rows each: mean (a+b)/2, SE = |a-b| / (2 sqrt(n-1)) nats, I_u = H(Y) - mean / ln 2", () => {
    // Sample SD (n - 1 in the denominator) of n/2 rows at a and n/2 at b is |a-b|/2 sqrt(n/(n-1)),
    // so the SE of the mean, SD / sqrt(n), is |a-b| / (2 sqrt(n-1)).
    for (const [a, b, n] of [[0.1, 0.9, 10], [0.3, 0.31, 3750], [2, 0, 2]] as const) {
      const ce = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? a : b));
      const r = summarise(task(1, n), evalOf(ce, n / 2));
      const mean = (a + b) / 2;
      const se = Math.abs(a - b) / (2 * Math.sqrt(n - 1));
      expect(r.testCeNats).toBeCloseTo(mean, 12);
      expect(r.testCeSeNats / se).toBeCloseTo(1, 10);
      expect(r.testCeSeBits / (se / Math.LN2)).toBeCloseTo(1, 10);
      expect(r.bits).toBeCloseTo(1 - mean / Math.LN2, 12);
      expect(r.testAccuracy).toBe(0.5);
    }
  });

  it("the SE is the sample SD over sqrt(n) for arbitrary rows, and shrinks as 1/sqrt(n) when the rows repeat", () => {
    const ce = [0.05, 0.4, 1.3, 0.2, 0.7, 0.01, 2.2];
    const n = ce.length;
    const mean = ce.reduce((s, x) => s + x, 0) / n;
    const sd = Math.sqrt(ce.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
    const one = summarise(task(Math.log2(3), n), evalOf(ce, 3));
    expect(one.testCeSeNats).toBeCloseTo(sd / Math.sqrt(n), 12);
    expect(one.testAccuracy).toBeCloseTo(3 / 7, 15);
    // 100 copies of the same rows: the same mean, and the SE smaller by sqrt((100 n - 1) / (n - 1))
    // (about 10: the sum of squares grows 100-fold, the divisor n - 1 to 100 n - 1, sqrt(n) 10-fold).
    const many = summarise(task(Math.log2(3), 100 * n), evalOf(Array.from({ length: 100 }, () => ce).flat(), 300));
    expect(many.testCeNats).toBeCloseTo(mean, 12);
    expect(one.testCeSeNats / many.testCeSeNats).toBeCloseTo(Math.sqrt((100 * n - 1) / (n - 1)), 10);
  });

  it("equal rows have SE 0; one row has SE 0 (no spread to estimate); a value below -0.05 bit is a decoder failure", () => {
    expect(summarise(task(1, 5), evalOf([0.2, 0.2, 0.2, 0.2, 0.2], 5)).testCeSeNats).toBe(0);
    expect(summarise(task(1, 1), evalOf([0.2], 1)).testCeSeNats).toBe(0);
    const fails = summarise(task(1, 2), evalOf([0.8, 0.8], 1));
    expect(fails.bits).toBeCloseTo(1 - 0.8 / Math.LN2, 12);
    expect(fails.decoderFailure).toBe(true);
  });
});

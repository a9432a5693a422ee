import { describe, expect, it } from "vitest";
import { gaussHermite, normalExpectation } from "../../src/info/channels/index.js";

/** Moments and E[cos N] are exact for a Gauss-Hermite rule up to rounding. */
const RULE_TOL = 1e-12;

describe("gaussHermite (Golub-Welsch)", () => {
  for (const n of [1, 2, 5, 20, 100, 400]) {
    it(`n=${n}: ascending symmetric nodes, weights sum to sqrt(pi), exact normal moments`, () => {
      const { nodes, weights } = gaussHermite(n);
      expect(nodes.length).toBe(n);
      expect(weights.length).toBe(n);
      for (let i = 1; i < n; i++) expect(nodes[i]).toBeGreaterThan(nodes[i - 1]);
      for (let i = 0; i < n; i++) {
        expect(Math.abs(nodes[i] + nodes[n - 1 - i])).toBeLessThan(1e-9);
        expect(weights[i]).toBeGreaterThanOrEqual(0);
      }
      expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(Math.sqrt(Math.PI), 12);
      // E[N^{2j}] = (2j-1)!!, exact while 2j <= 2n - 1.
      const doubleFactorial = [1, 1, 3, 15, 105];
      for (let j = 0; 2 * j <= 2 * n - 1 && j < doubleFactorial.length; j++) {
        expect(Math.abs(normalExpectation((x) => x ** (2 * j), n) - doubleFactorial[j])).toBeLessThan(RULE_TOL * doubleFactorial[j] * 10);
      }
    });
  }

  it("integrates a smooth non-polynomial: E[cos N] = exp(-1/2)", () => {
    expect(Math.abs(normalExpectation(Math.cos, 40) - Math.exp(-0.5))).toBeLessThan(RULE_TOL);
  });

  it("n=1 node is 0 and rejects bad n", () => {
    expect(gaussHermite(1).nodes[0]).toBeCloseTo(0, 14);
    expect(() => gaussHermite(0)).toThrow(/n must be an integer >= 1, got 0/);
    expect(() => gaussHermite(2.5)).toThrow(/got 2.5/);
  });
});

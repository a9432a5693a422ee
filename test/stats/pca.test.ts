/** PCA for the scatter plots: mathjs eigen-decomposition of the covariance, against known axes and variances. */
import { describe, expect, it } from "vitest";
import { pca2 } from "../../src/stats/pca.js";
import { createRng } from "../../src/runtime/rng.js";

describe("pca2", () => {
  it("recovers planted axes and their variances, largest first, with a fixed sign", () => {
    // Rows a * u + b * w + tiny noise, u and w orthonormal in R^4, sd(a) = 3, sd(b) = 1.
    const rng = createRng(11);
    const u = [0.5, 0.5, 0.5, 0.5];
    const w = [0.5, -0.5, 0.5, -0.5];
    const rows = 2000;
    const z: number[] = [];
    const a: number[] = [];
    for (let r = 0; r < rows; r++) {
      const ar = 3 * rng.normal();
      const br = rng.normal();
      a.push(ar);
      for (let j = 0; j < 4; j++) z.push(ar * u[j] + br * w[j] + 1e-3 * rng.normal() + 10);
    }
    const { x, y, variances } = pca2(z, 4);
    expect(variances[0]).toBeCloseTo(9, 0);
    expect(variances[1]).toBeCloseTo(1, 1);
    // Scores on PC1 are +-a (centred); the sign rule makes the largest entry of u positive (all equal here: the first).
    const meanA = a.reduce((s, v) => s + v, 0) / rows;
    const corr = x.reduce((s, v, i) => s + v * (a[i] - meanA), 0) / Math.sqrt(x.reduce((s, v) => s + v * v, 0) * a.reduce((s, v) => s + (v - meanA) ** 2, 0));
    expect(Math.abs(corr)).toBeGreaterThan(0.9999);
    const sx = x.reduce((s, v) => s + v * v, 0) / rows;
    const sy = y.reduce((s, v) => s + v * v, 0) / rows;
    expect(sx).toBeCloseTo(variances[0], 8);
    expect(sy).toBeCloseTo(variances[1], 8);
  });

  it("projects onto the principal axis first (the report's case: spread along (1, 1, 0))", () => {
    const z: number[] = [];
    for (let i = 0; i < 50; i++) z.push(i, i + (i % 2) * 0.01, (i % 3) * 0.01);
    const { x, y } = pca2(z, 3);
    expect(Math.max(...x) - Math.min(...x)).toBeGreaterThan(60);
    expect(Math.max(...y) - Math.min(...y)).toBeLessThan(0.1);
  });

  it("is sign-stable: the same data, or the data negated, give the same axes", () => {
    const z = [1, 2, 3, 1, 0, 2, 5, 5, 1, 2, 2, 2];
    const p = pca2(z, 3);
    const q = pca2(z.map((v) => -v), 3);
    // Negated data: same axes, so scores flip sign.
    p.x.forEach((v, i) => expect(q.x[i]).toBeCloseTo(-v, 10));
  });

  it("width 1 gives (z - mean, 0); constant data give zeros; bad input is named", () => {
    expect(pca2([1, 2, 3], 1)).toEqual({ x: [-1, 0, 1], y: [0, 0, 0], variances: [2 / 3, 0] });
    expect(pca2([4, 4, 4, 4], 2).x).toEqual([0, 0]);
    expect(() => pca2([1, 2, 3], 2)).toThrow(/3 values are not rows of width 2/);
    expect(() => pca2([1, NaN], 2)).toThrow(/value NaN at row 0, column 1/);
  });
});

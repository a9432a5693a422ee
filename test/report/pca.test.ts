import { describe, expect, it } from "vitest";
import { pca2 } from "../../src/report/pca.js";

describe("pca2", () => {
  it("projects onto the principal axis first", () => {
    // Points spread along (1, 1, 0) with small noise in z: PC1 carries the spread.
    const z: number[] = [];
    for (let i = 0; i < 50; i++) z.push(i, i + (i % 2) * 0.01, (i % 3) * 0.01);
    const { x, y } = pca2(z, 3);
    const sx = Math.max(...x) - Math.min(...x);
    const sy = Math.max(...y) - Math.min(...y);
    expect(sx).toBeGreaterThan(60);
    expect(sy).toBeLessThan(0.1);
  });

  it("gives (z, 0) for one-dimensional data", () => {
    const { x, y } = pca2([1, 2, 3, 4], 1);
    expect(x.map((v) => Math.abs(v))).toEqual([1.5, 0.5, 0.5, 1.5]);
    expect(y).toEqual([0, 0, 0, 0]);
  });
});

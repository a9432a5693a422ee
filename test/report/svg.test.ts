import { describe, expect, it } from "vitest";
import { pca2, scatterSvg } from "../../src/report/svg.js";

describe("report figures", () => {
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

  it("renders one circle per point and a legend entry per group", () => {
    const svg = scatterSvg({ name: "t", title: "a < b", xLabel: "x", yLabel: "y", groupNames: ["g0", "g1"], points: [{ x: 0, y: 0, group: 0 }, { x: 1, y: 2, group: 1 }, { x: 2, y: 1, group: 1 }] });
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.match(/<circle/g)).toHaveLength(3 + 2);
    expect(svg).toContain("a &lt; b");
  });
});

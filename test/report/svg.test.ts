import { describe, expect, it } from "vitest";
import { figureSvg, lineSvg, niceTicks, pca2, scatterSvg } from "../../src/report/svg.js";

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

  it("draws one polyline per series, error bars where a point has an interval, reference lines, and skips non-finite points", () => {
    const svg = lineSvg({
      kind: "lines",
      name: "t",
      title: "curves",
      xLabel: "epoch",
      yLabel: "bits",
      series: [
        { name: "layer 1", points: [{ x: 0, y: 1, lo: 0.8, hi: 1.2 }, { x: 10, y: 0.5 }, { x: 20, y: NaN }] },
        { name: "layer 2", points: [{ x: 0, y: 0.2 }, { x: 10, y: 0.1, lo: 0, hi: 0.2 }] },
      ],
      refLines: [{ y: 0.1, label: "bound" }],
    });
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg.match(/<circle/g)).toHaveLength(4); // the NaN point is left out
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(1);
    // 2 error bars + 1 reference line + 2 legend lines, plus one grid line per tick
    const ticks = (svg.match(/stroke="#eee"/g) ?? []).length;
    expect(ticks).toBeGreaterThanOrEqual(4);
    expect(svg.match(/<line /g)).toHaveLength(5 + ticks);
    expect(svg).not.toContain("NaN");
  });

  it("dispatches on the figure kind (records without a kind are scatter plots)", () => {
    expect(figureSvg({ name: "s", title: "s", xLabel: "x", yLabel: "y", groupNames: ["g"], points: [{ x: 0, y: 0, group: 0 }] })).not.toContain("<polyline");
    expect(figureSvg({ kind: "lines", name: "l", title: "l", xLabel: "x", yLabel: "y", series: [{ name: "a", points: [{ x: 0, y: 0 }, { x: 1, y: 1 }] }] })).toContain("<polyline");
  });

  it("puts round ticks inside the range", () => {
    expect(niceTicks(-2.4, 82.4)).toEqual([0, 20, 40, 60, 80]);
    expect(niceTicks(-0.17, 0.805)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(0.98, 1.0)).toEqual([0.98, 0.985, 0.99, 0.995, 1]);
    expect(niceTicks(-0.005, 0.097)).toEqual([0, 0.02, 0.04, 0.06, 0.08]);
    expect(niceTicks(1, 1)).toEqual([]);
    expect(niceTicks(0, NaN)).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import type { LineFigure } from "../../src/claim-interfaces.js";
import { depthShade, FAMILY_RAMPS, RUN_COLOURS, seriesColours } from "../../src/report/palette.js";
import { feasibleY, figureSvg, lineSpec, renderSvg, scatterSpec } from "../../src/report/vega.js";
import { record } from "./records.js";

const [lines, scatter] = record("fig2a", "reproduced").figures as [LineFigure, Parameters<typeof scatterSpec>[0]];

describe("report figures (Vega-Lite rendered to SVG by vega)", () => {
  it("gives one colour family per label with depth as shade, and fixed run colours in every figure", () => {
    expect(seriesColours(lines)).toEqual([FAMILY_RAMPS.colour[0], FAMILY_RAMPS.colour[5]]);
    expect(seriesColours({ ...lines, name: "direction-by-epoch", yLabel: "direction usable information (bits)" })[1]).toBe(FAMILY_RAMPS.direction[5]);
    expect(depthShade("colour", 3, 5)).toBe(FAMILY_RAMPS.colour[3]);
    // CB-2 keeps its colour whatever the other series are (fig6 has CB-2, CB-10; fig7 CB-10, CB-20, CB-2).
    const fig6 = seriesColours({ name: "colour-by-P", yLabel: "bits", series: [{ name: "CB-2" }, { name: "CB-10" }] });
    const fig7 = seriesColours({ name: "accuracy-by-P", yLabel: "accuracy", series: [{ name: "CB-10" }, { name: "CB-20" }, { name: "CB-2" }] });
    expect(fig6[0]).toBe(RUN_COLOURS["CB-2"]);
    expect(fig7[2]).toBe(RUN_COLOURS["CB-2"]);
  });

  it("clips CI bands to the feasible range and draws them as a band, with bound labels in the margin", () => {
    expect(feasibleY({ ...lines, yLabel: "final validation accuracy" })).toEqual([0, 1]);
    const spec = lineSpec(lines) as unknown as { layer: { mark: { type: string }; data: { values: { lo?: number; label?: string }[] }; encoding: { x?: { datum?: number } } }[] };
    const band = spec.layer.find((l) => l.mark.type === "area")!;
    expect(Math.min(...band.data.values.map((v) => v.lo!))).toBe(0); // -0.1 clipped at 0 bits
    const label = spec.layer.find((l) => l.mark.type === "text")!;
    expect(label.encoding.x?.datum).toBe(100); // at the last epoch, offset to the right of the data
    expect(label.data.values[0].label).toBe("colour bound 0.1");
  });

  it("renders an SVG with the curves, the band, the bound label and readable ticks", async () => {
    const svg = await renderSvg(lineSpec(lines));
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("colour bound 0.1");
    expect(svg).toContain("epoch (symlog axis)");
    expect(svg).toContain(FAMILY_RAMPS.colour[5]);
    expect(svg).not.toContain("NaN");
  }, 20_000);

  it("draws a figure of one probe epoch as points with CI error bars, series side by side (no line, no zero-width band)", async () => {
    const one: LineFigure = {
      kind: "lines",
      name: "readings",
      title: "last-layer colour, three readings",
      xLabel: "epoch",
      yLabel: "colour usable information (bits)",
      series: ["whitened (registered)", "raw", "standardised"].map((name, i) => ({ name, points: [{ x: 100, y: 0.3 + 0.1 * i, lo: 0.1 * i, hi: 0.6 + 0.1 * i }] })),
    };
    const spec = lineSpec(one) as unknown as { layer: { mark: { type: string }; data: { values: { x: number; lo?: number }[] } }[]; layer0?: never };
    const types = spec.layer.map((l) => l.mark.type);
    expect(types).not.toContain("area");
    expect(types).not.toContain("line");
    const bars = spec.layer.find((l) => l.mark.type === "rule")!;
    expect(bars.data.values.map((v) => v.lo)).toEqual([0, 0.1, 0.2]);
    const xs = spec.layer.find((l) => l.mark.type === "point")!.data.values.map((v) => v.x);
    expect(new Set(xs).size).toBe(3);
    expect(Math.min(...xs)).toBeLessThan(100);
    expect(Math.max(...xs)).toBeGreaterThan(100);
    const svg = await renderSvg(lineSpec(one));
    expect(svg).not.toContain("NaN");
    expect(svg).not.toContain("symlog");
  }, 20_000);

  it("writes tiny scatter ticks in exponent form, never as long decimals", async () => {
    const svg = await figureSvg(scatter);
    expect(svg).toMatch(/[0-9]e-6/);
    expect(svg).not.toMatch(/0\.00000\d/);
  }, 20_000);

  it("is deterministic (committed SVGs equal what the renderer writes)", async () => {
    expect(await renderSvg(lineSpec(lines))).toBe(await renderSvg(lineSpec(JSON.parse(JSON.stringify(lines)))));
  }, 20_000);
});

describe("per-seed points beside the means (groups a band would hide)", () => {
  const fig: LineFigure = {
    kind: "lines",
    name: "accuracy-by-P",
    title: "accuracy against P",
    xLabel: "P (epochs of colour pretraining)",
    yLabel: "final validation accuracy",
    series: [
      { name: "CB-10", points: [{ x: 0, y: 0.8, lo: 0.6, hi: 1 }, { x: 20, y: 0.7, lo: 0.5, hi: 0.9 }] },
      { name: "CB-20", points: [{ x: 0, y: 0.9 }, { x: 20, y: 0.85 }] },
    ],
    // CB-10 at P = 0: two learned seeds near 1, one stuck at chance.
    dots: [
      { series: "CB-10", x: 0, y: 0.999, seed: 1 },
      { series: "CB-10", x: 0, y: 0.998, seed: 2 },
      { series: "CB-10", x: 0, y: 0.1, seed: 3 },
      { series: "CB-20", x: 0, y: 0.9, seed: 1 },
    ],
  };

  it("draws each seed as a point, shifted left or right by series so two runs never cover each other", () => {
    const spec = lineSpec(fig) as unknown as { layer: { mark: { type: string; filled?: boolean }; data: { values: { x: number; y: number; series: string }[] } }[] };
    const dots = spec.layer.find((l) => l.mark.type === "point")!;
    expect(dots.data.values).toHaveLength(4);
    const cb10 = dots.data.values.filter((d) => d.series === "CB-10").map((d) => d.x);
    const cb20 = dots.data.values.filter((d) => d.series === "CB-20").map((d) => d.x);
    expect(new Set(cb10).size).toBe(1);
    expect(cb10[0]).toBeLessThan(0);
    expect(cb20[0]).toBeGreaterThan(0);
    expect(dots.data.values.map((d) => d.y)).toContain(0.1);
    expect((lineSpec({ ...fig, dots: undefined }) as unknown as { layer: unknown[] }).layer).toHaveLength(spec.layer.length - 1);
  });

  it("renders them", async () => {
    const svg = await renderSvg(lineSpec(fig));
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).not.toContain("NaN");
  }, 20_000);
});

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

  it("writes tiny scatter ticks in exponent form, never as long decimals", async () => {
    const svg = await figureSvg(scatter);
    expect(svg).toMatch(/[0-9]e-6/);
    expect(svg).not.toMatch(/0\.00000\d/);
  }, 20_000);

  it("is deterministic (committed SVGs equal what the renderer writes)", async () => {
    expect(await renderSvg(lineSpec(lines))).toBe(await renderSvg(lineSpec(JSON.parse(JSON.stringify(lines)))));
  }, 20_000);
});

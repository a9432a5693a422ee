import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeReportFiles } from "../../src/report/write.js";
import { chromiumMissing, emptyFigures, renderReport } from "./chromium.js";
import { record, report } from "./records.js";

const dir = mkdtempSync(join(tmpdir(), "report-render-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("HTML report in headless Chromium", () => {
  it("shows every figure, non-empty; and the check finds a figure without data", async (ctx) => {
    const missing = chromiumMissing();
    if (missing) return ctx.skip(missing);
    const claims = [record("fig2a", "reproduced"), record("fig2b", "contradicted", { scale: "ci" }), record("fig3", "skipped", { figures: undefined, reason: "no GPU" })];
    // Planted failure: a figure whose only series has no finite point.
    const blank = record("fig9", "inconclusive", { figures: [{ kind: "lines", name: "blank", title: "no data", xLabel: "epoch", yLabel: "bits", series: [{ name: "layer 1", points: [{ x: 0, y: NaN }] }] }] });
    await writeReportFiles(dir, report([...claims, blank]));
    const { figures, screenshot, title } = await renderReport(dir);
    expect(title).toBe("Reproduction report (ci scale)");
    expect(figures.map((f) => f.src)).toEqual(["figures/fig2a-colour-by-epoch.svg", "figures/fig2a-epoch10-colour.svg", "figures/fig2b-colour-by-epoch.svg", "figures/fig2b-epoch10-colour.svg", "figures/fig9-blank.svg"]);
    expect(emptyFigures(figures), `screenshot: ${screenshot}`).toEqual([expect.stringMatching(/^figures\/fig9-blank\.svg: .*coloured pixels \d\d?$/)]);
  }, 60_000);
});

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ClaimRecord } from "../../src/claim-interfaces.js";
import { writeReport } from "../../src/report/write.js";

const dir = mkdtempSync(join(tmpdir(), "claims-report-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function claim(id: string, status: ClaimRecord["status"], scale: ClaimRecord["scale"] = "ci"): ClaimRecord {
  return {
    id, paper: "Fig X", statement: `statement ${id}`, scale, backend: "wasm", status,
    checks: [{ rule: "c", name: "c", outcome: status === "reproduced" ? "reproduced" : "contradicted", pass: status === "reproduced", statistic: 0.5, ci: [0.4, 0.6], comparison: "<=", threshold: 0.1, message: `${status === "reproduced" ? "REPRODUCED" : "CONTRADICTED"} atMost: thing: mean = 0.5` }],
    seeds: { total: 3, learned: 2 }, clipping: { points: 6, clipped: 1, decoderFailures: 0 },
    tables: [{ title: "T", columns: ["a", "b"], rows: [[1, 0.25]] }],
    figures: [{ name: "f", title: "F", xLabel: "x", yLabel: "y", groupNames: ["g"], points: [{ x: 0, y: 1, group: 0 }] }],
    runs: [],
  };
}

describe("report writer", () => {
  it("writes JSON, Markdown, HTML and SVG per scale, and keeps earlier claims of the same scale", () => {
    process.env.CLAIMS_REPORT_DIR = dir;
    try {
      writeReport([claim("fig2a", "contradicted"), claim("fig3", "skipped", "paper")]);
      writeReport([claim("fig2b", "reproduced")]);
      const ci = JSON.parse(readFileSync(join(dir, "ci", "claims.json"), "utf8"));
      expect(ci.claims.map((c: ClaimRecord) => c.id)).toEqual(["fig2a", "fig2b"]);
      const md = readFileSync(join(dir, "ci", "claims.md"), "utf8");
      expect(md).toMatch(/NOT a paper-scale reproduction/);
      expect(md).toMatch(/\| fig2a \| Fig X \| contradicted \|/);
      const html = readFileSync(join(dir, "ci", "claims.html"), "utf8");
      expect(html).toContain('src="figures/fig2b-f.svg"');
      expect(readFileSync(join(dir, "ci", "figures", "fig2b-f.svg"), "utf8")).toMatch(/^<svg/);
      const paper = JSON.parse(readFileSync(join(dir, "paper", "claims.json"), "utf8"));
      expect(paper.claims.map((c: ClaimRecord) => c.status)).toEqual(["skipped"]);
    } finally {
      delete process.env.CLAIMS_REPORT_DIR;
    }
  });
});

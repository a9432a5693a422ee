/**
 * Runs after the claims (vitest project `report`, groupOrder 2): checks the report this vitest
 * run wrote (reports/<scale>/runs/$CLAIMS_REPORT_RUN/, set by the reporter): its JSON validates
 * against reports/schema/claims-report.v1.json, and claims.html shows every figure, non-empty,
 * in headless Chromium. Skipped, saying why, when no claim ran or Chromium is missing.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { schemaErrors } from "../../src/report/schema.js";
import { repoRelative, runDir } from "../../src/report/write.js";
import { chromiumMissing, emptyFigures, renderReport } from "../report/chromium.js";

const stamp = process.env.CLAIMS_REPORT_RUN;
const dirs = (["ci", "paper"] as const).map((scale) => (stamp ? runDir(scale, stamp) : "")).filter((d) => d && existsSync(join(d, "claims.json")));

describe("the report of this vitest run", () => {
  it("validates against its JSON Schema and renders every figure in headless Chromium", async (ctx) => {
    if (dirs.length === 0) return ctx.skip(`no report of this run (CLAIMS_REPORT_RUN=${stamp ?? "unset"}): no claim ran`);
    for (const dir of dirs) {
      const doc = JSON.parse(readFileSync(join(dir, "claims.json"), "utf8"));
      expect(schemaErrors(doc), repoRelative(dir)).toEqual([]);
    }
    const missing = chromiumMissing();
    if (missing) return ctx.skip(missing);
    for (const dir of dirs) {
      const { figures, screenshot } = await renderReport(dir);
      expect(emptyFigures(figures), `${repoRelative(dir)}/claims.html (screenshot ${screenshot})`).toEqual([]);
    }
  }, 120_000);
});

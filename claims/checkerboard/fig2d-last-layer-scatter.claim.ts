/**
 * fig2d (Fig 2d/6d). Claim: in the last hidden layer of Small FC (CB-2) the colours overlap while
 * the directions separate. CLAIMS.md asserts nothing beyond fig2a: this spec exports the scatter
 * data (first learned seed, epochs 0, 10, 20 and final, projected on two principal components) to
 * the report and checks only that the export is complete.
 * Seeds: the fig2a runs (cached).
 */
import { test } from "vitest";
import { evaluateFig2d } from "../../src/claims/checkerboard.js";
import { assertClaim } from "../../src/claims/spec.js";
import { cbRun } from "./shared.js";

test("fig2d: last-layer scatter data of Small FC is exported for the report", async ({ task }) => {
  const { results, ctx } = await cbRun("CB-2");
  const record = evaluateFig2d(results, ctx);
  assertClaim({ task }, record);
});

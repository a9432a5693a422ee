/**
 * fig2c (Fig 2c). Claim: Medium FC on CB-20 has the same shape as fig2b, with small colour
 * information in the later layers.
 * Statistic: final-epoch usable information per layer (clipped at 0), means over learned seeds.
 * Seeds: 8 (paper), 3 (ci). Pass: Spearman rho(colour, layer) <= -0.8; last-layer colour <= 20% of
 * log2 20; last-layer direction >= 80% of log2 20.
 */
import { expect, test } from "vitest";
import { evaluateFig2bc, FIG2C } from "../../src/claims/checkerboard.js";
import { claimSummary } from "../../src/claims/spec.js";
import { cbRun } from "./shared.js";

test("fig2c: Medium FC on CB-20, colour info falls with depth and later layers hold little colour", async ({ task }) => {
  const { results, ctx } = await cbRun("CB-20");
  const record = evaluateFig2bc(FIG2C, results, ctx);
  task.meta.claim = record;
  expect(record.status, claimSummary(record)).toBe("pass");
});

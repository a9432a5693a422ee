/**
 * fig2b (Fig 2b). Claim: Medium FC on CB-10: colour information falls with depth, direction rises,
 * and the last layer is nearly minimal.
 * Statistic: final-epoch usable information per layer (clipped at 0), means over learned seeds.
 * Seeds: 8 (paper), 3 (ci). Pass: Spearman rho(colour, layer) <= -0.8; last-layer colour <= 10% of
 * log2 10; last-layer direction >= 90% of log2 10.
 */
import { test } from "vitest";
import { evaluateFig2bc, FIG2B } from "../../src/claims/checkerboard.js";
import { assertClaim } from "../../src/claims/spec.js";
import { cbRun } from "./shared.js";

test("fig2b: Medium FC on CB-10, colour info falls with depth and the last layer is nearly minimal", async ({ task }) => {
  const { results, ctx } = await cbRun("CB-10");
  const record = evaluateFig2bc(FIG2B, results, ctx);
  assertClaim({ task }, record);
});

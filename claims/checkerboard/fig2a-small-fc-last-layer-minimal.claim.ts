/**
 * fig2a (Fig 2a). Claim: Small FC trained on CB-2 ends with ~0 bits of colour and ~1 bit of
 * direction in its last hidden layer.
 * Statistic: final-epoch usable information of layer 5 (clipped at 0), mean over learned seeds.
 * Seeds: 8 (paper), 3 (ci). Pass: colour(L5) <= 0.1 bit; direction(L5) >= 0.9 bit;
 * colour(L5) < colour(L1) (paired over seeds).
 */
import { test } from "vitest";
import { evaluateFig2a } from "../../src/claims/checkerboard.js";
import { assertClaim } from "../../src/claims/spec.js";
import { cbRun } from "./shared.js";

test("fig2a: Small FC on CB-2 keeps ~0 colour and ~1 bit direction in its last layer", async ({ task }) => {
  const { results, ctx } = await cbRun("CB-2");
  const record = evaluateFig2a(results, ctx);
  assertClaim({ task }, record);
});

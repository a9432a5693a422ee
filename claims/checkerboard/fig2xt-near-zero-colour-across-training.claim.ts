/**
 * fig2xt (Sec 4.1, on Fig 2b,c). Claim: "it was possible for the network to solve the task with
 * nearly zero usable color information in its last layer across training".
 * Statistic: mean over learned seeds of last-layer colour information (clipped at 0) at each probe
 * epoch. Seeds: 8 (paper), 3 (ci), of the same CB-10 and CB-20 runs as fig2b and fig2c (cached).
 * Pass: at every probe epoch, mean <= 10% of log2 10 (CB-10) and <= 20% of log2 20 (CB-20).
 * At ci scale only the CB-10 arm runs (CB-20 is paper-scale only); the record says so.
 */
import { test } from "vitest";
import { evaluateFig2xt, FIG2B, FIG2C } from "../../src/claims/checkerboard.js";
import { assertClaim } from "../../src/claims/spec.js";
import { runsAtScale } from "../../src/experiments/cb-config.js";
import { currentScale } from "../../src/experiments/scale.js";
import { cbRun } from "./shared.js";

test("fig2xt: last-layer colour info stays near zero across training on CB-10 and CB-20", async ({ task }) => {
  const arms = [];
  const cb10 = await cbRun("CB-10");
  arms.push({ rule: FIG2B, results: cb10.results });
  const withCb20 = runsAtScale("CB-20", currentScale());
  if (withCb20) arms.push({ rule: FIG2C, results: (await cbRun("CB-20")).results });
  const record = { ...evaluateFig2xt(arms, cb10.ctx), ...(withCb20 ? {} : { scaleNote: "ci: the CB-10 arm only (CB-20 is paper-scale only)" }) };
  assertClaim({ task }, record);
});

/**
 * Negative controls of the checkerboard claims (src/claims/checkerboard-claims.ts, CB_CONTROLS):
 * for every rule of every claim, a control that rule must reject, asserted by rule name: labels
 * swapped on the real runs (every rule of fig2a, fig2b, fig2c, fig2xt), Small FC trained on
 * shuffled labels and the untrained networks (the direction rules), and for fig6 P=0 against P=0
 * and a planted minimal last layer. fig7's control is planted data in test/claims/pretraining.test.ts.
 */
import { describe } from "vitest";
import { cbControlTest } from "./shared.js";

describe("negative controls (each named rule must reject its control)", () => {
  cbControlTest("control-label-swap");
  cbControlTest("control-shuffled-untrained");
  cbControlTest("control-fig6");
});

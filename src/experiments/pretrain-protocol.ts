/**
 * Arms of the pretraining claims per scale (PROTOCOL.md rows fig6, fig7). At ci scale fig7 is cut
 * to what a 2-core CI run can afford; the cut is stated in the claim record.
 */
import type { Scale } from "../interfaces.js";
import type { CbRunId } from "./cb-config.js";

export interface Fig7Protocol {
  pretrainEpochs: number[];
  asserted: CbRunId[];
  reported: CbRunId[];
  /** Departure from PROTOCOL.md, or null at paper scale. */
  note: string | null;
}

/** fig6: P = 0 vs P = 20 on CB-2 and CB-10 at both scales (fewer seeds and epochs at ci). */
export const FIG6_RUNS: CbRunId[] = ["CB-2", "CB-10"];
export const FIG6_PRETRAIN_EPOCHS = 20;

export function fig7Protocol(scale: Scale): Fig7Protocol {
  if (scale === "paper") return { pretrainEpochs: [0, 5, 10, 20, 40], asserted: ["CB-10", "CB-20"], reported: ["CB-2"], note: null };
  return {
    pretrainEpochs: [0, 10, 20],
    asserted: ["CB-10"],
    reported: [],
    note: "ci: CB-10 only (CB-20 has no ci protocol; CB-2 is reported at paper scale only), P in {0, 10, 20}, 3 seeds, 30 epochs after pretraining, 20-epoch decoders",
  };
}

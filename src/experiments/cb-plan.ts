/**
 * Which checkerboard runs each claim needs at a scale: one place for the claim specs
 * (claims/checkerboard) and for `npm run claims:status`, which counts what the per-seed cache
 * already holds. An entry is a run id plus run options; seeds come from cbSeeds.
 */
import type { Scale } from "../interfaces.js";
import { runsAtScale, type CbRunId, type CbRunOptions } from "./cb-config.js";
import { FIG6_PRETRAIN_EPOCHS, FIG6_RUNS, fig7Protocol } from "./pretrain-protocol.js";

export interface CbPlanEntry {
  run: CbRunId;
  opts: CbRunOptions;
}

export type CbClaimId = "fig2a" | "fig2b" | "fig2c" | "fig2xt" | "fig2d" | "fig6" | "fig7";
export const CB_CLAIM_IDS: readonly CbClaimId[] = ["fig2a", "fig2b", "fig2c", "fig2xt", "fig2d", "fig6", "fig7"];

/** Options of a fig6/fig7 arm with P epochs of colour pretraining: P = 0 is the fig2 run (every probe). */
export function pretrainOptions(p: number): CbRunOptions {
  return p === 0 ? {} : { pretrainEpochs: p, decode: "last-layer-colour" };
}

/** fig6 arms: per run, the P = 0 and P = 20 options. */
export function fig6Plan(): { run: CbRunId; base: CbRunOptions; pretrained: CbRunOptions }[] {
  return FIG6_RUNS.map((run) => ({ run, base: pretrainOptions(0), pretrained: pretrainOptions(FIG6_PRETRAIN_EPOCHS) }));
}

/** fig7 arms at a scale: asserted runs first, then the reported ones; per P its options. */
export function fig7Plan(scale: Scale): { run: CbRunId; asserted: boolean; byP: { p: number; opts: CbRunOptions }[] }[] {
  const protocol = fig7Protocol(scale);
  return [...protocol.asserted, ...protocol.reported].map((run) => ({
    run,
    asserted: protocol.asserted.includes(run),
    byP: protocol.pretrainEpochs.map((p) => ({ p, opts: pretrainOptions(p) })),
  }));
}

/** Every run a claim needs at a scale (empty when the claim does not run at that scale). */
export function cbClaimPlan(claim: CbClaimId, scale: Scale): CbPlanEntry[] {
  switch (claim) {
    case "fig2a":
    case "fig2d":
      return [{ run: "CB-2", opts: {} }];
    case "fig2b":
      return [{ run: "CB-10", opts: {} }];
    case "fig2c":
      return runsAtScale("CB-20", scale) ? [{ run: "CB-20", opts: {} }] : [];
    case "fig2xt":
      return [{ run: "CB-10", opts: {} }, ...(runsAtScale("CB-20", scale) ? [{ run: "CB-20" as const, opts: {} }] : [])];
    case "fig6":
      return fig6Plan().flatMap((a) => [{ run: a.run, opts: a.base }, { run: a.run, opts: a.pretrained }]);
    case "fig7":
      return fig7Plan(scale).flatMap((a) => a.byP.map((b) => ({ run: a.run, opts: b.opts })));
  }
}

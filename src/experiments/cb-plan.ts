/**
 * The pretraining arms of fig6 and fig7 as run options, and the shape of a plan entry (a run id
 * plus run options; seeds come from cbSeeds). Which runs each claim reads is declared with the
 * claim (src/claims/checkerboard-claims.ts, `runs`), where the registry serves it to the nightly
 * plan, `claims:status` and the benchmark.
 */
import type { Scale } from "../interfaces.js";
import type { CbRunId, CbRunOptions } from "./cb-config.js";
import { FIG6_PRETRAIN_EPOCHS, FIG6_RUNS, fig7Protocol } from "./pretrain-protocol.js";

export interface CbPlanEntry {
  run: CbRunId;
  opts: CbRunOptions;
}

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

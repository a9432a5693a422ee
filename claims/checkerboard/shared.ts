/**
 * Glue of the checkerboard claim specs: each spec file registers one claim (or one group of
 * controls) of src/claims/checkerboard-claims.ts. Runs are shared through the on-disk cache, so
 * each seed-run is trained once however many claims use it.
 */
import { expect, test } from "vitest";
import { buildClaim, CB_CHECKS, CB_CLAIMS, CB_CONTROLS, controlFailures, type CbClaimContext } from "../../src/claims/checkerboard-claims.js";
import { pinProblems } from "../../src/claims/pins.js";
import { assertClaim, claimSummary, skipClaim } from "../../src/claims/spec.js";
import { cbRunConfig, cbSeeds, type CbRunId, type CbRunOptions } from "../../src/experiments/cb-config.js";
import { runCheckerboard, type CbSeedResult } from "../../src/experiments/cb-runner.js";
import { currentScale } from "../../src/experiments/scale.js";
import { initBackend } from "../../src/runtime/backend.js";

/** The seeds of a run at the current scale, each from the cache or computed now. */
export async function cbRun(run: CbRunId, opts: CbRunOptions = {}): Promise<CbSeedResult[]> {
  const scale = currentScale();
  return runCheckerboard(cbRunConfig(run, scale, opts), cbSeeds(scale, run));
}

async function context(): Promise<CbClaimContext> {
  return { scale: currentScale(), backend: (await initBackend()).name, source: cbRun };
}

/** Register the test of checkerboard claim `id` (CB_CLAIMS). */
export function cbClaimTest(id: string): void {
  const def = [...CB_CLAIMS, ...CB_CHECKS].find((d) => d.id === id);
  if (!def) throw new Error(`no checkerboard claim or check '${id}' in src/claims/checkerboard-claims.ts`);
  test(def.title, async (ctx) => {
    const c = await context();
    if (!def.runsAt(c.scale)) {
      return skipClaim(ctx, { id, paper: id, statement: def.title }, c, "CB-20 is paper-scale only: it needs ~80 epochs to learn (measured 0.59 validation accuracy after 30 epochs)");
    }
    const [built] = await buildClaim(def, c);
    assertClaim(ctx, built.record);
    // ci scale: every rule's numbers as pinned (src/claims/pins.ts), so that drift cannot hide.
    expect(pinProblems(built.record), `${id} moved from its ci pins (fixtures/pins/ci.json); re-pin only after an intended change of meaning: npm run pins`).toEqual([]);
  });
}

/** Register the test of a group of negative controls (CB_CONTROLS): every named rule must reject its control. */
export function cbControlTest(id: string): void {
  const def = CB_CONTROLS.find((d) => d.id === id);
  if (!def) throw new Error(`no checkerboard control '${id}' in src/claims/checkerboard-claims.ts`);
  test(def.title, async (ctx) => {
    const built = await def.build(await context());
    ctx.task.meta.claims = built.map((b) => b.record);
    for (const b of built) expect(controlFailures(b), `${b.record.id}: a rule accepted its negative control\n${claimSummary(b.record)}`).toEqual([]);
    for (const b of built) expect(pinProblems(b.record), `${b.record.id} moved from its ci pins (fixtures/pins/ci.json); re-pin only after an intended change of meaning: npm run pins`).toEqual([]);
  });
}

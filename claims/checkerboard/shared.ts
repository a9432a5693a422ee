/** Runs shared by the checkerboard claim specs (cached on disk, so each is trained once). */
import { cbRunConfig, cbSeeds, type CbRunId, type CbRunOptions } from "../../src/experiments/cb-config.js";
import { runCheckerboard, type CbSeedResult } from "../../src/experiments/cb-runner.js";
import { currentScale } from "../../src/experiments/scale.js";
import { initBackend } from "../../src/runtime/backend.js";

export async function cbRun(run: CbRunId, opts: CbRunOptions = {}): Promise<{ results: CbSeedResult[]; ctx: { scale: ReturnType<typeof currentScale>; backend: string } }> {
  const scale = currentScale();
  const backend = await initBackend();
  const results = await runCheckerboard(cbRunConfig(run, scale, opts), cbSeeds(scale, run));
  return { results, ctx: { scale, backend: backend.name } };
}

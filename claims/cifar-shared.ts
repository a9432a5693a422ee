/**
 * Shared glue of the CIFAR claim specs: decide whether a paper-scale claim can run here (GPU
 * backend and the data set), run arms through the cache, and record skips with their reason.
 */
import { test, type TestContext } from "vitest";
import type { ClaimRecord, Scale } from "../src/interfaces.js";
import { loadCifar, type CifarName } from "../src/data/cifar.js";
import { runCifar, type CifarArm } from "../src/experiments/cifar-runner.js";
import type { CifarSeedResult } from "../src/experiments/cifar-result.js";
import { cifarSeeds } from "../src/experiments/cifar-protocol.js";
import { currentScale } from "../src/experiments/scale.js";
import { initBackend } from "../src/runtime/backend.js";
import { assertClaim, skipClaim as recordSkip } from "../src/claims/spec.js";
import { evaluatePipelineCheck } from "../src/claims/cifar.js";

export interface CifarContext {
  scale: Scale;
  backend: string;
  /** Why the paper-scale claim cannot run here, or null. */
  skipReason: string | null;
}

/** Scale, backend, and the reason a paper-scale claim must be skipped (no GPU backend, no data). */
export async function cifarContext(datasets: CifarName[]): Promise<CifarContext> {
  const scale = currentScale();
  const backend = await initBackend();
  if (scale !== "paper") return { scale, backend: backend.name, skipReason: null };
  const reasons: string[] = [];
  if (!backend.gpu && process.env.CLAIMS_ALLOW_CPU_CIFAR !== "1") {
    reasons.push(`paper-scale CIFAR training needs a GPU backend (tfjs-node-gpu or CLAIMS_BACKEND=webgpu); the backend in use is ${backend.name} (set CLAIMS_ALLOW_CPU_CIFAR=1 to run on the CPU anyway: weeks)`);
  }
  for (const dataset of datasets) {
    try {
      loadCifar({ dataset, split: "test" });
    } catch (err) {
      reasons.push((err as Error).message);
    }
  }
  return { scale, backend: backend.name, skipReason: reasons.length ? reasons.join("; ") : null };
}

export async function runArm(arm: CifarArm): Promise<CifarSeedResult[]> {
  return runCifar(arm, cifarSeeds(arm.scale));
}

/** Run every arm of a comparison (one after another), keyed as given. */
export async function runArms(arms: Record<string, CifarArm>): Promise<Record<string, CifarSeedResult[]>> {
  const out: Record<string, CifarSeedResult[]> = {};
  for (const [name, arm] of Object.entries(arms)) out[name] = await runArm(arm);
  return out;
}

/** Skip a paper-scale claim that cannot run here, recording the reason for the report. */
export function skipClaim(context: TestContext, claim: Pick<ClaimRecord, "id" | "paper" | "statement">, ctx: CifarContext): void {
  recordSkip(context, claim, ctx, ctx.skipReason ?? "skipped");
}

export interface CifarClaimSpec {
  claim: Pick<ClaimRecord, "id" | "paper" | "statement">;
  /** Test name of the paper claim. */
  title: string;
  datasets: CifarName[];
  /** Runs the paper protocol and evaluates the claim. */
  paper: (ctx: CifarContext) => Promise<ClaimRecord>;
  /** The ci pipeline-check arm and the chance accuracy of its training label. */
  pipeline: { arm: () => CifarArm; chance: number };
}

/**
 * Register the two tests of a CIFAR claim file:
 * - the paper claim: runs at paper scale with a GPU backend and the data set; otherwise skipped
 *   with the reason (at ci scale: that the paper protocol is paper-scale only);
 * - the pipeline check (small convnet, a few hundred images, CPU; never a reproduction), run at
 *   every scale, so a machine without GPU still checks the pipeline. Its arms are shared and cached.
 */
export function cifarClaim(spec: CifarClaimSpec): void {
  test(spec.title, async (context) => {
    const ctx = await cifarContext(spec.datasets);
    if (ctx.scale !== "paper") {
      return recordSkip(context, spec.claim, ctx, "paper-scale only (ResNet-18/All-CNN for 160 epochs on the full data set, on a GPU); at ci scale the pipeline check below runs instead");
    }
    if (ctx.skipReason) return skipClaim(context, spec.claim, ctx);
    assertClaim(context, await spec.paper(ctx));
  });
  test(`${spec.claim.id} pipeline check (small convnet on the CPU; not a reproduction)`, async (context) => {
    const backend = await initBackend();
    const arm = spec.pipeline.arm();
    const record = evaluatePipelineCheck(`${spec.claim.id}-pipeline`, spec.claim.paper, await runArm(arm), spec.pipeline.chance, { scale: "ci", backend: backend.name });
    assertClaim(context, record);
  });
}

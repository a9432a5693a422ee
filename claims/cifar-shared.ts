/**
 * Shared glue of the CIFAR claim specs: decide whether a paper-scale claim can run here (GPU
 * backend and the data set), run arms through the cache, and record skips with their reason.
 */
import type { TestContext } from "vitest";
import type { ClaimRecord, Scale } from "../src/interfaces.js";
import { loadCifar, type CifarName } from "../src/data/cifar.js";
import { runCifar, type CifarArm } from "../src/experiments/cifar-runner.js";
import type { CifarSeedResult } from "../src/experiments/cifar-result.js";
import { cifarSeeds } from "../src/experiments/cifar-protocol.js";
import { currentScale } from "../src/experiments/scale.js";
import { initBackend } from "../src/runtime/backend.js";
import { skipClaim as recordSkip } from "../src/claims/spec.js";

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

/**
 * Shared glue of the CIFAR claim specs: decide whether a paper-scale claim can run here (GPU
 * backend and the data set), run arms through the cache, and record skips with their reason.
 */
import { test, type TestContext } from "vitest";
import type { Scale } from "../src/interfaces.js";
import type { ClaimRecord } from "../src/claim-interfaces.js";
import type { CifarName } from "../src/data/cifar.js";
import { CifarDataError, checkCifarDataset } from "../src/data/cifar-verify.js";
import { loadArmData, runCifar, type CifarArm } from "../src/experiments/cifar-runner.js";
import type { CifarSeedResult } from "../src/experiments/cifar-result.js";
import { cifarSeeds } from "../src/experiments/cifar-protocol.js";
import { currentScale } from "../src/experiments/scale.js";
import { activeBackend, initBackend, type BackendInfo } from "../src/runtime/backend.js";
import { assertClaim, skipClaim as recordSkip } from "../src/claims/spec.js";
import { evaluatePipelineCheck } from "../src/claims/cifar.js";
import { cifarClaimDef, cifarPipelineRecordId, claimHeader } from "../src/claims/cifar-claims.js";

export interface CifarContext {
  scale: Scale;
  backend: string;
  /** Why the paper-scale claim cannot run here, or null. */
  skipReason: string | null;
}

/**
 * Scale, backend, and the reason a paper-scale claim must be skipped. At paper scale exactly two
 * things are skip reasons: no GPU backend (the reason says why each GPU backend did not load) and
 * a data set that is absent. A data set that is present but not the official one (missing file,
 * size, row count, label range, checksum) throws CifarDataError: the claim fails, naming each file,
 * its problem and the fix. The data is checked before the backend matters, so bad data fails on
 * any machine.
 */
export async function cifarContext(datasets: CifarName[]): Promise<CifarContext> {
  const scale = currentScale();
  const backend = await initBackend();
  if (scale !== "paper") return { scale, backend: backend.name, skipReason: null };
  const reasons: string[] = [];
  for (const dataset of datasets) {
    const check = checkCifarDataset(dataset);
    if (check.status === "absent") reasons.push(`data set absent: ${check.reason}`);
  }
  if (!backend.gpu && process.env.CLAIMS_ALLOW_CPU_CIFAR !== "1") reasons.push(noGpuReason(backend));
  return { scale, backend: backend.name, skipReason: reasons.length ? reasons.join("; ") : null };
}

/** Why there is no GPU backend, with each GPU backend's load error when the choice was automatic. */
export function noGpuReason(backend: BackendInfo): string {
  const tried = (backend.skipped ?? []).filter((s) => s.startsWith("tensorflow-gpu:"));
  return (
    `no GPU backend: paper-scale CIFAR training needs tfjs-node-gpu or CLAIMS_BACKEND=webgpu; the backend in use is ${backend.name}` +
    (tried.length ? ` (${tried.join("; ")})` : "") +
    `. Set CLAIMS_REQUIRE_GPU=1 (or CLAIMS_BACKEND=tensorflow-gpu|webgpu) to make this an error with what to install; ` +
    `CLAIMS_ALLOW_CPU_CIFAR=1 runs on the CPU anyway (weeks)`
  );
}

export async function runArm(arm: CifarArm): Promise<CifarSeedResult[]> {
  return runCifar(arm, cifarSeeds(arm.scale));
}

/** The record of a claim that cannot run because its data set is present but wrong (a failure, not a skip). */
export function dataFailure(claim: Pick<ClaimRecord, "id" | "paper" | "statement">, err: CifarDataError): ClaimRecord {
  return {
    ...claim,
    scale: currentScale(),
    backend: activeBackend()?.name ?? "none",
    status: "error",
    reason: err.message,
    checks: [],
    seeds: { total: 0, learned: null },
    clipping: { points: 0, clipped: 0, decoderFailures: 0 },
    tables: [],
    runs: [],
  };
}

/** Skip a paper-scale claim that cannot run here, recording the reason for the report. */
export function skipClaim(context: TestContext, claim: Pick<ClaimRecord, "id" | "paper" | "statement">, ctx: CifarContext): void {
  recordSkip(context, claim, ctx, ctx.skipReason ?? "skipped");
}

/**
 * Register the two tests of the CIFAR claim `id` (src/claims/cifar-claims.ts):
 * - the paper claim: runs at paper scale with a GPU backend and the data set; otherwise skipped
 *   with the reason (at ci scale: that the paper protocol is paper-scale only);
 * - the pipeline check (small convnet, a few hundred images, CPU; never a reproduction), run at
 *   every scale, so a machine without GPU still checks the pipeline. Its arms are shared and cached.
 *   Beyond the shape rules it checks the wiring of the labels it loaded (official fine-to-coarse
 *   map; each probe point read the label it names).
 */
export function cifarClaimTest(id: string): void {
  const def = cifarClaimDef(id);
  const claim = claimHeader(def);
  test(def.title, async (context) => {
    let ctx: CifarContext;
    try {
      ctx = await cifarContext([...def.datasets]);
    } catch (err) {
      if (!(err instanceof CifarDataError)) throw err;
      return assertClaim(context, dataFailure(claim, err));
    }
    if (ctx.scale !== "paper") {
      return recordSkip(context, claim, ctx, "paper-scale only (ResNet-18/All-CNN for 160 epochs on the full data set, on a GPU); at ci scale the pipeline check below runs instead");
    }
    if (ctx.skipReason) return skipClaim(context, claim, ctx);
    assertClaim(context, await def.build({ scale: ctx.scale, backend: ctx.backend, source: runArm }));
  });
  test(`${def.id} pipeline check (small convnet on the CPU; not a reproduction)`, async (context) => {
    const backend = await initBackend();
    const arm = def.pipeline.arm();
    // The labels the run loaded (training and probe rows), for the wiring rules of the check.
    const data = loadArmData(arm);
    const record = evaluatePipelineCheck(cifarPipelineRecordId(def.id), def.paper, await runArm(arm), def.pipeline.chance, { scale: "ci", backend: backend.name }, { train: data.train, probe: data.probe });
    assertClaim(context, record);
  });
}

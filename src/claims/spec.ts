/**
 * Glue between claim records and vitest: the record goes to task.meta.claim (the reporter's only
 * input) and a claim that is not reproduced (nor pinned as a known failure) fails its test with
 * every check's message.
 */
import type { TestContext } from "vitest";
import { expect } from "vitest";
import type { Scale } from "../interfaces.js";
import type { ClaimRecord } from "../claim-interfaces.js";
import { skippedRecord } from "./common.js";
import { knownFailure, knownFailureMismatches, type KnownFailureEntry, KNOWN_FAILURES } from "./known-failures.js";

declare module "@vitest/runner" {
  interface TaskMeta {
    claim?: ClaimRecord;
    /** Tests that produce several records (negative controls). */
    claims?: ClaimRecord[];
  }
}

/** The failure text of a claim: status, reason, and each check's sentence. */
export function claimSummary(r: ClaimRecord): string {
  return [
    `${r.id} (${r.paper}) at ${r.scale} scale: ${r.status.toUpperCase()}${r.reason ? ` (${r.reason})` : ""}`,
    `seeds ${r.seeds.total}${r.seeds.learned !== null ? `, learned ${r.seeds.learned}` : ""}; points ${r.clipping.points}, clipped ${r.clipping.clipped}, decoder failures ${r.clipping.decoderFailures}`,
    ...(r.flags ? [`flagged points ${r.flags.list.length} of ${r.flags.points} (${Object.entries(r.flags.counts).map(([k, v]) => `${k} ${v}`).join(", ")}; used by a rule: ${r.flags.list.filter((f) => f.usedByRule).length})`] : []),
    ...(r.sensitivity ? [`sensitivity: second decoder seed ${r.sensitivity.secondDecoder ?? "n/a"}, without flagged points ${r.sensitivity.withoutFlagged ?? "n/a"}; ${r.sensitivity.robust ? "robust" : "NOT robust"}`] : []),
    ...r.checks.map((c) => `  ${c.message}`),
  ].join("\n");
}

/** Record a skipped claim (the report shows it with its reason) and skip the vitest test. */
export function skipClaim(
  context: TestContext,
  claim: Pick<ClaimRecord, "id" | "paper" | "statement">,
  ctx: { scale: Scale; backend: string },
  reason: string,
): void {
  context.task.meta.claim = skippedRecord(claim, ctx, reason);
  context.skip(reason);
}

/**
 * Record a claim in task.meta.claim and assert its verdict: "reproduced", or, for a claim pinned
 * in KNOWN_FAILURES (a "claim" entry) at this scale, exactly the pinned verdict, rules and bands
 * (the record then carries the pinned reason; any difference, including a claim that starts
 * reproducing, fails).
 */
export function assertClaim(context: Pick<TestContext, "task">, record: ClaimRecord, list: readonly KnownFailureEntry[] = KNOWN_FAILURES): void {
  const known = knownFailure(record.id, record.scale, list);
  const final: ClaimRecord = known ? { ...record, knownFailure: known.reason } : record;
  context.task.meta.claim = final;
  if (known) {
    const problems = knownFailureMismatches(final, known);
    expect(problems, `${record.id} is pinned as a known failure at ${record.scale} scale (src/claims/known-failures.ts) but the measurement differs: re-measure the entry or remove it\n${claimSummary(final)}`).toEqual([]);
  } else {
    // Exports and pipeline checks are not claims: they succeed as "exported" / "pipeline-ok".
    const ok = final.status === "exported" || final.status === "pipeline-ok" ? final.status : "reproduced";
    expect(final.status, claimSummary(final)).toBe(ok);
  }
}

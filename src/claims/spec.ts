/**
 * Glue between claim records and vitest: the record goes to task.meta.claim (the reporter's only
 * input) and a claim whose status is not "pass" fails its test with every check's message.
 */
import type { TestContext } from "vitest";
import { expect } from "vitest";
import type { Scale } from "../interfaces.js";
import type { ClaimRecord } from "../claim-interfaces.js";
import { knownFailure, type KnownFailure, KNOWN_FAILURES } from "./known-failures.js";

declare module "@vitest/runner" {
  interface TaskMeta {
    claim?: ClaimRecord;
  }
}

/** The failure text of a claim: status, reason, and each check's sentence. */
export function claimSummary(r: ClaimRecord): string {
  return [
    `${r.id} (${r.paper}) at ${r.scale} scale: ${r.status.toUpperCase()}${r.reason ? ` (${r.reason})` : ""}`,
    `seeds ${r.seeds.total}${r.seeds.learned !== null ? `, learned ${r.seeds.learned}` : ""}; points ${r.clipping.points}, clipped ${r.clipping.clipped}, decoder failures ${r.clipping.decoderFailures}`,
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
  context.task.meta.claim = {
    ...claim,
    scale: ctx.scale,
    backend: ctx.backend,
    status: "skipped",
    reason,
    checks: [],
    seeds: { total: 0, learned: null },
    clipping: { points: 0, clipped: 0, decoderFailures: 0 },
    tables: [],
    runs: [],
  };
  context.skip(reason);
}

/**
 * Record a claim in task.meta.claim and assert its verdict: "pass", or, for a claim declared in
 * KNOWN_FAILURES at this scale, anything but "pass" (the record then carries the declared reason,
 * and a claim that starts passing fails its test until the entry is removed).
 */
export function assertClaim(context: Pick<TestContext, "task">, record: ClaimRecord, list: readonly KnownFailure[] = KNOWN_FAILURES): void {
  const known = knownFailure(record.id, record.scale, list);
  const final: ClaimRecord = known ? { ...record, knownFailure: known } : record;
  context.task.meta.claim = final;
  if (known) {
    expect(final.status, `${record.id} is declared a known failure at ${record.scale} scale (${known}) but it passed: remove its entry from src/claims/known-failures.ts\n${claimSummary(final)}`).not.toBe("pass");
  } else {
    expect(final.status, claimSummary(final)).toBe("pass");
  }
}

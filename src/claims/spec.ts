/**
 * Glue between claim records and vitest: the record goes to task.meta.claim (the reporter's only
 * input) and a claim whose status is not "pass" fails its test with every check's message.
 */
import type { ClaimRecord } from "../interfaces.js";

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

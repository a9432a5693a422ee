/**
 * Glue of the estimator claim specs: each spec file registers one claim of src/claims/estimator by
 * name. The test builds the record, puts it in task.meta.claim (the reporter's only input) and
 * asserts: "reproduced", or, for a claim that judges its parts against its declared known
 * failures (a check of rule AS_DECLARED_RULE), that no part mismatches them. A claim that cannot
 * run here (no baselines) is skipped visibly, with its reason.
 */
import { expect, test } from "vitest";
import { estimatorClaimDef } from "../../src/claims/estimator/index.js";
import { AS_DECLARED_RULE } from "../../src/claims/estimator/record.js";
import { claimSummary } from "../../src/claims/spec.js";

/** Register the test of estimator claim `name` (ESTIMATOR_CLAIMS id "estimator-<name>"). */
export function estimatorClaimTest(name: string): void {
  const def = estimatorClaimDef(`estimator-${name}`);
  test(def.title, async (context) => {
    const record = await def.build();
    context.task.meta.claim = record;
    if (record.status === "skipped") return context.skip(record.reason);
    const declared = record.checks.find((c) => c.rule === AS_DECLARED_RULE);
    if (declared) expect(declared.values?.problems, claimSummary(record)).toEqual([]);
    else expect(record.status, claimSummary(record)).toBe("reproduced");
  });
}

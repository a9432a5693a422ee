import { describe, expect, it } from "vitest";
import type { ClaimRecord } from "../../src/claim-interfaces.js";
import { knownFailure } from "../../src/claims/known-failures.js";
import { assertClaim } from "../../src/claims/spec.js";

const record = (status: ClaimRecord["status"]): ClaimRecord => ({
  id: "figX", paper: "Fig X", statement: "s", scale: "ci", backend: "planted", status, checks: [],
  seeds: { total: 1, learned: 1 }, clipping: { points: 0, clipped: 0, decoderFailures: 0 }, tables: [], runs: [],
});
const list = [{ id: "figX", scale: "ci" as const, reason: "measured 0.3 > 0.1" }];
const ctx = () => ({ task: { meta: {} } }) as unknown as Parameters<typeof assertClaim>[0];

describe("known failures", () => {
  it("are looked up by claim id and scale", () => {
    expect(knownFailure("figX", "ci", list)).toBe("measured 0.3 > 0.1");
    expect(knownFailure("figX", "paper", list)).toBeNull();
    expect(knownFailure("figY", "ci", list)).toBeNull();
  });

  it("a declared failure that still fails passes its test and carries the reason", () => {
    const c = ctx();
    assertClaim(c, record("fail"), list);
    expect((c.task.meta as { claim: ClaimRecord }).claim.knownFailure).toBe("measured 0.3 > 0.1");
  });

  it("a declared failure that starts passing fails its test", () => {
    expect(() => assertClaim(ctx(), record("pass"), list)).toThrow(/declared a known failure .* but it passed/);
  });

  it("an undeclared failing claim fails its test; a passing one passes", () => {
    expect(() => assertClaim(ctx(), record("fail"), [])).toThrow(/FAIL/);
    expect(() => assertClaim(ctx(), record("pass"), [])).not.toThrow();
  });
});

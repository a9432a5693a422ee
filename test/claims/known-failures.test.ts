/**
 * Known failures are pinned precisely: the verdict, the learned seeds, which rules fail with which
 * outcome, and a band for each failing statistic. Any other failure, a drift out of a band, or a
 * claim that starts reproducing turns its test red.
 */
import { describe, expect, it } from "vitest";
import type { ClaimCheck, ClaimRecord, Outcome } from "../../src/claim-interfaces.js";
import { band, knownFailure, knownFailureMismatches, type KnownFailure } from "../../src/claims/known-failures.js";
import { assertClaim } from "../../src/claims/spec.js";

const check = (rule: string, outcome: Outcome, statistic: number): ClaimCheck => ({
  rule, name: rule, outcome, pass: outcome === "reproduced", statistic, ci: null, comparison: "<=", threshold: 0.1, message: `${outcome.toUpperCase()} ${rule}`,
});
const record = (status: ClaimRecord["status"], checks: ClaimCheck[], learned = 5): ClaimRecord => ({
  id: "figX", paper: "Fig X", statement: "s", scale: "ci", backend: "planted", status, checks,
  seeds: { total: 8, learned }, clipping: { points: 0, clipped: 0, decoderFailures: 0 }, tables: [], runs: [],
});
const entry: KnownFailure = {
  id: "figX",
  scale: "ci",
  status: "inconclusive",
  learnedSeeds: 5,
  rules: [{ rule: "colour", outcome: "inconclusive", statistic: [0.1, 0.2] }],
  reason: "measured 0.13 with CI [0, 0.38]",
};
const list = [entry];
const ctx = () => ({ task: { meta: {} } }) as unknown as Parameters<typeof assertClaim>[0];
const asPinned = () => record("inconclusive", [check("colour", "inconclusive", 0.13), check("direction", "reproduced", 0.99)]);

describe("known failures", () => {
  it("are looked up by claim id and scale", () => {
    expect(knownFailure("figX", "ci", list)).toBe(entry);
    expect(knownFailure("figX", "paper", list)).toBeNull();
    expect(knownFailure("figY", "ci", list)).toBeNull();
  });

  it("a record matching its entry exactly passes and carries the reason", () => {
    expect(knownFailureMismatches(asPinned(), entry)).toEqual([]);
    const c = ctx();
    assertClaim(c, asPinned(), list);
    expect((c.task.meta as { claim: ClaimRecord }).claim.knownFailure).toBe(entry.reason);
  });

  it("another rule failing, a drift out of the band, another outcome, verdict or learned count: each is red", () => {
    const cases: [ClaimRecord, RegExp][] = [
      [record("inconclusive", [check("colour", "inconclusive", 0.13), check("direction", "inconclusive", 0.7)]), /rule direction is inconclusive .* but not pinned/],
      [record("inconclusive", [check("colour", "inconclusive", 0.25), check("direction", "reproduced", 0.99)]), /statistic 0\.25 outside its pinned band \[0\.1, 0\.2\]/],
      [record("contradicted", [check("colour", "contradicted", 0.15), check("direction", "reproduced", 0.99)]), /verdict contradicted, pinned inconclusive/],
      [record("inconclusive", [check("colour", "inconclusive", 0.13), check("direction", "reproduced", 0.99)], 3), /learned seeds 3, pinned 5/],
      [record("reproduced", [check("colour", "reproduced", 0.05), check("direction", "reproduced", 0.99)]), /pinned rule colour is now reproduced/],
      [record("task-not-learned", [], 2), /pinned rule colour is missing/],
    ];
    for (const [r, why] of cases) {
      expect(knownFailureMismatches(r, entry).join("\n")).toMatch(why);
      expect(() => assertClaim(ctx(), r, list)).toThrow(/pinned as a known failure/);
    }
  });

  it("an unpinned claim passes only when reproduced; exports and pipeline checks succeed as such", () => {
    expect(() => assertClaim(ctx(), asPinned(), [])).toThrow(/INCONCLUSIVE/);
    expect(() => assertClaim(ctx(), record("reproduced", [check("colour", "reproduced", 0.05)]), [])).not.toThrow();
    expect(() => assertClaim(ctx(), record("exported", []), [])).not.toThrow();
    expect(() => assertClaim(ctx(), record("pipeline-ok", []), [])).not.toThrow();
    expect(() => assertClaim(ctx(), record("pipeline-failed", []), [])).toThrow();
  });
});

describe("paper-scale pins band every rule", () => {
  const paperEntry: KnownFailure = {
    ...entry,
    scale: "paper",
    rules: [
      { rule: "colour", outcome: "inconclusive", statistic: band(0.13) },
      { rule: "direction", outcome: "reproduced", statistic: band(0.99) },
    ],
  };
  const paperRecord = (colour: number, direction: number, directionOutcome: Outcome = "reproduced") => ({ ...record("inconclusive", [check("colour", "inconclusive", colour), check("direction", directionOutcome, direction)]), scale: "paper" as const });

  it("band() is +-10% of the value, rounded outward", () => {
    expect(band(0)).toEqual([0, 0]);
    for (const x of [0.13, -0.86, 3.3161, 6.5e-4]) {
      const [lo, hi] = band(x);
      // Contains x +- 10% of |x|, widened by at most one unit in the 4th significant digit per side.
      expect(lo).toBeLessThanOrEqual(x - 0.1 * Math.abs(x));
      expect(hi).toBeGreaterThanOrEqual(x + 0.1 * Math.abs(x));
      expect(hi - lo).toBeLessThan(0.2 * Math.abs(x) * 1.02);
      expect(String(lo).replace(/^-?0?\.?0*/, "").replace(".", "").length).toBeLessThanOrEqual(4);
    }
  });

  it("a passing rule that drifts on its passing side is caught, and an unpinned rule is an error at paper scale", () => {
    expect(knownFailureMismatches(paperRecord(0.13, 0.99), paperEntry)).toEqual([]);
    expect(knownFailureMismatches(paperRecord(0.13, 0.8), paperEntry).join("\n")).toMatch(/rule direction: statistic 0\.8 outside its pinned band/);
    expect(knownFailureMismatches(paperRecord(0.13, 0.99, "inconclusive"), paperEntry).join("\n")).toMatch(/rule direction is inconclusive, pinned reproduced/);
    const partial = { ...paperEntry, rules: [paperEntry.rules[0]] };
    expect(knownFailureMismatches(paperRecord(0.13, 0.99), partial).join("\n")).toMatch(/rule direction \(reproduced, statistic 0\.99\) is not pinned: paper-scale entries pin every rule/);
  });
});

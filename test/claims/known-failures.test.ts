/**
 * Known failures are pinned precisely: the verdict, the learned seeds, which rules fail with which
 * outcome, and a band for each failing statistic. Any other failure, a drift out of a band, or a
 * claim that starts reproducing turns its test red. The same table (src/claims/known-failures.ts)
 * holds the estimator's scoped entries: each accessor lets a matching entry pass and reports one
 * that no longer applies.
 */
import { describe, expect, it } from "vitest";
import type { ClaimCheck, ClaimRecord, Outcome } from "../../src/claim-interfaces.js";
import { families } from "../../src/claims/estimator/harness.js";
import { accuracyCases, accuracyFamilies } from "../../src/info/checks/accuracy.js";
import {
  band,
  INVARIANCE_GROWTH,
  invarianceProblems,
  knownFailure,
  knownFailureMismatches,
  KNOWN_FAILURES,
  knownFailuresOf,
  scopeProblems,
  type ClaimPin,
  type KnownFailureEntry,
} from "../../src/claims/known-failures.js";
import { assertClaim } from "../../src/claims/spec.js";

const check = (rule: string, outcome: Outcome, statistic: number): ClaimCheck => ({
  rule, name: rule, outcome, pass: outcome === "reproduced", statistic, ci: null, comparison: "<=", threshold: 0.1, message: `${outcome.toUpperCase()} ${rule}`,
});
const record = (status: ClaimRecord["status"], checks: ClaimCheck[], learned = 5): ClaimRecord => ({
  id: "figX", paper: "Fig X", statement: "s", scale: "ci", backend: "planted", status, checks,
  seeds: { total: 8, learned }, clipping: { points: 0, clipped: 0, decoderFailures: 0 }, tables: [], runs: [],
});
const entry: ClaimPin = {
  kind: "claim",
  claim: "figX",
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
  const paperEntry: ClaimPin = {
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

describe("the one table: every kind keyed by claim and scale", () => {
  const invariance = (scale: "ci" | "paper", family: string): KnownFailureEntry => ({ kind: "invariance-family", claim: "estimator-invariance", scale, family, maxAbsDiffBits: 0.06, maxSystematicBits: 0.02, reason: "planted" });
  const row = (family: string, channel: string): KnownFailureEntry => ({ kind: "accuracy-row", claim: "estimator-accuracy", scale: "every", family, channel, reason: "planted" });
  const table: KnownFailureEntry[] = [entry, invariance("ci", "f"), invariance("paper", "g"), row("f", "c1")];

  it("knownFailuresOf: one kind, at a scale (an every-scale entry at each), or at every scale without one; knownFailure: only claim pins", () => {
    expect(knownFailuresOf("invariance-family", "ci", table).map((k) => k.family)).toEqual(["f"]);
    expect(knownFailuresOf("invariance-family", undefined, table).map((k) => k.family)).toEqual(["f", "g"]);
    expect(knownFailuresOf("accuracy-row", "paper", table)).toHaveLength(1);
    expect(knownFailuresOf("accuracy-row", "ci", table)).toHaveLength(1);
    expect(knownFailuresOf("battery-check", "ci", table)).toEqual([]);
    expect(knownFailure("estimator-invariance", "ci", table)).toBeNull();
    expect(knownFailure("figX", "ci", table)).toBe(entry);
  });

  it("scopeProblems: a declared row that fails matches; one that holds now, a row failing undeclared and an entry with no row are each reported", () => {
    const scope = { result: (r: { family: string; channel: string }) => `${r.family} on ${r.channel}`, entry: (k: { family: string; channel: string }) => `${k.family} on ${k.channel}` };
    const declared = knownFailuresOf("accuracy-row", "ci", table);
    const results = (c1Holds: boolean, c2Holds: boolean) => [
      { family: "f", channel: "c1", holds: c1Holds },
      { family: "f", channel: "c2", holds: c2Holds },
    ];
    expect(scopeProblems(results(false, true), declared, scope, (r) => r.holds)).toEqual({ unexpected: [], fixed: [], unmatched: [] });
    expect(scopeProblems(results(true, true), declared, scope, (r) => r.holds).fixed).toEqual([{ family: "f", channel: "c1", holds: true }]);
    expect(scopeProblems(results(false, false), declared, scope, (r) => r.holds).unexpected).toEqual([{ family: "f", channel: "c2", holds: false }]);
    expect(scopeProblems(results(false, true).slice(1), declared, scope, (r) => r.holds).unmatched).toEqual(declared);
  });

  it("invarianceProblems: a declared family failing within its size matches; one that holds now, grew, or shifts systematically beyond it is reported; an undeclared family must hold", () => {
    const result = (family: string, overBound: number, worstBits: number, systematicBits = 0) => ({ family, overBound, worstBits, systematicBits, systematic: systematicBits ? [`pair: mean shift ${systematicBits}`] : [] });
    expect(invarianceProblems(result("f", 1, 0.06, 0.02), "ci", table)).toEqual([]);
    expect(invarianceProblems(result("f", 1, INVARIANCE_GROWTH * 0.06 - 1e-9), "ci", table)).toEqual([]);
    expect(invarianceProblems(result("f", 0, 0.04), "ci", table).join("\n")).toMatch(/every pair holds now .*remove its entry in src\/claims\/known-failures\.ts/);
    expect(invarianceProblems(result("f", 2, 0.08), "ci", table).join("\n")).toMatch(/worst difference 0\.0800 grew beyond 110% of the declared 0\.06/);
    expect(invarianceProblems(result("f", 1, 0.06, 0.03), "ci", table)).toEqual(["f: pair: mean shift 0.03 beyond the declared 0.02"]);
    // "g" is declared at paper scale only: at ci it must hold.
    expect(invarianceProblems(result("g", 1, 0.06), "ci", table)).toEqual(["g: 1 pair(s) over the bound and no known failure declared at ci scale"]);
    expect(invarianceProblems(result("g", 0, 0.01), "ci", table)).toEqual([]);
  });

  it("the suite's table names only registered families and channels, once per scope", () => {
    const names = families().map((f) => f.name);
    expect(accuracyFamilies().map((f) => f.name)).toEqual(names);
    const channels = accuracyCases().map((c) => c.channel.id);
    for (const k of knownFailuresOf("accuracy-row")) {
      expect(names, k.family).toContain(k.family);
      expect(channels, k.channel).toContain(k.channel);
    }
    for (const k of [...knownFailuresOf("invariance-family"), ...knownFailuresOf("null-family")]) expect(names, `${k.kind} ${k.family}`).toContain(k.family);
    const keys = KNOWN_FAILURES.map((k) => `${k.kind} ${k.claim} ${k.scale} ${"family" in k ? k.family : ""} ${"channel" in k ? k.channel : ""} ${"check" in k ? k.check : ""}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });
});

/**
 * The verdict engine (src/stats/verdict.ts): an interval against a bound, the feasible range, how
 * many seeds would decide an inconclusive bound, and the combination of a claim's parts. The
 * rules built on it are tested in rules.test.ts.
 */
import { describe, expect, it } from "vitest";
import { allOf, boundOutcome, combineOutcomes, intersect, meanBoundVerdict, seedsByScaling, seedsForMeanBound } from "../../src/stats/verdict.js";

describe("seed-count estimates", () => {
  it("seedsForMeanBound: the smallest n whose t interval clears the threshold; null when none would", () => {
    const n = seedsForMeanBound(5, 0.128, 0.2, 0.1)!;
    const half = (k: number, t: number) => (t * 0.2) / Math.sqrt(k);
    expect(half(n, 1.97)).toBeLessThan(0.03);
    expect(seedsForMeanBound(5, 0.1, 0.2, 0.1)).toBeNull(); // on the threshold
    expect(seedsForMeanBound(1, 0.2, null, 0.1)).toBeNull(); // no spread
    expect(seedsForMeanBound(5, 0.1000001, 5, 0.1)).toBeNull(); // beyond the cap
  });
  it("seedsByScaling shrinks an interval as 1/sqrt(n)", () => {
    expect(seedsByScaling(8, 0.2, 0.1)).toBe(32);
    expect(seedsByScaling(8, 0.05, 0.1)).toBe(9);
    expect(seedsByScaling(8, 0.2, 0)).toBeNull();
  });
  it("boundOutcome and intersect on the edges", () => {
    expect(boundOutcome([0, 0.1], "<=", 0.1)).toBe("reproduced");
    expect(boundOutcome([0, 0.1], "<", 0.1)).toBe("inconclusive");
    expect(boundOutcome([0.1, 0.2], "<", 0.1)).toBe("contradicted");
    expect(boundOutcome(null, ">=", 0)).toBe("inconclusive");
    expect(intersect([-0.5, 2], [0, 1])).toEqual([0, 1]);
    expect(intersect([2, 3], [0, 1])).toEqual([1, 1]);
  });
});

describe("combining the parts of a claim", () => {
  it("contradicted beats everything; reproduced needs every part", () => {
    expect(combineOutcomes(["reproduced", "reproduced"])).toBe("reproduced");
    expect(combineOutcomes(["reproduced", "inconclusive"])).toBe("inconclusive");
    expect(combineOutcomes(["inconclusive", "contradicted", "reproduced"])).toBe("contradicted");
    expect(() => combineOutcomes([])).toThrow(/no outcomes/);
    const all = allOf([meanBoundVerdict("atMost", [0.01, 0.02], 0.1, "<=", {}), meanBoundVerdict("atLeast", [0.5, 0.52, 0.51], 0.9, ">=", {})]);
    expect(all).toMatchObject({ outcome: "contradicted", pass: false });
    expect(all.message.split("\n")).toHaveLength(2);
  });
});

/** Exact ci pins (src/claims/pins.ts): any moved number, outcome, verdict or rule fails; stale pins say so. */
import { describe, expect, it } from "vitest";
import type { ClaimCheck, ClaimRecord } from "../../src/claim-interfaces.js";
import { pinDifferences, pinOf, pinProblems, readPins, type PinFile } from "../../src/claims/pins.js";
import { versionsOf } from "../../src/runtime/versions.js";
import { registeredRecord } from "../../src/claims/registry.js";

const check = (rule: string, statistic: number, outcome: ClaimCheck["outcome"] = "reproduced", ci: [number, number] | null = [statistic - 0.1, statistic + 0.1]): ClaimCheck => ({
  rule, name: rule, outcome, pass: outcome === "reproduced", statistic, ci, comparison: "<=", threshold: 1, message: rule,
});
const rec = (checks: ClaimCheck[], over: Partial<ClaimRecord> = {}): ClaimRecord => ({
  id: "fig2b", paper: "Fig 2b", statement: "s", scale: "ci", backend: "wasm", status: "reproduced", checks,
  seeds: { total: 3, learned: 3 }, clipping: { points: 0, clipped: 0, decoderFailures: 0 }, tables: [], runs: [], ...over,
});
const base = rec([check("colour", 0.6387), check("direction", 3.315)]);
const file = (over: Partial<PinFile> = {}): PinFile => ({ format: "claim-pins", version: 1, scale: "ci", backend: "wasm", versions: versionsOf("checkerboard"), source: "x", taken: "t", records: [pinOf(base)], ...over });

describe("ci pins", () => {
  it("an identical record matches; a record without a pin, or at paper scale, is not compared", () => {
    expect(pinProblems(base, file())).toEqual([]);
    expect(pinProblems({ ...base, id: "fig7" }, file())).toEqual([]);
    expect(pinProblems({ ...base, scale: "paper", checks: [] }, file())).toEqual([]);
  });

  it("one ulp of one statistic, an interval, an outcome, the verdict, the learned count, a rule added or gone: each is named", () => {
    const ulp = 0.6387 + Number.EPSILON * 0.6387;
    expect(ulp).not.toBe(0.6387);
    const cases: [ClaimRecord, RegExp][] = [
      [rec([check("colour", ulp, "reproduced", [0.6387 - 0.1, 0.6387 + 0.1]), check("direction", 3.315)]), /rule colour: statistic 0\.6387000000000002, pinned 0\.6387/],
      [rec([check("colour", 0.6387, "reproduced", [0.5, 0.7]), check("direction", 3.315)]), /rule colour: CI \[0\.5,0\.7\]/],
      [rec([check("colour", 0.6387, "contradicted"), check("direction", 3.315)]), /rule colour: contradicted, pinned reproduced/],
      [rec(base.checks, { status: "inconclusive" }), /verdict inconclusive, pinned reproduced/],
      [rec(base.checks, { seeds: { total: 3, learned: 2 } }), /learned seeds 2, pinned 3/],
      [rec([...base.checks, check("depth", -1)]), /rule depth is new/],
      [rec([base.checks[0]]), /rule direction is gone/],
    ];
    for (const [r, why] of cases) expect(pinDifferences(r, pinOf(base)).join("\n")).toMatch(why);
    expect(pinProblems(cases[0][0], file())).toEqual([expect.stringMatching(/^fig2b: rule colour: statistic/)]);
  });

  it("pins of other meaning versions ask for a re-pin; pins of another backend are not compared", () => {
    expect(pinProblems(base, file({ versions: { checkerboard: 1, estimator: 1 } })).join("")).toMatch(/were taken at checkerboard 1, estimator 1, the code is at .*npm run pins/);
    expect(pinProblems({ ...base, backend: "tensorflow", checks: [] }, file())).toEqual([]);
  });

  it("the committed pins file, when present, is readable and at the current versions", () => {
    const f = readPins();
    if (!f) return expect(f).toBeNull();
    expect(f.format).toBe("claim-pins");
    expect(f.versions).toEqual(versionsOf("checkerboard"));
    expect(f.records.length).toBeGreaterThan(5);
    // Every pin belongs to a record a checkerboard registry entry writes at ci scale (no stale pin of a removed control).
    for (const p of f.records) expect(registeredRecord(p.id)?.entry.family, p.id).toBe("checkerboard");
  });
});

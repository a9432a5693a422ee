/** The verdict of a judged claim from its checks (src/claims/common.ts statusOf; PROTOCOL.md section 1). */
import { describe, expect, it } from "vitest";
import type { ClaimCheck } from "../../src/claim-interfaces.js";
import { statusOf } from "../../src/claims/common.js";
import type { Outcome } from "../../src/stats/index.js";

const check = (outcome: Outcome): ClaimCheck => ({ rule: outcome, name: outcome, outcome, pass: outcome === "reproduced", statistic: 0, ci: null, comparison: "<=", threshold: 0, message: outcome });

describe("statusOf", () => {
  it("reproduced only when every check is; contradicted when one is; else inconclusive", () => {
    expect(statusOf([check("reproduced"), check("reproduced")], false)).toBe("reproduced");
    expect(statusOf([check("reproduced"), check("inconclusive")], false)).toBe("inconclusive");
    expect(statusOf([check("inconclusive"), check("contradicted"), check("reproduced")], false)).toBe("contradicted");
  });

  it("a claim with nothing to judge is inconclusive, never reproduced", () => {
    expect(statusOf([], false)).toBe("inconclusive");
  });

  it("too few learned seeds decide first, whatever the checks say", () => {
    expect(statusOf([check("reproduced")], true)).toBe("task-not-learned");
    expect(statusOf([], true)).toBe("task-not-learned");
  });
});

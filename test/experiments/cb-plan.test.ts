import { describe, expect, it } from "vitest";
import { cbRunConfig } from "../../src/experiments/cb-config.js";
import { fig6Plan, fig7Plan, pretrainOptions } from "../../src/experiments/cb-plan.js";
import { CB_DEFS, cbRunsOf } from "../../src/claims/registry.js";

describe("checkerboard claim plan", () => {
  it("fig7 at paper scale: CB-10 and CB-20 asserted, CB-2 reported, P in {0, 5, 10, 20, 40}", () => {
    const plan = fig7Plan("paper");
    expect(plan.map((a) => [a.run, a.asserted])).toEqual([["CB-10", true], ["CB-20", true], ["CB-2", false]]);
    for (const a of plan) expect(a.byP.map((b) => b.p)).toEqual([0, 5, 10, 20, 40]);
    expect(cbRunsOf("fig7", "paper")).toHaveLength(15);
  });

  it("P = 0 is the fig2 run with every probe; P > 0 decodes the final last layer's colour only", () => {
    expect(pretrainOptions(0)).toEqual({});
    expect(pretrainOptions(20)).toEqual({ pretrainEpochs: 20, decode: "last-layer-colour" });
    const cfg = cbRunConfig("CB-10", "paper", pretrainOptions(20));
    expect(cfg.probeEpochs).toEqual([100]);
    expect(cbRunConfig("CB-10", "paper", pretrainOptions(0)).probeEpochs.length).toBeGreaterThan(5);
  });

  it("fig6 shares its P = 20 runs with fig7 and its P = 0 runs with fig2a/fig2b", () => {
    const fig6 = fig6Plan();
    expect(fig6.map((a) => a.run)).toEqual(["CB-2", "CB-10"]);
    const fig7 = fig7Plan("paper");
    for (const a of fig6) {
      const arm = fig7.find((x) => x.run === a.run)!;
      expect(arm.byP.find((b) => b.p === 20)!.opts).toEqual(a.pretrained);
      expect(a.base).toEqual(cbRunsOf(a.run === "CB-2" ? "fig2a" : "fig2b", "paper")[0].opts);
    }
  });

  it("CB-20 entries exist at paper scale only", () => {
    expect(cbRunsOf("fig2c", "ci")).toEqual([]);
    expect(cbRunsOf("fig2xt", "ci").map((e) => e.run)).toEqual(["CB-10"]);
    expect(cbRunsOf("fig2xt", "paper").map((e) => e.run)).toEqual(["CB-10", "CB-20"]);
    for (const { def } of CB_DEFS) for (const e of cbRunsOf(def.id, "ci")) expect(() => cbRunConfig(e.run, "ci", e.opts)).not.toThrow();
  });
});

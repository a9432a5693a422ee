/** fig6 and fig7 evaluation on planted results: reproduced, contradicted and inconclusive each. */
import { describe, expect, it } from "vitest";
import { evaluateFig6, evaluateFig7 } from "../../src/claims/pretraining.js";
import { planted } from "./planted.js";

const ctx = { scale: "ci" as const, backend: "planted" };
/** CB-10 seeds with a given last-layer colour (bits) and accuracy. */
const cb10 = (colours: number[], accs?: number[]) =>
  planted("CB-10", colours.map((c, i) => ({ seed: i + 1, acc: accs?.[i] ?? 0.99, colour: [2, 1, 0.5, c], direction: [2, 3, 3.2, 3.3] })));
const cb2 = (colours: number[]) => planted("CB-2", colours.map((c, i) => ({ seed: i + 1, colour: [0.9, 0.5, 0.3, 0.2, c], direction: [1, 1, 1, 1, 1] })));

describe("fig6 evaluation", () => {
  it("reproduced when P=20 leaves clearly more last-layer colour than P=0 in both arms", () => {
    const r = evaluateFig6(
      [
        { run: "CB-2", base: cb2([0.01, 0.02, 0.0]), pretrained: cb2([0.5, 0.6, 0.55]) },
        { run: "CB-10", base: cb10([0.05, 0.1, 0.08]), pretrained: cb10([1.2, 1.0, 1.4]) },
      ],
      ctx,
    );
    expect(r.status).toBe("reproduced");
    expect(r.checks.map((c) => c.rule)).toEqual(["CB-2-pretrained-exceeds-base", "CB-2-pretrained-non-minimal", "CB-10-pretrained-exceeds-base", "CB-10-pretrained-non-minimal"]);
  });

  it("contradicted when pretraining leaves less colour (the difference's CI excludes > 0)", () => {
    const r = evaluateFig6([{ run: "CB-10", base: cb10([0.5, 0.55, 0.6]), pretrained: cb10([0.05, 0.09, 0.1]) }], ctx);
    expect(r.status).toBe("contradicted");
    expect(r.checks[0].outcome).toBe("contradicted");
    expect(r.checks[0].message).toMatch(/one-sided p = /);
  });

  it("inconclusive when the P=20 arm is above P=0 on average but not significantly (fig6's CB-2 arm at paper scale)", () => {
    const r = evaluateFig6([{ run: "CB-2", base: cb2([0.0, 0.05, 0.0, 0.3, 0.28]), pretrained: cb2([0.1, 0.72, 0.2, 0.42]) }], ctx);
    expect(r.checks[0].outcome).toBe("inconclusive");
    expect(r.status).toBe("inconclusive");
  });

  it("a significant difference whose P=20 mean stays under 10% of log2 n: that rule is contradicted", () => {
    const r = evaluateFig6([{ run: "CB-10", base: cb10([0.0, 0.0, 0.01]), pretrained: cb10([0.2, 0.25, 0.22]) }], ctx);
    expect(r.checks[0].outcome).toBe("reproduced");
    expect(r.checks[1].outcome).toBe("contradicted");
    expect(r.status).toBe("contradicted");
  });

  it("compares learned seeds only: an unlearned seed in each arm (opposite colour) changes nothing", () => {
    // Three learned seeds per arm plus one stuck seed (accuracy 0.3): the stuck P=20 seed holds no
    // colour and the stuck P=0 seed all of it. Over learned seeds, as fig6 asks, P=20 clearly
    // exceeds P=0; over every seed the two arms would have about equal means.
    const base = cb10([0.05, 0.1, 0.08, 3.3], [0.99, 0.99, 0.99, 0.3]);
    const pretrained = cb10([1.2, 1.0, 1.4, 0], [0.99, 0.99, 0.99, 0.3]);
    const r = evaluateFig6([{ run: "CB-10", base, pretrained }], ctx);
    expect(r.seeds).toEqual({ total: 8, learned: 6 });
    const [test, bound] = r.checks;
    expect((test.values as { a: number[]; b: number[] }).a).toEqual([1.2, 1.0, 1.4]);
    expect((test.values as { a: number[]; b: number[] }).b).toEqual([0.05, 0.1, 0.08]);
    expect(test.outcome).toBe("reproduced");
    expect(bound.outcome).toBe("reproduced");
    expect(r.status).toBe("reproduced");
  });

  it("is task-not-learned when an arm mostly did not learn", () => {
    const stuck = cb10([1, 1, 1], [0.1, 0.1, 0.95]);
    const r = evaluateFig6([{ run: "CB-10", base: cb10([0.05, 0.1, 0.08]), pretrained: stuck }], ctx);
    expect(r.status).toBe("task-not-learned");
    expect(r.reason).toMatch(/CB-10 P=20/);
  });
});

describe("fig7 evaluation", () => {
  const ps = [0, 5, 10, 20, 40];
  /** Accuracy and colour per P: helper for planted trends. */
  const arm = (run: string, acc: (p: number, s: number) => number, colour: (p: number, s: number) => number, asserted = true) => ({
    run,
    asserted,
    byP: ps.map((p) => ({ p, results: cb10([0, 1, 2].map((s) => colour(p, s)), [0, 1, 2].map((s) => acc(p, s))) })),
  });
  const hurts = (p: number, s: number) => 0.99 - p * 0.001 - s * 0.0001;
  const adds = (p: number, s: number) => 0.05 + p * 0.02 + s * 0.01;

  it("reproduced when accuracy falls and colour rises with P", () => {
    const r = evaluateFig7([arm("CB-10", hurts, adds)], ctx);
    expect(r.status).toBe("reproduced");
    expect(r.checks.map((c) => c.rule)).toEqual(["CB-10-pretraining-hurts-accuracy", "CB-10-pretraining-adds-colour"]);
  });

  it("contradicted where pretraining helps generalisation, and where colour falls with P", () => {
    const helps = evaluateFig7([arm("CB-10", (p, s) => 0.95 + p * 0.001 - s * 0.0001, adds)], ctx);
    expect(helps.checks[0].outcome).toBe("contradicted");
    expect(helps.status).toBe("contradicted");
    const less = evaluateFig7([arm("CB-10", hurts, (p, s) => 0.5 - p * 0.01 + s * 0.001)], ctx);
    expect(less.checks[1].outcome).toBe("contradicted");
  });

  it("inconclusive when accuracy barely depends on P", () => {
    const noisy = [0.99, 0.95, 0.97, 0.93, 0.99, 0.96, 0.98, 0.92, 0.97, 0.99, 0.9, 0.97, 0.94, 0.96, 0.99];
    const r = evaluateFig7([arm("CB-10", (p, s) => noisy[ps.indexOf(p) * 3 + s], adds)], ctx);
    expect(r.checks[0].outcome).toBe("inconclusive");
    expect(r.status).toBe("inconclusive");
  });

  it("plots accuracy and colour against P, one series per run", () => {
    const r = evaluateFig7([arm("CB-10", hurts, adds)], ctx);
    const [acc, colour] = r.figures ?? [];
    if (acc?.kind !== "lines" || colour?.kind !== "lines") throw new Error("expected two line figures");
    expect(acc.series[0].name).toBe("CB-10");
    expect(acc.series[0].points.map((p) => p.x)).toEqual(ps);
    expect(acc.series[0].points[0].y).toBeCloseTo(0.99 - 0.0001, 9); // mean of seeds 0, 1, 2
    expect(colour.series[0].points[4].y).toBeCloseTo(0.05 + 40 * 0.02 + 0.01, 9);
  });

  it("the colour rule reads learned runs only: unlearned runs whose colour falls with P change nothing", () => {
    // Per P: three learned seeds whose colour rises with P, and three stuck ones (accuracy 0.3)
    // holding far more colour that falls with P. Over all 30 runs rho would be negative; over the
    // 15 learned runs, as fig7 asks, it is positive.
    const byP = ps.map((p) => ({
      p,
      results: cb10([0, 1, 2, 3, 4, 5].map((s) => (s < 3 ? adds(p, s) : 3 - p * 0.07 + s * 0.01)), [0, 1, 2, 3, 4, 5].map((s) => (s < 3 ? hurts(p, s) : 0.3))),
    }));
    const r = evaluateFig7([{ run: "CB-10", asserted: true, byP }], ctx);
    const colour = r.checks.find((c) => c.rule === "CB-10-pretraining-adds-colour")!;
    expect(colour.name).toMatch(/15 learned runs/);
    expect((colour.values as { x: number[] }).x).toHaveLength(15);
    expect(colour.outcome).toBe("reproduced");
    expect(colour.statistic).toBeGreaterThan(0.9);
    // The accuracy rule reads every run (generalisation): 30.
    expect(r.checks.find((c) => c.rule === "CB-10-pretraining-hurts-accuracy")!.name).toMatch(/all 30 runs/);
  });

  it("reports CB-2 without asserting it", () => {
    const r = evaluateFig7([arm("CB-10", hurts, adds), arm("CB-2", (p) => 0.95 + p * 0.001, () => 0, false)], ctx);
    expect(r.status).toBe("reproduced");
    expect(r.checks).toHaveLength(2);
    expect(r.tables.map((t) => t.title)).toEqual([expect.stringContaining("CB-10"), expect.stringContaining("CB-2 (measured, not asserted)")]);
  });
});

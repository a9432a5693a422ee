import { describe, expect, it } from "vitest";
import { evaluateFig6, evaluateFig7 } from "../../src/claims/pretraining.js";
import { planted } from "./planted.js";

const ctx = { scale: "ci" as const, backend: "planted" };
/** CB-10 seeds with a given last-layer colour (bits) and accuracy. */
const cb10 = (colours: number[], accs?: number[]) =>
  planted("CB-10", colours.map((c, i) => ({ seed: i + 1, acc: accs?.[i] ?? 0.99, colour: [2, 1, 0.5, c], direction: [2, 3, 3.2, 3.3] })));
const cb2 = (colours: number[]) => planted("CB-2", colours.map((c, i) => ({ seed: i + 1, colour: [0.9, 0.5, 0.3, 0.2, c], direction: [1, 1, 1, 1, 1] })));

describe("fig6 evaluation", () => {
  it("passes when P=20 leaves clearly more last-layer colour than P=0", () => {
    const r = evaluateFig6(
      [
        { run: "CB-2", base: cb2([0.01, 0.02, 0.0]), pretrained: cb2([0.5, 0.6, 0.55]) },
        { run: "CB-10", base: cb10([0.05, 0.1, 0.08]), pretrained: cb10([1.2, 1.0, 1.4]) },
      ],
      ctx,
    );
    expect(r.status).toBe("pass");
    expect(r.checks).toHaveLength(4);
  });

  it("fails when pretraining leaves no more colour (no significant difference)", () => {
    const r = evaluateFig6([{ run: "CB-10", base: cb10([0.05, 0.1, 0.08]), pretrained: cb10([0.06, 0.09, 0.1]) }], ctx);
    expect(r.status).toBe("fail");
    expect(r.checks[0].pass).toBe(false);
    expect(r.checks[0].message).toMatch(/one-sided p = /);
  });

  it("fails when the difference is significant but the P=20 mean stays under 10% of log2 n", () => {
    const r = evaluateFig6([{ run: "CB-10", base: cb10([0.0, 0.0, 0.01]), pretrained: cb10([0.2, 0.25, 0.22]) }], ctx);
    expect(r.checks[0].pass).toBe(true);
    expect(r.checks[1].pass).toBe(false);
    expect(r.status).toBe("fail");
  });

  it("fails as task-not-learned when an arm mostly did not learn", () => {
    const stuck = cb10([1, 1, 1], [0.1, 0.1, 0.95]);
    const r = evaluateFig6([{ run: "CB-10", base: cb10([0.05, 0.1, 0.08]), pretrained: stuck }], ctx);
    expect(r.status).toBe("task-not-learned");
    expect(r.reason).toMatch(/CB-10 P=20/);
  });
});

describe("fig7 evaluation", () => {
  const ps = [0, 5, 10, 20, 40];
  /** Accuracy and colour per P: helper for planted trends. */
  const arm = (run: string, acc: (p: number, s: number) => number, colour: (p: number) => number, asserted = true) => ({
    run,
    asserted,
    byP: ps.map((p) => ({ p, results: cb10([colour(p), colour(p) + 0.01, colour(p) + 0.02], [0, 1, 2].map((s) => acc(p, s))) })),
  });

  it("passes when accuracy falls and colour rises with P", () => {
    const r = evaluateFig7([arm("CB-10", (p, s) => 0.99 - p * 0.001 - s * 0.0001, (p) => 0.05 + p * 0.02)], ctx);
    expect(r.status).toBe("pass");
  });

  it("plots accuracy and colour against P, one series per run", () => {
    const r = evaluateFig7([arm("CB-10", (p, s) => 0.99 - p * 0.001 - s * 0.0001, (p) => 0.05 + p * 0.02)], ctx);
    const [acc, colour] = r.figures ?? [];
    if (acc?.kind !== "lines" || colour?.kind !== "lines") throw new Error("expected two line figures");
    expect(acc.series[0].name).toBe("CB-10");
    expect(acc.series[0].points.map((p) => p.x)).toEqual(ps);
    expect(acc.series[0].points[0].y).toBeCloseTo(0.99 - 0.0001, 9); // mean of seeds 0, 1, 2
    expect(colour.series[0].points[4].y).toBeCloseTo(0.05 + 40 * 0.02 + 0.01, 9);
  });

  it("rejects a planted data set where pretraining helps generalisation", () => {
    const r = evaluateFig7([arm("CB-10", (p, s) => 0.95 + p * 0.001 - s * 0.0001, (p) => 0.05 + p * 0.02)], ctx);
    expect(r.checks[0].pass).toBe(false);
    expect(r.status).toBe("fail");
  });

  it("fails when colour does not grow with P", () => {
    const r = evaluateFig7([arm("CB-10", (p, s) => 0.99 - p * 0.001 - s * 0.0001, (p) => 0.5 - p * 0.01)], ctx);
    expect(r.checks[1].pass).toBe(false);
  });

  it("reports CB-2 without asserting it", () => {
    const r = evaluateFig7(
      [arm("CB-10", (p, s) => 0.99 - p * 0.001 - s * 0.0001, (p) => 0.05 + p * 0.02), arm("CB-2", (p) => 0.95 + p * 0.001, () => 0, false)],
      ctx,
    );
    expect(r.status).toBe("pass");
    expect(r.checks).toHaveLength(2);
    expect(r.tables.map((t) => t.title)).toEqual([expect.stringContaining("CB-10"), expect.stringContaining("CB-2 (measured, not asserted)")]);
  });
});

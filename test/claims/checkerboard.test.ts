import { describe, expect, it } from "vitest";
import { evaluateFig2a, evaluateFig2bc, evaluateFig2xt, FIG2B, FIG2C } from "../../src/claims/checkerboard.js";
import { planted } from "./planted.js";

const ctx = { scale: "ci" as const, backend: "planted" };

describe("fig2a evaluation", () => {
  const good = (seed: number, c5 = 0.02) => ({ seed, colour: [0.95, 0.6, 0.3, 0.1, c5], direction: [0.9, 0.95, 0.98, 0.99, 0.99] });

  it("passes a minimal last layer", () => {
    const r = evaluateFig2a(planted("CB-2", [good(1), good(2), good(3)]), ctx);
    expect(r.status).toBe("pass");
    expect(r.checks.map((c) => c.pass)).toEqual([true, true, true]);
  });

  it("fails when the last layer keeps colour", () => {
    const r = evaluateFig2a(planted("CB-2", [good(1, 0.4), good(2, 0.3), good(3, 0.35)]), ctx);
    expect(r.status).toBe("fail");
    expect(r.checks[0].pass).toBe(false);
    expect(r.checks[0].message).toMatch(/mean = 0\.35.*pass needs mean <= 0\.1/);
  });

  it("fails when direction is lost, and when colour does not fall from layer 1", () => {
    const noDir = planted("CB-2", [1, 2, 3].map((s) => ({ ...good(s), direction: [0.9, 0.9, 0.9, 0.9, 0.5] })));
    expect(evaluateFig2a(noDir, ctx).checks[1].pass).toBe(false);
    const flat = planted("CB-2", [1, 2, 3].map((s) => ({ ...good(s), colour: [0.01, 0.01, 0.01, 0.01, 0.05] })));
    const r = evaluateFig2a(flat, ctx);
    expect(r.checks[2].pass).toBe(false);
    expect(r.status).toBe("fail");
  });

  it("uses learned seeds only, and fails as task-not-learned below half", () => {
    const stuck = (seed: number) => ({ ...good(seed, 0.9), acc: 0.5 });
    const some = evaluateFig2a(planted("CB-2", [good(1), good(2), stuck(3)]), ctx);
    expect(some.seeds).toEqual({ total: 3, learned: 2 });
    expect(some.status).toBe("pass");
    const most = evaluateFig2a(planted("CB-2", [good(1), stuck(2), stuck(3)]), ctx);
    expect(most.status).toBe("task-not-learned");
    expect(most.reason).toMatch(/1 of 3 seeds/);
    const none = evaluateFig2a(planted("CB-2", [stuck(1), stuck(2)]), ctx);
    expect(none.status).toBe("task-not-learned");
    expect(none.checks).toEqual([]);
  });

  it("clips negative values at 0 and counts them and decoder failures", () => {
    const r = evaluateFig2a(planted("CB-2", [good(1, -0.02), good(2, -0.3), good(3)]), ctx);
    expect(r.clipping).toEqual({ points: 9, clipped: 2, decoderFailures: 1 });
    expect(r.checks[0].statistic).toBeCloseTo(0.02 / 3, 10);
  });
});

describe("fig2b / fig2c evaluation", () => {
  const log10 = Math.log2(10);
  const shape = (seed: number, last = 0.05 * log10) => ({ seed, colour: [2.5, 1.2, 0.5, last], direction: [2.0, 3.0, 3.2, 3.25] });

  it("passes colour falling with depth to a minimal last layer", () => {
    const r = evaluateFig2bc(FIG2B, planted("CB-10", [shape(1), shape(2), shape(3)]), ctx);
    expect(r.status).toBe("pass");
  });

  it("tables the network's own direction accuracy beside the last-layer decoders', per learned seed", () => {
    const seeds = planted("CB-10", [shape(1), { ...shape(2), acc: 0.5 }, shape(3)]);
    const r = evaluateFig2bc(FIG2B, seeds, ctx);
    const t = r.tables.find((x) => x.title.includes("network's own direction accuracy"))!;
    expect(t.rows.map((row) => row[0])).toEqual([1, 3]); // seed 2 did not learn
    expect(t.rows[0]).toEqual([1, 1, 1, 3.25, 1, 0.05 * log10]);
  });

  it("plots colour and direction against epoch, one series per layer, with the claim's bounds", () => {
    const r = evaluateFig2bc(FIG2B, planted("CB-10", [shape(1), shape(2), shape(3)]), ctx);
    const figs = r.figures ?? [];
    expect(figs.map((f) => f.name)).toEqual(["colour-by-epoch", "direction-by-epoch"]);
    const colour = figs[0];
    if (colour.kind !== "lines") throw new Error("expected a line figure");
    expect(colour.series.map((s) => s.name)).toEqual(["layer 1", "layer 2", "layer 3", "layer 4"]);
    expect(colour.series[0].points.map((p) => p.x)).toEqual([0, 1, 3, 10, 20, 30]);
    const lastFinal = colour.series[3].points.at(-1)!;
    expect(lastFinal.y).toBeCloseTo(0.05 * log10, 6); // the planted final last-layer colour
    expect(lastFinal.lo).toBeLessThanOrEqual(lastFinal.y);
    expect(colour.refLines?.[0].y).toBeCloseTo(0.1 * log10, 9);
  });

  it("fails when colour rises with depth", () => {
    const r = evaluateFig2bc(FIG2B, planted("CB-10", [1, 2, 3].map((s) => ({ ...shape(s), colour: [0.1, 0.2, 0.25, 0.3] }))), ctx);
    expect(r.checks[0].pass).toBe(false);
    expect(r.checks[0].message).toMatch(/rho/);
    expect(r.status).toBe("fail");
  });

  it("fails when the last layer keeps more than the bound of colour", () => {
    const r = evaluateFig2bc(FIG2B, planted("CB-10", [shape(1, 0.6), shape(2, 0.6), shape(3, 0.6)]), ctx);
    expect(r.checks[1].pass).toBe(false);
    // The same colour fraction (0.6 / log2 10 = 18%) passes fig2c's 20% bound for CB-20 only
    // relative to log2 20: check the bound scales with n.
    const c = evaluateFig2bc(FIG2C, planted("CB-20", [1, 2, 3].map((s) => ({ seed: s, colour: [3, 1.5, 0.9, 0.8], direction: [2, 3.6, 3.9, 4.0] }))), ctx);
    expect(c.checks[1].pass).toBe(true);
    expect(c.checks[2].pass).toBe(true);
  });

  it("fails when direction stays below the bound", () => {
    const r = evaluateFig2bc(FIG2B, planted("CB-10", [1, 2, 3].map((s) => ({ ...shape(s), direction: [2, 2.5, 2.7, 2.8] }))), ctx);
    expect(r.checks[2].pass).toBe(false);
  });
});

describe("fig2xt evaluation", () => {
  const arm = (run: "CB-10" | "CB-20", curve: number[]) => planted(run, [1, 2, 3].map((seed) => ({ seed, colour: [2, 1, 0.5, curve.at(-1)!], direction: [2, 3, 3.2, 3.3], colourCurve: curve })));

  it("passes when the last layer stays under the bound at every probe epoch", () => {
    const r = evaluateFig2xt(
      [
        { rule: FIG2B, results: arm("CB-10", [0.1, 0.2, 0.2, 0.1, 0.05, 0.02]) },
        { rule: FIG2C, results: arm("CB-20", [0.1, 0.5, 0.6, 0.3, 0.1, 0.05]) },
      ],
      ctx,
    );
    expect(r.status).toBe("pass");
  });

  it("fails when colour passes through the last layer mid-training, naming the epoch", () => {
    const r = evaluateFig2xt(
      [
        { rule: FIG2B, results: arm("CB-10", [0.1, 0.2, 1.5, 0.1, 0.05, 0.02]) },
        { rule: FIG2C, results: arm("CB-20", [0.1, 0.2, 0.2, 0.1, 0.05, 0.02]) },
      ],
      ctx,
    );
    expect(r.status).toBe("fail");
    expect(r.checks[0].pass).toBe(false);
    expect(r.checks[0].message).toMatch(/worst epoch 3/);
  });
});

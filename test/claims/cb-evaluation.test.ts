/**
 * (Named cb-evaluation, not checkerboard: `npx vitest run claims/checkerboard` filters by path
 * substring and would pick this unit test up with the claim files.)
 * Checkerboard claim evaluation on planted seed results: every claim is reproduced, contradicted
 * and inconclusive on planted data made for each; flags and sensitivity views are exercised.
 */
import { describe, expect, it } from "vitest";
import { evaluateFig2a, evaluateFig2bc, evaluateFig2d, evaluateFig2xt, FIG2B, FIG2C } from "../../src/claims/checkerboard.js";
import { cbRunConfig, CB_PROBE_EPOCHS } from "../../src/experiments/cb-config.js";
import type { CbScatter, CbSeedResult } from "../../src/experiments/cb-runner.js";
import { planted, PLANTED_EPOCHS, type Planted } from "./planted.js";

const ctx = { scale: "ci" as const, backend: "planted" };
const rule = (r: { checks: { rule: string; outcome: string }[] }, id: string) => r.checks.find((c) => c.rule === id)!.outcome;

describe("fig2a evaluation", () => {
  const good = (seed: number, c5 = 0.02): Planted => ({ seed, colour: [0.95, 0.6, 0.3, 0.1, c5], direction: [0.9, 0.95, 0.98, 0.99, 0.99 - seed * 0.001] });

  it("reproduced: a minimal last layer in every seed", () => {
    const r = evaluateFig2a(planted("CB-2", [good(1, 0.01), good(2, 0.02), good(3, 0.03), good(4, 0.02)]), ctx);
    expect(r.status).toBe("reproduced");
    expect(r.checks.map((c) => c.rule)).toEqual(["last-layer-colour", "last-layer-direction", "colour-falls-from-layer-1"]);
    expect(r.checks.every((c) => c.outcome === "reproduced")).toBe(true);
  });

  it("contradicted: every seed keeps colour in its last layer", () => {
    const r = evaluateFig2a(planted("CB-2", [good(1, 0.4), good(2, 0.3), good(3, 0.35)]), ctx);
    expect(r.status).toBe("contradicted");
    expect(rule(r, "last-layer-colour")).toBe("contradicted");
    expect(r.checks[0].message).toMatch(/mean = 0\.35/);
  });

  it("inconclusive: one seed keeps 0.48 bit, the mean is above the bound but its CI reaches below (the paper-scale shape)", () => {
    const r = evaluateFig2a(planted("CB-2", [good(1, 0.0), good(2, 0.0), good(3, 0.48), good(4, 0.04), good(5, 0.117)]), ctx);
    expect(r.status).toBe("inconclusive");
    const c = r.checks[0];
    expect(c.outcome).toBe("inconclusive");
    expect(c.ci![0]).toBe(0); // the t interval is clipped to the feasible range [0, 1]
    expect(c.undecided).toMatch(/straddles 0\.1/);
    expect(c.seedsNeeded).toBeGreaterThan(5);
  });

  it("direction lost and colour not falling from layer 1 are each contradicted, by rule", () => {
    const noDir = planted("CB-2", [1, 2, 3].map((s) => ({ ...good(s), direction: [0.9, 0.9, 0.9, 0.9, 0.5] })));
    expect(rule(evaluateFig2a(noDir, ctx), "last-layer-direction")).toBe("contradicted");
    const flat = planted("CB-2", [1, 2, 3].map((s) => ({ ...good(s), colour: [0.01, 0.01, 0.01, 0.01, 0.05] })));
    const r = evaluateFig2a(flat, ctx);
    expect(rule(r, "colour-falls-from-layer-1")).toBe("contradicted");
    expect(r.status).toBe("contradicted");
  });

  it("uses learned seeds only, and is task-not-learned below half", () => {
    const stuck = (seed: number): Planted => ({ ...good(seed, 0.9), acc: 0.5 });
    const some = evaluateFig2a(planted("CB-2", [good(1), good(2), good(4), stuck(3)]), ctx);
    expect(some.seeds).toEqual({ total: 4, learned: 3 });
    expect(some.status).toBe("reproduced");
    const most = evaluateFig2a(planted("CB-2", [good(1), stuck(2), stuck(3)]), ctx);
    expect(most.status).toBe("task-not-learned");
    expect(most.reason).toMatch(/1 of 3 seeds/);
    const none = evaluateFig2a(planted("CB-2", [stuck(1), stuck(2)]), ctx);
    expect(none.status).toBe("task-not-learned");
    expect(none.checks).toEqual([]);
  });

  it("exactly half the seeds learned is judged: task-not-learned needs fewer than half (PROTOCOL.md)", () => {
    const stuck = (seed: number): Planted => ({ ...good(seed), acc: 0.5 });
    const half = evaluateFig2a(planted("CB-2", [good(1), good(2), stuck(3), stuck(4)]), ctx);
    expect(half.seeds).toEqual({ total: 4, learned: 2 });
    expect(half.reason).toBeUndefined();
    expect(half.status).toBe("reproduced");
    expect(half.checks.length).toBeGreaterThan(0);
  });

  it("clips negative values at 0 and counts them and decoder failures", () => {
    const r = evaluateFig2a(planted("CB-2", [good(1, -0.02), good(2, -0.3), good(3)]), ctx);
    expect(r.clipping).toEqual({ points: 9, clipped: 2, decoderFailures: 1 });
    expect(r.checks[0].statistic).toBeCloseTo(0.02 / 3, 10);
  });

  it("flags failures, collapses, unstable and non-finite decoders, and marks the points a rule used", () => {
    const seeds = planted("CB-2", [
      // seed 1: layer-1 colour collapses to 0 at epoch 10 between two probes that read 1 bit.
      { ...good(1), bits: (label, layer, epoch, b) => (label === "colour" && layer === 1 && epoch === 10 ? 0 : b) },
      // seed 2: the final last-layer direction decoder was unstable; a failed decoder at epoch 3.
      { ...good(2), diagnostics: (label, layer, epoch) => (label === "direction" && layer === 5 && epoch === 30 ? { unstableSteps: 1, maxGradNorm: 500 } : {}), bits: (label, layer, epoch, b) => (label === "direction" && layer === 2 && epoch === 3 ? -0.4 : b) },
      { ...good(3), diagnostics: (label, layer, epoch) => (label === "colour" && layer === 3 && epoch === 1 ? { nonFiniteSteps: 2 } : {}) },
    ]);
    const r = evaluateFig2a(seeds, ctx);
    // The failed decoder (-0.4 between 0.95 and 0.95) is a collapse too.
    expect(r.flags!.counts).toEqual({ failure: 1, collapse: 2, unstable: 2, "non-finite": 1 });
    const collapse = r.flags!.list.find((f) => f.flags.includes("collapse") && f.seed === 1)!;
    expect(collapse).toMatchObject({ label: "colour", layer: 1, epoch: 10, usedByRule: false, flags: ["collapse"] });
    expect(r.flags!.list.find((f) => f.seed === 2 && f.layer === 2)!.flags).toEqual(["failure", "collapse"]);
    const unstable = r.flags!.list.filter((f) => f.flags.includes("unstable"));
    expect(unstable.map((f) => [f.replicate, f.usedByRule])).toEqual([
      [1, true],
      [2, false],
    ]);
  });

  it("sensitivity: the verdict is robust when the second decoder and the flag filter agree, and not when they do not", () => {
    const seeds = [good(1, 0.01), good(2, 0.02), good(3, 0.03), good(4, 0.02)];
    const robust = evaluateFig2a(planted("CB-2", seeds.map((s) => ({ ...s, replicateShift: 0.001 }))), ctx);
    expect(robust.sensitivity).toEqual({ registered: "reproduced", secondDecoder: "reproduced", withoutFlagged: "reproduced", robust: true });
    // The second decoder reads 0.5 bit more colour everywhere: its verdict differs.
    const fragile = evaluateFig2a(planted("CB-2", seeds.map((s) => ({ ...s, replicateShift: 0.5 }))), ctx);
    expect(fragile.sensitivity).toMatchObject({ registered: "reproduced", secondDecoder: "contradicted", robust: false });
    expect(fragile.checks[0].sensitivity).toEqual({ secondDecoder: "contradicted", withoutFlagged: "reproduced" });
    // A seed whose last-layer colour decoder was unstable: left out, the verdict is decided by the other seeds.
    const flagged = evaluateFig2a(
      planted("CB-2", [...seeds, { ...good(5, 0.9), diagnostics: (l, layer, e) => (l === "colour" && layer === 5 && e === 30 ? { unstableSteps: 3 } : {}) }]),
      ctx,
    );
    expect(flagged.status).not.toBe("reproduced");
    expect(flagged.sensitivity!.withoutFlagged).toBe("reproduced");
    expect(flagged.sensitivity!.robust).toBe(false);
  });
});

describe("fig2b / fig2c evaluation", () => {
  const log10 = Math.log2(10);
  const shape = (seed: number, last = 0.05 * log10): Planted => ({ seed, colour: [2.5 + seed * 0.01, 1.2, 0.5, last], direction: [2.0, 3.0, 3.2, 3.25 + seed * 0.001] });

  it("reproduced: colour falls with depth to a minimal last layer, direction read fully", () => {
    const r = evaluateFig2bc(FIG2B, planted("CB-10", [shape(1), shape(2), shape(3)]), ctx);
    expect(r.status).toBe("reproduced");
    expect(r.checks.map((c) => c.rule)).toEqual(["colour-falls-with-depth", "last-layer-colour", "last-layer-direction"]);
  });

  it("contradicted: colour rises with depth in every seed; and a last layer holding colour", () => {
    const rising = evaluateFig2bc(FIG2B, planted("CB-10", [1, 2, 3].map((s) => ({ ...shape(s), colour: [0.1, 0.2, 0.25, 0.3 + s * 0.01] }))), ctx);
    expect(rule(rising, "colour-falls-with-depth")).toBe("contradicted");
    expect(rising.checks[0].message).toMatch(/rho/);
    expect(rising.status).toBe("contradicted");
    const high = evaluateFig2bc(FIG2B, planted("CB-10", [shape(1, 0.6), shape(2, 0.62), shape(3, 0.61)]), ctx);
    expect(rule(high, "last-layer-colour")).toBe("contradicted");
  });

  it("inconclusive: direction below the bound in one seed of three (the decoder-limited shape)", () => {
    const r = evaluateFig2bc(FIG2B, planted("CB-10", [shape(1), shape(2), { ...shape(3), direction: [2, 3, 3.2, 2.07] }]), ctx);
    expect(rule(r, "last-layer-direction")).toBe("inconclusive");
    expect(r.status).toBe("inconclusive");
  });

  it("the bound scales with n (fig2c: 20% and 80% of log2 20)", () => {
    const c = evaluateFig2bc(FIG2C, planted("CB-20", [1, 2, 3].map((s) => ({ seed: s, colour: [3, 1.5, 0.9, 0.8 + s * 0.01], direction: [2, 3.6, 3.9, 4.0 + s * 0.01] }))), ctx);
    expect(rule(c, "last-layer-colour")).toBe("reproduced");
    expect(rule(c, "last-layer-direction")).toBe("reproduced");
  });

  it("tables the network's own direction accuracy beside the last-layer decoders', per learned seed", () => {
    const seeds = planted("CB-10", [shape(1), { ...shape(2), acc: 0.5 }, shape(3)]);
    const r = evaluateFig2bc(FIG2B, seeds, ctx);
    const t = r.tables.find((x) => x.title.includes("network's own direction accuracy"))!;
    expect(t.rows.map((row) => row[0])).toEqual([1, 3]); // seed 2 did not learn
    expect(t.rows[0]).toEqual([1, 1, 1, 3.251, 1, 0.05 * log10]);
  });

  it("plots colour and direction against epoch, one series per layer, with the claim's bounds", () => {
    const r = evaluateFig2bc(FIG2B, planted("CB-10", [shape(1), shape(2), shape(3)]), ctx);
    const figs = r.figures ?? [];
    expect(figs.map((f) => f.name)).toEqual(["colour-by-epoch", "direction-by-epoch", "last-layer-colour-readings"]);
    const colour = figs[0];
    if (colour.kind !== "lines") throw new Error("expected a line figure");
    expect(colour.series.map((s) => s.name)).toEqual(["layer 1", "layer 2", "layer 3", "layer 4"]);
    expect(colour.series[0].points.map((p) => p.x)).toEqual(PLANTED_EPOCHS);
    expect(colour.series[3].points.at(-1)!.y).toBeCloseTo(0.05 * log10, 6);
    expect(colour.refLines?.[0].y).toBeCloseTo(0.1 * log10, 9);
    // Data of the earlier layout (raw only): the readings figure has the one reading there is.
    const readings = figs[2];
    if (readings.kind !== "lines") throw new Error("expected a line figure");
    expect(readings.series.map((s) => s.name)).toEqual(["raw"]);
  });

  it("draws the last-layer colour under the three readings when the seeds have them", () => {
    const seeds = [1, 2, 3].map((s) => ({ ...shape(s), readings: { raw: -0.2, standardised: -0.1 } }));
    const r = evaluateFig2bc(FIG2B, planted("CB-10", seeds), ctx);
    const fig = r.figures!.find((f) => f.name === "last-layer-colour-readings")!;
    if (fig.kind !== "lines") throw new Error("expected a line figure");
    expect(fig.series.map((s) => s.name)).toEqual(["whitened (registered)", "raw", "standardised"]);
    const last = (i: number) => fig.series[i].points.at(-1)!.y;
    expect(last(0)).toBeCloseTo(0.05 * log10, 6);
    expect(last(1)).toBe(0); // 0.05 log2 10 - 0.2 < 0, clipped
    expect(last(2)).toBeCloseTo(Math.max(0, 0.05 * log10 - 0.1), 6);
  });
});

describe("fig2xt evaluation", () => {
  const arm = (run: "CB-10" | "CB-20", curves: number[][]) =>
    planted(run, curves.map((curve, i) => ({ seed: i + 1, colour: [2, 1, 0.5, curve.at(-1)!], direction: [2, 3, 3.2, 3.3], colourCurve: curve })));
  const low = [
    [0.1, 0.2, 0.2, 0.1, 0.05, 0.02],
    [0.12, 0.18, 0.22, 0.1, 0.04, 0.03],
    [0.09, 0.21, 0.19, 0.12, 0.05, 0.01],
  ];

  it("reproduced when the last layer stays under the bound at every probe epoch", () => {
    const r = evaluateFig2xt([{ rule: FIG2B, results: arm("CB-10", low) }, { rule: FIG2C, results: arm("CB-20", low) }], ctx);
    expect(r.status).toBe("reproduced");
    expect(r.checks.map((c) => c.rule)).toEqual(["CB-10-every-epoch", "CB-20-every-epoch"]);
  });

  it("contradicted when colour passes through the last layer mid-training, naming the epoch", () => {
    const bump = low.map((c) => c.map((v, j) => (j === 2 ? v + 1.3 : v)));
    const r = evaluateFig2xt([{ rule: FIG2B, results: arm("CB-10", bump) }, { rule: FIG2C, results: arm("CB-20", low) }], ctx);
    expect(r.status).toBe("contradicted");
    expect(r.checks[0].outcome).toBe("contradicted");
    expect(r.checks[0].message).toMatch(/worst epoch 3/);
  });

  it("inconclusive when one seed's colour rises mid-training and the others do not", () => {
    const one = low.map((c, i) => (i === 1 ? c.map((v, j) => (j === 2 ? 0.8 : v)) : c));
    const r = evaluateFig2xt([{ rule: FIG2B, results: arm("CB-10", one) }, { rule: FIG2C, results: arm("CB-20", low) }], ctx);
    expect(r.status).toBe("inconclusive");
    expect(r.checks[0].undecided).toMatch(/epoch 3/);
  });
});

describe("fig2d export", () => {
  /** Scatter data of 4 rows of a 3-unit last layer at an epoch. */
  const scatterAt = (epoch: number, value = 0.5): CbScatter => ({ epoch, layer: 5, width: 3, z: Array.from({ length: 12 }, (_, i) => value + i), colour: [0, 1, 0, 1], direction: [1, 1, 0, 0] });
  /** A learned CB-2 seed-run at a scale, with its probe epochs and scatter epochs. */
  const seedRun = (scale: "paper" | "ci", probeEpochs: number[], scatter: CbScatter[]): CbSeedResult => {
    const [r] = planted("CB-2", [{ seed: 1, colour: [0.9, 0.5, 0.3, 0.2, 0.0], direction: [1, 1, 1, 1, 1] }]);
    return { ...r, config: { ...cbRunConfig("CB-2", scale), probeEpochs }, scatter };
  };
  const paperProbes = cbRunConfig("CB-2", "paper").probeEpochs;

  it("paper scale: epochs 0, 10, 20 and 100 exported is complete, and PCA figures are drawn for each", () => {
    const r = evaluateFig2d([seedRun("paper", paperProbes, [0, 10, 20, 100].map((e) => scatterAt(e)))], ctx);
    expect(r.status).toBe("exported");
    expect(r.checks[0].threshold).toBe(4);
    expect(r.figures?.map((f) => f.name)).toEqual(["epoch0-colour", "epoch0-direction", "epoch10-colour", "epoch10-direction", "epoch20-colour", "epoch20-direction", "epoch100-colour", "epoch100-direction"]);
  });

  it("a wanted epoch the seed-run did not probe is reported missing (its own probe list does not excuse it)", () => {
    // A run whose config lost probe epoch 20: the protocol still wants its scatter data.
    const without20 = CB_PROBE_EPOCHS.filter((e) => e !== 20);
    const r = evaluateFig2d([seedRun("paper", without20, [0, 10, 100].map((e) => scatterAt(e)))], ctx);
    expect(r.status).toBe("pipeline-failed");
    expect(r.checks[0]).toMatchObject({ outcome: "contradicted", statistic: 3, threshold: 4 });
    expect(r.checks[0].message).toMatch(/^INCOMPLETE .*wanted \[0, 10, 20, 100\]; missing 20\)/);
  });

  it("a probed epoch missing from the scatter data, or a non-finite value, is incomplete", () => {
    const no10 = evaluateFig2d([seedRun("paper", paperProbes, [0, 20, 100].map((e) => scatterAt(e)))], ctx);
    expect(no10.status).toBe("pipeline-failed");
    expect(no10.checks[0].message).toMatch(/missing 10\)/);
    const nan = evaluateFig2d([seedRun("paper", paperProbes, [0, 10, 20, 100].map((e) => scatterAt(e, e === 10 ? NaN : 0.5)))], ctx);
    expect(nan.status).toBe("pipeline-failed");
    expect(nan.checks[0].message).toMatch(/all values finite: false/);
  });

  it("ci scale wants the epochs its protocol probes (0, 10 and the last) and says that 20 is not probed there", () => {
    const ci = cbRunConfig("CB-2", "ci").probeEpochs;
    expect(ci).not.toContain(20);
    const r = evaluateFig2d([seedRun("ci", ci, [0, 10, 100].map((e) => scatterAt(e)))], ctx);
    expect(r.status).toBe("exported");
    expect(r.checks[0].threshold).toBe(3);
    expect(r.checks[0].message).toMatch(/epoch 20 not probed at ci scale/);
    expect(evaluateFig2d([seedRun("ci", ci, [0, 100].map((e) => scatterAt(e)))], ctx).status).toBe("pipeline-failed");
  });
});

import { describe, expect, it } from "vitest";
import { createRng } from "../../src/runtime/rng.js";
import {
  allOf,
  atLeast,
  atMost,
  decreasesWithDepth,
  dropLessThan,
  everyEpochAtMost,
  greaterThanWelch,
  lessThan,
  negativelyRelated,
  pairedGreater,
  positivelyRelated,
  risesThenFalls,
  type Verdict,
} from "../../src/stats/predicates.js";

/** Every verdict must survive JSON (it goes into task.meta) and say PASS/FAIL in its message. */
function wellFormed(v: Verdict): Verdict {
  expect(v.message.startsWith(v.pass ? "PASS" : "FAIL")).toBe(true);
  expect(JSON.parse(JSON.stringify(v)).pass).toBe(v.pass);
  return v;
}

describe("atMost / atLeast", () => {
  it("planted pass and fail (fig2a: colour <= 0.1 bit, direction >= 0.9 bit)", () => {
    const colour = [0.02, 0.05, 0.0, 0.08, 0.03, 0.01, 0.04, 0.06];
    const v = wellFormed(atMost(colour, 0.1, { label: "final layer-5 colour info (bits)" }));
    expect(v).toMatchObject({ pass: true, n: 8, threshold: 0.1, comparison: "<=" });
    expect(v.statistic).toBeCloseTo(0.03625, 12);
    expect(v.ci![0]).toBeLessThan(v.statistic);
    expect(v.message).toMatch(/final layer-5 colour info \(bits\): mean = 0\.03625 \(95% CI \[.*\], n=8 seeds\); pass needs mean <= 0\.1/);
    expect(wellFormed(atMost(colour.map((c) => c + 0.1), 0.1)).pass).toBe(false);
    expect(wellFormed(atLeast([0.95, 0.99, 0.97], 0.9)).pass).toBe(true);
    expect(wellFormed(atLeast([0.95, 0.7, 0.8], 0.9)).pass).toBe(false);
  });
  it("the rule is on the mean, not on every seed, and holds at equality", () => {
    expect(atMost([0.0, 0.2], 0.1).pass).toBe(true);
    expect(atLeast([0.9, 0.9], 0.9).pass).toBe(true);
  });
  it("one seed: rule applies to its value, CI undefined and said so", () => {
    const v = wellFormed(atMost([0.05], 0.1));
    expect(v.pass).toBe(true);
    expect(v.ci).toBeUndefined();
    expect(v.message).toMatch(/n=1 seed, CI undefined/);
  });
  it("NaN, Infinity and empty input throw, naming the predicate", () => {
    expect(() => atMost([0.1, NaN], 0.1)).toThrow(/^atMost: values: non-finite value NaN at index 1/);
    expect(() => atLeast([Infinity], 0.1)).toThrow(/^atLeast: values: non-finite/);
    expect(() => atMost([], 0.1)).toThrow(/^atMost: values: empty input/);
    expect(() => atMost([0.1], NaN)).toThrow(/^atMost: threshold must be finite/);
  });
});

describe("decreasesWithDepth", () => {
  it("planted pass: monotone decrease gives rho = -1", () => {
    const v = wellFormed(decreasesWithDepth([3.2, 2.9, 1.1, 0.3], -0.8, { label: "CB-10 final colour info" }));
    expect(v).toMatchObject({ pass: true, statistic: -1, n: 4 });
    expect(v.p).toBeCloseTo(1 / 24, 12);
  });
  it("planted fail: rise with depth, and a non-monotone profile (rho -0.6)", () => {
    expect(wellFormed(decreasesWithDepth([0.1, 0.5, 1, 2])).pass).toBe(false);
    const v = decreasesWithDepth([2, 3, 0.5, 1]);
    expect(v.statistic).toBeCloseTo(-0.6, 12);
    expect(v.pass).toBe(false);
  });
  it("ties use average ranks; a flat profile has rho 0 and fails", () => {
    const tied = decreasesWithDepth([3, 2, 2, 1]);
    expect(tied.statistic).toBeCloseTo(-0.9486832980505138, 12); // scipy spearmanr
    expect(tied.pass).toBe(true);
    const flat = wellFormed(decreasesWithDepth([0.5, 0.5, 0.5, 0.5]));
    expect(flat).toMatchObject({ pass: false, statistic: 0 });
    expect(flat.message).toMatch(/constant profile/);
  });
  it("rho exactly at the threshold passes", () => {
    // 5 layers, one adjacent swap: rho = 1 - 6*2/(5*24) = 0.9 -> -0.9
    expect(decreasesWithDepth([5, 3, 4, 2, 1], -0.9).pass).toBe(true);
  });
  it("one layer or NaN throws", () => {
    expect(() => decreasesWithDepth([1])).toThrow(/at least 2 layers/);
    expect(() => decreasesWithDepth([1, NaN])).toThrow(/^decreasesWithDepth: layerValues: non-finite/);
  });
});

describe("lessThan", () => {
  const l1 = [0.9, 0.8, 0.95, 0.85];
  const l5 = [0.05, 0.0, 0.1, 0.02];
  it("planted pass and fail, paired and unpaired", () => {
    const v = wellFormed(lessThan(l5, l1, { paired: true, label: "layer-5 colour < layer-1 colour" }));
    expect(v.pass).toBe(true);
    expect(v.statistic).toBeCloseTo(0.0425 - 0.875, 12);
    expect(v.ci![1]).toBeLessThan(0);
    expect(wellFormed(lessThan(l1, l5)).pass).toBe(false);
    expect(lessThan(l5, l1).ci).toBeDefined();
  });
  it("equal means fail (strict)", () => expect(lessThan([1, 2], [2, 1]).pass).toBe(false));
  it("one seed: point rule, CI undefined", () => {
    const v = wellFormed(lessThan([0.1], [0.5]));
    expect(v.pass).toBe(true);
    expect(v.ci).toBeUndefined();
    expect(v.message).toMatch(/CI undefined/);
  });
  it("paired arms of different length and NaN throw", () => {
    expect(() => lessThan([1, 2], [1], { paired: true })).toThrow(/^lessThan: paired arms/);
    expect(() => lessThan([1], [NaN])).toThrow(/^lessThan: b: non-finite/);
  });
});

describe("risesThenFalls", () => {
  const epochs = [0, 1, 2, 5, 10, 20, 40, 80];
  const rise = (peak: number, final: number, at = 3): number[] => epochs.map((_, j) => (j <= at ? 1 + (peak - 1) * (j / at) : peak - ((peak - final) * (j - at)) / (epochs.length - 1 - at)));
  it("planted pass: every seed rises then falls by >= 0.3 bit", () => {
    const curves = [rise(2.0, 1.1), rise(1.9, 1.2, 4), rise(2.1, 1.0, 2)];
    const v = wellFormed(risesThenFalls(curves, { minDrop: 0.3, epochs, label: "fine info" }));
    expect(v.pass).toBe(true);
    expect(v.statistic).toBeCloseTo(0.7, 12);
    expect(v.effect!.value).toBeCloseTo((0.9 + 0.7 + 1.1) / 3, 12);
    expect(v.message).toMatch(/seed 1: drop 0\.7, peak at epoch 10/);
    const perSeed = v.details!.perSeed as { peakEpoch: number }[];
    expect(perSeed.map((s) => s.peakEpoch)).toEqual([5, 10, 2]);
  });
  it("planted fail: one seed drops too little (every seed required); passes when only the mean is required", () => {
    const curves = [rise(2.0, 1.1), rise(1.5, 1.4), rise(2.1, 1.0)];
    const v = wellFormed(risesThenFalls(curves, { minDrop: 0.3 }));
    expect(v.pass).toBe(false);
    expect(v.statistic).toBeCloseTo(0.1, 12);
    expect(v.message).toMatch(/1 of 3 seeds fail/);
    expect(risesThenFalls(curves, { minDrop: 0.3, everySeed: false }).pass).toBe(true);
  });
  it("a peak at the last epoch (monotone rise) fails; so does one at the first epoch", () => {
    const up = epochs.map((_, j) => j * 0.2);
    const v = wellFormed(risesThenFalls([up], { minDrop: 0.3 }));
    expect(v.pass).toBe(false);
    expect(v.message).toMatch(/not interior/);
    const down = epochs.map((_, j) => 2 - j * 0.2);
    const w = risesThenFalls([down], { minDrop: 0.3 });
    expect(w.pass).toBe(false);
    expect((w.details!.perSeed as { peakIndex: number }[])[0].peakIndex).toBe(0);
  });
  it("a flat curve fails (first maximum is index 0, drop 0)", () => {
    expect(risesThenFalls([[1, 1, 1, 1]], { minDrop: 0 }).pass).toBe(false);
  });
  it("a plateau at the peak counts from its first epoch", () => {
    const v = risesThenFalls([[0, 2, 2, 2, 1]], { minDrop: 0.3 });
    expect(v.pass).toBe(true);
    expect((v.details!.pooled as { peakIndex: number }).peakIndex).toBe(1);
  });
  it("pooled rule: seeds peaking at different epochs can flatten the mean curve", () => {
    const a = [0, 1, 0.6, 0.6, 0.6, 0.6];
    const b = [0, 0.6, 0.6, 0.6, 1, 0.6];
    expect(risesThenFalls([a, b], { minDrop: 0.4 }).pass).toBe(false); // mean curve drop 0.2
    expect(risesThenFalls([a, b], { minDrop: 0.4, pooled: false }).pass).toBe(true);
  });
  it("one seed: per-seed and pooled coincide; CI undefined", () => {
    const v = wellFormed(risesThenFalls([rise(2, 1)], { minDrop: 0.3 }));
    expect(v.pass).toBe(true);
    expect(v.message).toMatch(/n=1 seed, CI undefined/);
  });
  it("bad input throws, naming the predicate", () => {
    expect(() => risesThenFalls([], { minDrop: 0.3 })).toThrow(/^risesThenFalls: no curves/);
    expect(() => risesThenFalls([[1, 2, 1], [1, 2]], { minDrop: 0.3 })).toThrow(/one probe grid/);
    expect(() => risesThenFalls([[1, NaN, 1]], { minDrop: 0.3 })).toThrow(/^risesThenFalls: curve of seed 0: non-finite/);
    expect(() => risesThenFalls([[1, 2]], { minDrop: 0.3 })).toThrow(/at least 3 probes/);
    expect(() => risesThenFalls([[1, 2, 1]], { minDrop: 0.3, epochs: [0, 1] })).toThrow(/epochs has 2/);
  });
});

describe("dropLessThan (fig4lr small lr: peak - final < 0.15 bit)", () => {
  it("planted pass and fail", () => {
    const riseOnly = [
      [0.2, 0.8, 1.2, 1.5, 1.5],
      [0.3, 0.9, 1.3, 1.45, 1.4],
    ];
    const v = wellFormed(dropLessThan(riseOnly, 0.15));
    expect(v.pass).toBe(true);
    expect(v.statistic).toBeCloseTo(0.025, 12);
    const falls = [
      [0.2, 1.8, 1.2],
      [0.3, 1.9, 1.3],
    ];
    expect(wellFormed(dropLessThan(falls, 0.15)).pass).toBe(false);
  });
  it("everySeed uses the largest drop; equality fails (strict)", () => {
    const c = [
      [0, 1, 1],
      [0, 1, 0.7],
    ];
    expect(dropLessThan(c, 0.2).pass).toBe(true); // mean 0.15
    expect(dropLessThan(c, 0.2, { everySeed: true }).pass).toBe(false); // max 0.3
    expect(dropLessThan([[0, 1, 0.85]], 0.15).pass).toBe(false);
  });
});

describe("greaterThanWelch (fig6: P=20 colour > P=0 colour)", () => {
  it("planted pass and fail", () => {
    const p20 = [0.6, 0.5, 0.7, 0.65, 0.55];
    const p0 = [0.05, 0.1, 0.0, 0.08, 0.02];
    const v = wellFormed(greaterThanWelch(p20, p0, { label: "CB-2 last-layer colour, P=20 vs P=0" }));
    expect(v.pass).toBe(true);
    expect(v.statistic).toBe(v.p);
    expect(v.effect!.value).toBeCloseTo(0.55, 12);
    expect(v.message).toMatch(/one-sided p = .*; pass needs p < 0\.05/);
    expect(wellFormed(greaterThanWelch(p0, p20)).pass).toBe(false);
    expect(greaterThanWelch([0.1, 0.3, 0.2], [0.15, 0.25, 0.2]).pass).toBe(false); // same means
  });
  it("matches the Welch reference p (scipy 0.0010702) and respects alpha", () => {
    const a = [5.1, 4.9, 6.2, 5.8, 6.0, 5.5, 5.3];
    const b = [4.2, 4.8, 4.4, 5.0, 4.6];
    expect(greaterThanWelch(a, b).statistic).toBeCloseTo(0.0010701517404891495, 12);
    expect(greaterThanWelch(a, b, { alpha: 0.001 }).pass).toBe(false);
  });
  it("one seed in an arm: failing, insufficient verdict (not a throw)", () => {
    const v = wellFormed(greaterThanWelch([0.6], [0.1, 0.2]));
    expect(v).toMatchObject({ pass: false, insufficient: true });
    expect(Number.isNaN(v.statistic)).toBe(true);
    expect(v.message).toMatch(/needs >= 2 values per arm, got 1 and 2/);
  });
  it("NaN and bad alpha throw", () => {
    expect(() => greaterThanWelch([1, NaN], [1, 2])).toThrow(/^greaterThanWelch: a: non-finite/);
    expect(() => greaterThanWelch([1, 2], [1, 2], { alpha: 5 })).toThrow(/alpha/);
  });
});

describe("pairedGreater (fig5c: accuracy with fine pretraining > without)", () => {
  it("planted pass and fail", () => {
    const pre = [0.856, 0.851, 0.86];
    const base = [0.835, 0.84, 0.833];
    const v = wellFormed(pairedGreater(pre, base, { label: "coarse accuracy" }));
    expect(v.pass).toBe(true);
    expect(v.statistic).toBeCloseTo(0.019666666666666666, 12);
    expect(v.p).toBeLessThan(0.05);
    expect(wellFormed(pairedGreater(base, pre)).pass).toBe(false);
  });
  it("equal arms fail (strict); margin and alpha tighten the rule", () => {
    expect(pairedGreater([1, 2], [1, 2]).pass).toBe(false);
    expect(pairedGreater([0.86, 0.85], [0.85, 0.84], { margin: 0.02 }).pass).toBe(false);
    // mean diff > 0 but inconsistent across seeds: passes on the mean, fails with alpha
    const a = [0.9, 0.8, 0.86];
    const b = [0.8, 0.85, 0.84];
    expect(pairedGreater(a, b).pass).toBe(true);
    expect(pairedGreater(a, b, { alpha: 0.05 }).pass).toBe(false);
  });
  it("one seed: mean rule applies, p and CI undefined; with alpha it fails", () => {
    const v = wellFormed(pairedGreater([0.86], [0.84]));
    expect(v.pass).toBe(true);
    expect(v.p).toBeUndefined();
    expect(v.message).toMatch(/n=1 paired seed, CI undefined/);
    expect(pairedGreater([0.86], [0.84], { alpha: 0.05 }).pass).toBe(false);
  });
  it("unequal lengths and NaN throw", () => {
    expect(() => pairedGreater([1, 2], [1])).toThrow(/^pairedGreater: arms must have equal length/);
    expect(() => pairedGreater([1, 2], [1, NaN])).toThrow(/^pairedGreater: b: non-finite/);
  });
});

describe("negativelyRelated / positivelyRelated (fig7)", () => {
  const rng = createRng(2021);
  const P = [0, 5, 10, 20, 40].flatMap((p) => Array.from({ length: 8 }, () => p));
  const acc = P.map((p) => 0.95 - 0.003 * p + 0.02 * rng.normal());
  const colour = P.map((p) => 0.02 * p + 0.1 * rng.normal());
  const noise = P.map(() => rng.normal());
  it("planted pass: accuracy falls and colour rises with pretraining (40 runs, t approximation)", () => {
    const v = wellFormed(negativelyRelated(P, acc, { label: "P vs final accuracy", bootstrapSeed: 9, resamples: 300 }));
    expect(v.pass).toBe(true);
    expect(v.effect!.value).toBeLessThan(-0.5);
    expect(v.effect!.ci![1]).toBeLessThan(0);
    expect(v.details!.method).toBe("t");
    expect(v.message).toMatch(/bootstrap 95% CI/);
    expect(wellFormed(positivelyRelated(P, colour)).pass).toBe(true);
  });
  it("planted fail: the wrong direction and no relation", () => {
    expect(wellFormed(positivelyRelated(P, acc)).pass).toBe(false);
    expect(wellFormed(negativelyRelated(P, colour)).pass).toBe(false);
    expect(negativelyRelated(P, noise).pass).toBe(false);
  });
  it("bootstrap CI is reproducible from its seed", () => {
    const a = negativelyRelated(P, acc, { bootstrapSeed: 4, resamples: 200 });
    const b = negativelyRelated(P, acc, { bootstrapSeed: 4, resamples: 200 });
    expect(a.effect).toEqual(b.effect);
  });
  it("small n uses the exact test: 4 perfectly ordered points give p = 1/24 < 0.05", () => {
    const v = negativelyRelated([0, 5, 10, 20], [0.9, 0.8, 0.7, 0.6]);
    expect(v.pass).toBe(true);
    expect(v.statistic).toBeCloseTo(1 / 24, 12);
    expect(negativelyRelated([0, 5, 10], [0.9, 0.8, 0.7]).pass).toBe(false); // 1/6
  });
  it("constant y (all runs at chance) fails; one run is insufficient", () => {
    const v = wellFormed(negativelyRelated(P, P.map(() => 0.5)));
    expect(v.pass).toBe(false);
    expect(v.message).toMatch(/a variable is constant/);
    expect(negativelyRelated([1], [2])).toMatchObject({ pass: false, insufficient: true });
  });
  it("length mismatch and NaN throw", () => {
    expect(() => positivelyRelated([1, 2], [1])).toThrow(/^positivelyRelated: x and y/);
    expect(() => negativelyRelated([1, NaN], [1, 2])).toThrow(/^negativelyRelated: x: non-finite/);
  });
});

describe("everyEpochAtMost (fig2xt)", () => {
  const epochs = [0, 1, 2, 5, 10];
  it("planted pass: the worst epoch is reported", () => {
    const curves = [
      [0.1, 0.2, 0.25, 0.1, 0.05],
      [0.1, 0.3, 0.2, 0.1, 0.05],
    ];
    const v = wellFormed(everyEpochAtMost(curves, 0.3322, { epochs, label: "CB-10 last-layer colour" }));
    expect(v.pass).toBe(true);
    expect(v.statistic).toBeCloseTo(0.25, 12);
    expect(v.details!.worstEpoch).toBe(1);
    expect(v.message).toMatch(/worst epoch 1: mean = 0\.25/);
  });
  it("planted fail: one epoch above the bound fails and is named", () => {
    const curves = [
      [0.1, 0.2, 0.6, 0.1, 0.05],
      [0.1, 0.3, 0.5, 0.1, 0.05],
    ];
    const v = wellFormed(everyEpochAtMost(curves, 0.3322, { epochs }));
    expect(v.pass).toBe(false);
    expect(v.details!.epochsOver).toEqual([2]);
    expect(v.message).toMatch(/1 of 5 probe epochs above the threshold \(epochs 2\)/);
  });
  it("the rule is on the mean over seeds per epoch, equality passes", () => {
    expect(everyEpochAtMost([[0.5], [0.1]], 0.3).pass).toBe(true);
    expect(everyEpochAtMost([[0.3, 0.3]], 0.3).pass).toBe(true);
  });
  it("bad input throws", () => {
    expect(() => everyEpochAtMost([[0.1, NaN]], 0.3)).toThrow(/^everyEpochAtMost: curve of seed 0: non-finite/);
    expect(() => everyEpochAtMost([[0.1], [0.1, 0.2]], 0.3)).toThrow(/one probe grid/);
  });
});

describe("allOf", () => {
  it("passes only when every verdict passes and lists every message", () => {
    const ok = atMost([0.05], 0.1);
    const bad = atLeast([0.5], 0.9);
    expect(allOf([ok, ok]).pass).toBe(true);
    const r = allOf([ok, bad]);
    expect(r.pass).toBe(false);
    expect(r.message.split("\n")).toHaveLength(2);
    expect(() => allOf([])).toThrow(/no verdicts/);
  });
});

describe("correlationAbove", () => {
  it("passes a positive rank correlation and fails a negative, flat or too short one", async () => {
    const { correlationAbove } = await import("../../src/stats/predicates.js");
    expect(correlationAbove([0, 5, 10, 20], [0.1, 0.2, 0.15, 0.5]).pass).toBe(true);
    expect(correlationAbove([0, 5, 10, 20], [0.5, 0.2, 0.15, 0.1]).pass).toBe(false);
    expect(correlationAbove([0, 5, 10, 20], [0.3, 0.3, 0.3, 0.3]).pass).toBe(false);
    const short = correlationAbove([1], [2]);
    expect(short.pass).toBe(false);
    expect(short.insufficient).toBe(true);
    expect(() => correlationAbove([1, Number.NaN], [1, 2])).toThrow(/correlationAbove/);
    expect(correlationAbove([0, 5, 10, 20], [0.1, 0.2, 0.15, 0.5]).message).toMatch(/rho = 0\.8.*pass needs rho > 0/);
  });
});

describe("above", () => {
  it("is strict: passes above the threshold, fails at and below it", async () => {
    const { above } = await import("../../src/stats/predicates.js");
    expect(above([0.5, 0.7], 0.3).pass).toBe(true);
    expect(above([0.3, 0.3], 0.3).pass).toBe(false);
    expect(above([0.1, 0.2], 0.3).pass).toBe(false);
    expect(above([0.1, 0.2], 0.3).message).toMatch(/pass needs mean > 0\.3/);
  });
});

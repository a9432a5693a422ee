/**
 * Claim predicates: every predicate has planted data that must be REPRODUCED, planted data that
 * must be CONTRADICTED and planted data that must be INCONCLUSIVE (CLAIMS.md verdicts, amended
 * 2026-12-01), plus the edge cases each one documents.
 */
import { describe, expect, it } from "vitest";
import {
  above,
  allOf,
  atLeast,
  atMost,
  below,
  boundOutcome,
  combineOutcomes,
  correlationAbove,
  decreasesWithDepth,
  dropLessThan,
  everyEpochAtMost,
  greaterThanWelch,
  intersect,
  lessThan,
  negativelyRelated,
  pairedGreater,
  positivelyRelated,
  risesThenFalls,
  seedsByScaling,
  seedsForMeanBound,
  type Outcome,
  type Verdict,
} from "../../src/stats/predicates.js";

/** Every verdict survives JSON (it goes into task.meta), names its outcome first, and pass == reproduced. */
function wellFormed(v: Verdict): Verdict {
  expect(v.message.startsWith(v.outcome.toUpperCase())).toBe(true);
  expect(v.pass).toBe(v.outcome === "reproduced");
  expect(JSON.parse(JSON.stringify(v)).outcome).toBe(v.outcome);
  if (v.outcome === "inconclusive") expect(v.undecided).toBeTruthy();
  return v;
}

function outcomes(...vs: Verdict[]): Outcome[] {
  return vs.map((v) => wellFormed(v).outcome);
}

describe("bounds on a mean: atMost, atLeast, above, below", () => {
  it("atMost (fig2a: colour <= 0.1 bit): whole CI below, whole CI above, straddling", () => {
    const low = [0.02, 0.05, 0.0, 0.08, 0.03, 0.01, 0.04, 0.06];
    const high = low.map((c) => c + 0.3);
    const straddle = [0.0, 0.0, 0.48, 0.04, 0.12]; // fig2a's shape: one seed keeps colour
    expect(outcomes(atMost(low, 0.1), atMost(high, 0.1), atMost(straddle, 0.1))).toEqual(["reproduced", "contradicted", "inconclusive"]);
    const v = atMost(low, 0.1, { label: "final layer-5 colour info (bits)" });
    expect(v).toMatchObject({ n: 8, threshold: 0.1, comparison: "<=" });
    expect(v.statistic).toBeCloseTo(0.03625, 12);
    expect(v.message).toMatch(/final layer-5 colour info \(bits\): mean = 0\.03625 \(95% CI \[.*\], n=8 seeds\)/);
  });

  it("atLeast, above and below: the three outcomes each", () => {
    expect(outcomes(atLeast([0.95, 0.99, 0.97], 0.9), atLeast([0.5, 0.55, 0.52], 0.9), atLeast([0.95, 0.7, 0.99], 0.9))).toEqual(["reproduced", "contradicted", "inconclusive"]);
    expect(outcomes(above([0.5, 0.6, 0.55], 0.332), above([0.1, 0.12, 0.11], 0.332), above([0.1, 0.6, 0.35], 0.332))).toEqual(["reproduced", "contradicted", "inconclusive"]);
    expect(outcomes(below([0.01, 0.02, 0.03], 0.15), below([0.4, 0.5, 0.45], 0.15), below([0.01, 0.3, 0.1], 0.15))).toEqual(["reproduced", "contradicted", "inconclusive"]);
  });

  it("the CI is intersected with the feasible range; the raw interval is kept", () => {
    // Clipped colour bits in [0, log2 10]: [0, 0, 0.9] has a t interval reaching below 0.
    const v = atMost([0, 0, 0.9], 0.332, { range: [0, Math.log2(10)] });
    expect(v.rawCi![0]).toBeLessThan(0);
    expect(v.ci![0]).toBe(0);
    expect(v.ci![1]).toBeCloseTo(v.rawCi![1], 12);
    // Accuracies in [0, 1]: [0.425, 1.121]-like intervals are cut at 1 and can decide a bound.
    const acc = atLeast([1, 1, 0.5], 0.4, { range: [0, 1] });
    expect(acc.ci![1]).toBe(1);
    expect(acc.message).toMatch(/clipped to the feasible range/);
  });

  it("equality on the claimed side counts (<=, >=); a constant sample is decisive", () => {
    expect(atMost([0.1, 0.1], 0.1).outcome).toBe("reproduced");
    expect(atLeast([0.9, 0.9], 0.9).outcome).toBe("reproduced");
    expect(above([0.332, 0.332], 0.332).outcome).toBe("contradicted");
  });

  it("one seed: no interval, inconclusive, said so", () => {
    const v = wellFormed(atMost([0.05], 0.1));
    expect(v.outcome).toBe("inconclusive");
    expect(v.ci).toBeUndefined();
    expect(v.message).toMatch(/n=1 seed, CI undefined/);
    expect(v.seedsNeeded).toBeNull();
  });

  it("an inconclusive bound names the undecided part and about how many seeds would decide it", () => {
    const v = atMost([0.0, 0.0, 0.48, 0.04, 0.12], 0.1);
    expect(v.undecided).toMatch(/mean 0\.128: the CI \[.*\] straddles 0\.1/);
    // Mean 0.128 against 0.1 with sd ~0.2: the 1/sqrt(n) interval needs ~200 seeds to clear 0.028.
    expect(v.seedsNeeded).toBeGreaterThan(100);
    expect(v.seedsNeeded).toBeLessThan(400);
    // A mean far from the bound needs few more seeds.
    expect(atMost([0.0, 0.01, 0.3], 0.5).seedsNeeded ?? 0).toBeLessThanOrEqual(5);
  });

  it("NaN, Infinity, empty input and a bad range throw, naming the predicate", () => {
    expect(() => atMost([0.1, NaN], 0.1)).toThrow(/^atMost: values: non-finite value NaN at index 1/);
    expect(() => atLeast([Infinity], 0.1)).toThrow(/^atLeast: values: non-finite/);
    expect(() => atMost([], 0.1)).toThrow(/^atMost: values: empty input/);
    expect(() => atMost([0.1], NaN)).toThrow(/^atMost: threshold must be finite/);
    expect(() => atMost([0.1], 0.1, { range: [1, 0] })).toThrow(/^atMost: range must be/);
  });
});

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

describe("decreasesWithDepth (an ordering: rho of the layer means, bootstrap CI over seeds)", () => {
  const fall = [
    [3.2, 2.9, 1.1, 0.3],
    [3.1, 2.5, 0.9, 0.2],
    [3.3, 2.7, 0.6, 0.1],
  ];
  const rise = [
    [0.1, 0.5, 1, 2],
    [0.2, 0.6, 1.1, 2.2],
    [0.1, 0.4, 0.9, 1.9],
  ];
  // Means fall only weakly (rho -0.63), and seeds disagree, so the bootstrap CI reaches -0.8.
  const mixed = [
    [1, 2, 0.5, 1.5],
    [2, 1, 1.5, 0.5],
    [1.5, 2, 1, 0.8],
    [0.5, 1.5, 2, 1],
  ];
  it("reproduced, contradicted, inconclusive", () => {
    expect(outcomes(decreasesWithDepth(fall), decreasesWithDepth(rise), decreasesWithDepth(mixed))).toEqual(["reproduced", "contradicted", "inconclusive"]);
    const v = decreasesWithDepth(fall, -0.8, { label: "CB-10 final colour info" });
    expect(v).toMatchObject({ statistic: -1, n: 3 });
    expect(v.p).toBeCloseTo(1 / 24, 12);
  });
  it("ties use average ranks; a flat profile has rho 0 and is contradicted when every seed is flat", () => {
    const tied = decreasesWithDepth([[3, 2, 2, 1]]);
    expect(tied.statistic).toBeCloseTo(-0.9486832980505138, 12); // scipy spearmanr
    expect(tied.outcome).toBe("reproduced");
    const flat = wellFormed(decreasesWithDepth([[0.5, 0.5, 0.5, 0.5], [0.5, 0.5, 0.5, 0.5]]));
    expect(flat).toMatchObject({ outcome: "contradicted", statistic: 0 });
    expect(flat.message).toMatch(/constant profile/);
  });
  it("rho exactly at the threshold is reproduced; one failing seed alone is inconclusive", () => {
    expect(decreasesWithDepth([[5, 3, 4, 2, 1]], -0.9).outcome).toBe("reproduced");
    expect(decreasesWithDepth([[0.1, 0.5, 1, 2]]).outcome).toBe("inconclusive");
  });
  it("bad shapes and NaN throw", () => {
    expect(() => decreasesWithDepth([[1]])).toThrow(/at least 2 layers/);
    expect(() => decreasesWithDepth([[1, NaN]])).toThrow(/^decreasesWithDepth: layer values of seed 0: non-finite/);
    expect(() => decreasesWithDepth([[1, 2], [1, 2, 3]])).toThrow(/seed 1 has 3 layers, seed 0 has 2/);
    expect(() => decreasesWithDepth([])).toThrow(/no seeds/);
  });
});

describe("lessThan (a bound < 0 on the mean difference)", () => {
  const l1 = [0.9, 0.8, 0.95, 0.85];
  const l5 = [0.05, 0.0, 0.1, 0.02];
  it("reproduced, contradicted, inconclusive (paired and Welch)", () => {
    expect(outcomes(lessThan(l5, l1, { paired: true }), lessThan(l1, l5, { paired: true }), lessThan([0.1, 0.9, 0.2, 0.8], [0.5, 0.5, 0.6, 0.4], { paired: true }))).toEqual([
      "reproduced",
      "contradicted",
      "inconclusive",
    ]);
    expect(outcomes(lessThan(l5, l1), lessThan(l1, l5), lessThan([0.1, 0.9], [0.5, 0.6]))).toEqual(["reproduced", "contradicted", "inconclusive"]);
    const v = lessThan(l5, l1, { paired: true });
    expect(v.statistic).toBeCloseTo(0.0425 - 0.875, 12);
  });
  it("the interval is intersected with the feasible range of a difference", () => {
    const v = lessThan([0, 0, 0], [1, 0.2, 1], { paired: true, range: [0, 1] });
    expect(v.ci![0]).toBeGreaterThanOrEqual(-1);
    expect(v.rawCi![0]).toBeLessThan(-1);
  });
  it("one seed: no interval, inconclusive; paired arms of different length and NaN throw", () => {
    const v = wellFormed(lessThan([0.1], [0.5]));
    expect(v.outcome).toBe("inconclusive");
    expect(v.message).toMatch(/CI undefined/);
    expect(() => lessThan([1, 2], [1], { paired: true })).toThrow(/^lessThan: paired arms/);
    expect(() => lessThan([1], [NaN])).toThrow(/^lessThan: b: non-finite/);
  });
});

describe("risesThenFalls", () => {
  const epochs = [0, 1, 2, 5, 10, 20, 40, 80];
  const rise = (peak: number, final: number, at = 3): number[] => epochs.map((_, j) => (j <= at ? 1 + (peak - 1) * (j / at) : peak - ((peak - final) * (j - at)) / (epochs.length - 1 - at)));
  const mono = (top: number) => epochs.map((_, j) => 0.5 + (top - 0.5) * (j / (epochs.length - 1)));
  it("reproduced: every seed rises then falls by >= 0.3 bit with an interior peak", () => {
    const curves = [rise(2.0, 1.1), rise(1.9, 1.2, 4), rise(2.1, 1.0, 2)];
    const v = wellFormed(risesThenFalls(curves, { minDrop: 0.3, epochs, label: "fine info" }));
    expect(v.outcome).toBe("reproduced");
    expect(v.statistic).toBeCloseTo(0.7, 12);
    expect(v.effect!.value).toBeCloseTo((0.9 + 0.7 + 1.1) / 3, 12);
    expect(v.message).toMatch(/seed 1: drop 0\.7, peak at epoch 10/);
  });
  it("contradicted: monotone rises (drop 0 everywhere, its CI the point 0)", () => {
    expect(wellFormed(risesThenFalls([mono(2), mono(2.1), mono(1.9)], { minDrop: 0.3, epochs })).outcome).toBe("contradicted");
  });
  it("inconclusive: two seeds forget, one does not", () => {
    const v = wellFormed(risesThenFalls([rise(2.0, 1.1), rise(1.9, 1.2, 4), mono(2)], { minDrop: 0.3, epochs }));
    expect(v.outcome).toBe("inconclusive");
    expect(v.undecided).toMatch(/1 of 3 seeds fail/);
  });
  it("needs >= 3 probes and one grid", () => {
    expect(() => risesThenFalls([[1, 2]], { minDrop: 0.3 })).toThrow(/at least 3 probes/);
    expect(() => risesThenFalls([[1, 2, 1], [1, 2]], { minDrop: 0.3 })).toThrow(/one probe grid/);
  });
});

describe("dropLessThan", () => {
  const flat = [
    [1, 1.5, 1.8, 1.9],
    [1, 1.4, 1.7, 1.75],
    [1, 1.6, 1.8, 1.82],
  ];
  const forget = [
    [1, 2, 1.5, 1.2],
    [1, 2.1, 1.4, 1.3],
    [1, 1.9, 1.6, 1.2],
  ];
  const mixed = [
    [1, 1.5, 1.8, 1.9],
    [1, 2, 1.5, 1.2],
    [1, 1.6, 1.8, 1.82],
  ];
  it("mean drop: reproduced, contradicted, inconclusive", () => {
    expect(outcomes(dropLessThan(flat, 0.15), dropLessThan(forget, 0.15), dropLessThan(mixed, 0.15))).toEqual(["reproduced", "contradicted", "inconclusive"]);
  });
  it("every seed: reproduced, contradicted, inconclusive", () => {
    expect(outcomes(dropLessThan(flat, 0.15, { everySeed: true }), dropLessThan(forget, 0.15, { everySeed: true }), dropLessThan(mixed, 0.15, { everySeed: true }))).toEqual([
      "reproduced",
      "contradicted",
      "inconclusive",
    ]);
  });
});

describe("greaterThanWelch (a test: p < alpha; contradicted when the CI excludes > 0)", () => {
  it("reproduced, contradicted, inconclusive", () => {
    const p20 = [0.6, 0.55, 0.7, 0.5, 0.65];
    const p0 = [0.1, 0.2, 0.15, 0.12, 0.18];
    expect(outcomes(greaterThanWelch(p20, p0), greaterThanWelch(p0, p20), greaterThanWelch([0.48, 0.1, 0.3, 0.2], [0.3, 0.1, 0.0, 0.12, 0.1]))).toEqual([
      "reproduced",
      "contradicted",
      "inconclusive",
    ]);
  });
  it("equal constant arms are contradicted (no effect at all); one value per arm is inconclusive", () => {
    expect(greaterThanWelch([0, 0], [0, 0]).outcome).toBe("contradicted");
    const v = wellFormed(greaterThanWelch([1], [0, 0]));
    expect(v).toMatchObject({ outcome: "inconclusive", insufficient: true });
    expect(v.statistic).toBeNaN();
  });
  it("bad alpha throws", () => expect(() => greaterThanWelch([1, 2], [1, 2], { alpha: 1 })).toThrow(/alpha must lie in \(0, 1\)/));
});

describe("pairedGreater (a bound > margin on the mean paired difference)", () => {
  it("reproduced, contradicted, inconclusive; alpha adds a p requirement", () => {
    const a = [0.86, 0.85, 0.87, 0.86, 0.855];
    const b = [0.83, 0.835, 0.84, 0.83, 0.835];
    expect(outcomes(pairedGreater(a, b), pairedGreater([0.8, 0.81, 0.8], [0.84, 0.85, 0.83]), pairedGreater([0.86, 0.8, 0.87], [0.83, 0.84, 0.83]))).toEqual([
      "reproduced",
      "contradicted",
      "inconclusive",
    ]);
    expect(pairedGreater(a, b, { alpha: 1e-6 }).outcome).toBe("inconclusive");
  });
});

describe("negativelyRelated / positivelyRelated (tests on Spearman rho, bootstrap CI of rho)", () => {
  const p = [0, 0, 0, 5, 5, 5, 10, 10, 10, 20, 20, 20, 40, 40, 40];
  const falling = p.map((x, i) => 1 - x * 0.005 - (i % 3) * 0.001);
  const rising = p.map((x, i) => 0.8 + x * 0.004 + (i % 3) * 0.001);
  const noise = [0.99, 0.95, 0.97, 0.93, 0.99, 0.96, 0.98, 0.92, 0.97, 0.99, 0.9, 0.97, 0.94, 0.96, 0.99];
  it("reproduced, contradicted, inconclusive", () => {
    expect(outcomes(negativelyRelated(p, falling), negativelyRelated(p, rising), negativelyRelated(p, noise))).toEqual(["reproduced", "contradicted", "inconclusive"]);
    expect(outcomes(positivelyRelated(p, rising), positivelyRelated(p, falling), positivelyRelated(p, noise))).toEqual(["reproduced", "contradicted", "inconclusive"]);
  });
  it("the bootstrap is seeded (same interval twice); fewer than 3 pairs is inconclusive", () => {
    expect(negativelyRelated(p, noise).effect).toEqual(negativelyRelated(p, noise).effect);
    expect(negativelyRelated([1, 2], [2, 1])).toMatchObject({ outcome: "inconclusive", insufficient: true });
  });
});

describe("correlationAbove (an ordering: rho > 0, bootstrap CI)", () => {
  const x = [0, 0, 5, 5, 10, 10, 20, 20, 40, 40];
  it("reproduced, contradicted, inconclusive", () => {
    const up = x.map((v, i) => v * 0.01 + (i % 2) * 0.001);
    const down = x.map((v, i) => 1 - v * 0.01 - (i % 2) * 0.001);
    const flatish = [0.3, 0.1, 0.2, 0.4, 0.1, 0.3, 0.4, 0.05, 0.2, 0.1];
    expect(outcomes(correlationAbove(x, up), correlationAbove(x, down), correlationAbove(x, flatish))).toEqual(["reproduced", "contradicted", "inconclusive"]);
  });
});

describe("everyEpochAtMost (fig2xt: a bound at every probe epoch)", () => {
  const epochs = [0, 1, 3, 10, 20];
  it("reproduced, contradicted, inconclusive", () => {
    const low = [
      [0.1, 0.2, 0.05, 0.02, 0.01],
      [0.12, 0.15, 0.06, 0.03, 0.0],
      [0.08, 0.18, 0.04, 0.01, 0.02],
    ];
    const bump = low.map((c) => c.map((v, j) => (j === 1 ? v + 0.5 : v)));
    const wobbly = [
      [0.1, 0.2, 0.05, 0.02, 0.01],
      [0.12, 0.6, 0.06, 0.03, 0.0],
      [0.08, 0.05, 0.04, 0.01, 0.02],
    ];
    expect(outcomes(everyEpochAtMost(low, 0.332, { epochs }), everyEpochAtMost(bump, 0.332, { epochs }), everyEpochAtMost(wobbly, 0.332, { epochs }))).toEqual([
      "reproduced",
      "contradicted",
      "inconclusive",
    ]);
    const w = everyEpochAtMost(wobbly, 0.332, { epochs, range: [0, 3.32] });
    expect(w.undecided).toMatch(/at epoch 1/);
    expect(w.details!.worstEpoch).toBe(1);
  });
});

describe("combining the parts of a claim", () => {
  it("contradicted beats everything; reproduced needs every part", () => {
    expect(combineOutcomes(["reproduced", "reproduced"])).toBe("reproduced");
    expect(combineOutcomes(["reproduced", "inconclusive"])).toBe("inconclusive");
    expect(combineOutcomes(["inconclusive", "contradicted", "reproduced"])).toBe("contradicted");
    expect(() => combineOutcomes([])).toThrow(/no outcomes/);
    const all = allOf([atMost([0.01, 0.02], 0.1), atLeast([0.5, 0.52, 0.51], 0.9)]);
    expect(all).toMatchObject({ outcome: "contradicted", pass: false });
    expect(all.message.split("\n")).toHaveLength(2);
  });
});

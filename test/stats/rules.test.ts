/**
 * Claim rules (src/stats/rules.ts): every rule has planted data that must be REPRODUCED, planted
 * data that must be CONTRADICTED and planted data that must be INCONCLUSIVE (PROTOCOL.md verdicts,
 * amended 2026-12-01), plus the edge cases each one documents. The engine they share is tested in
 * verdict.test.ts.
 */
import { describe, expect, it } from "vitest";
import {
  above,
  atLeast,
  atMost,
  below,
  correlationAbove,
  decreasesWithDepth,
  dropLessThan,
  everyEpochAtMost,
  greaterThanWelch,
  lessThan,
  negativelyRelated,
  greaterThanPaired,
  positivelyRelated,
  risesThenFalls,
} from "../../src/stats/rules.js";
import type { Outcome, Verdict } from "../../src/stats/verdict.js";
import { pairedArmsAtP, welchArmsAtP } from "./planted-p.js";

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

describe("risesThenFalls (a bound on the mean per-seed drop; every seed and an interior peak where asked)", () => {
  const epochs = [0, 1, 2, 5, 10, 20, 40, 80];
  const rise = (peak: number, final: number, at = 3): number[] => epochs.map((_, j) => (j <= at ? 1 + (peak - 1) * (j / at) : peak - ((peak - final) * (j - at)) / (epochs.length - 1 - at)));
  const mono = (top: number) => epochs.map((_, j) => 0.5 + (top - 0.5) * (j / (epochs.length - 1)));
  /** A curve that rises to 1.5 at epoch 2 and ends `drop` lower. */
  const dropBy = (drop: number) => [0.5, 1, 1.5, 1.5 - drop / 2, 1.5 - drop];
  const asFig3 = { minDrop: 0.3, everySeed: true, interior: true };

  it("reproduced: the mean drop's whole CI >= 0.3 and, as fig3 asks, every seed forgets with an interior peak", () => {
    const curves = [rise(2.0, 1.1), rise(1.9, 1.2, 4), rise(2.1, 1.0, 2)];
    for (const opts of [{ minDrop: 0.3 }, asFig3]) {
      const v = wellFormed(risesThenFalls(curves, { ...opts, epochs, label: "fine info", seedIds: [1, 2, 3] }));
      expect(v.outcome).toBe("reproduced");
      expect(v.statistic).toBeCloseTo((0.9 + 0.7 + 1.1) / 3, 12);
      expect(v.statisticName).toBe("mean per-seed peak - final");
      expect(v.ci![0]).toBeGreaterThan(0.3);
      expect(v.message).toMatch(/seed 2: drop 0\.7, peak at epoch 10/);
    }
  });

  it("contradicted: monotone rises (drop 0 everywhere, the CI the point 0 < 0.3)", () => {
    expect(wellFormed(risesThenFalls([mono(2), mono(2.1), mono(1.9)], { minDrop: 0.3, epochs })).outcome).toBe("contradicted");
    expect(wellFormed(risesThenFalls([mono(2), mono(2.1), mono(1.9)], { ...asFig3, epochs })).outcome).toBe("contradicted");
  });

  it("inconclusive, not reproduced: every seed drops >= 0.31 (the old per-seed rule's pass) but the mean's CI straddles 0.3", () => {
    const curves = [dropBy(0.31), dropBy(0.32), dropBy(0.6)];
    for (const opts of [{ minDrop: 0.3 }, asFig3]) {
      const v = wellFormed(risesThenFalls(curves, opts));
      expect(v.details!.smallestDrop as number).toBeGreaterThanOrEqual(0.31 - 1e-12);
      expect(v.outcome).toBe("inconclusive");
      expect(v.ci![0]).toBeLessThan(0.3);
      expect(v.ci![1]).toBeGreaterThan(0.3);
      expect(v.undecided).toMatch(/straddles 0\.3/);
      expect(v.seedsNeeded).toBeGreaterThan(3);
    }
  });

  it("one seed below 0.3 while the mean's whole CI is above (8 seeds): reproduced as a mean bound (fig4lr, fig5a), inconclusive as fig3 (every seed)", () => {
    const curves = [dropBy(0.25), ...[0.62, 0.6, 0.58, 0.61, 0.59, 0.6, 0.63].map(dropBy)];
    const mean = wellFormed(risesThenFalls(curves, { minDrop: 0.3, seedIds: [1, 2, 3, 4, 5, 6, 7, 8] }));
    expect(mean.outcome).toBe("reproduced");
    expect(mean.ci![0]).toBeGreaterThan(0.3);
    const fig3 = wellFormed(risesThenFalls(curves, { ...asFig3, seedIds: [1, 2, 3, 4, 5, 6, 7, 8] }));
    expect(fig3.outcome).toBe("inconclusive");
    expect(fig3.undecided).toBe("1 of 8 seeds drop less than 0.3 (seed 1: 0.25)");
    expect(fig3.seedsNeeded).toBeNull();
  });

  it("a peak at the first probe: reproduced as a mean bound, inconclusive where the peak must lie strictly inside the run", () => {
    const fallsFromStart = [2, 1.8, 1.5, 1.4, 1.3];
    const curves = [fallsFromStart, dropBy(0.7), dropBy(0.75)];
    expect(wellFormed(risesThenFalls(curves, { minDrop: 0.3 })).outcome).toBe("reproduced");
    const v = wellFormed(risesThenFalls(curves, { ...asFig3, epochs: [0, 1, 2, 3, 5], seedIds: [7, 8, 9] }));
    expect(v.outcome).toBe("inconclusive");
    expect(v.undecided).toBe("the peak is not strictly inside the run in 1 of 3 seeds (seed 7: epoch 0)");
  });

  it("the CI is intersected with the feasible range; bad input throws with the predicate's name", () => {
    const v = risesThenFalls([dropBy(0.31), dropBy(0.32), dropBy(0.6)], { minDrop: 0.3, range: [0, 0.5] });
    expect(v.ci![1]).toBe(0.5);
    expect(v.rawCi![1]).toBeGreaterThan(0.5);
    expect(() => risesThenFalls([[1, 2]], { minDrop: 0.3 })).toThrow(/at least 3 probes/);
    expect(() => risesThenFalls([[1, 2, 1], [1, 2]], { minDrop: 0.3 })).toThrow(/one probe grid/);
    expect(() => risesThenFalls([[1, 2, 1]], { minDrop: 0.3, seedIds: [1, 2] })).toThrow(/^risesThenFalls: seedIds has 2 entries, curves are 1/);
    expect(() => risesThenFalls([[1, NaN, 1]], { minDrop: 0.3 })).toThrow(/^risesThenFalls: curve of seed 0: non-finite/);
  });
});

describe("dropLessThan (a bound < maxDrop on the mean per-seed drop)", () => {
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
  const dropBy = (drop: number) => [0.5, 1.5, 1.5 - drop];
  it("reproduced, contradicted, inconclusive", () => {
    expect(outcomes(dropLessThan(flat, 0.15), dropLessThan(forget, 0.15), dropLessThan(mixed, 0.15))).toEqual(["reproduced", "contradicted", "inconclusive"]);
  });
  it("judged on the mean's CI, not the largest seed: every seed below 0.15 but a straddling CI is inconclusive; one seed at 0.16 among 8 is reproduced", () => {
    const allBelow = wellFormed(dropLessThan([0.1, 0.14, 0.145].map(dropBy), 0.15));
    expect(allBelow.outcome).toBe("inconclusive");
    expect(allBelow.ci![1]).toBeGreaterThan(0.15);
    const oneAbove = wellFormed(dropLessThan([0.16, 0.02, 0.02, 0.03, 0.01, 0.02, 0.02, 0.03].map(dropBy), 0.15, { seedIds: [1, 2, 3, 4, 5, 6, 7, 8] }));
    expect(oneAbove.outcome).toBe("reproduced");
    expect(oneAbove.ci![1]).toBeLessThan(0.15);
    expect(oneAbove.message).toMatch(/^REPRODUCED dropLessThan/);
    expect((oneAbove.details!.perSeed as { seed: number }[]).map((x) => x.seed)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
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
  it("planted p = 0.03 is reproduced and p = 0.07 inconclusive at alpha 0.05 (the old two-sided-CI rule left p = 0.03 undecided)", () => {
    const at03 = welchArmsAtP(0.03, 0.9, 0.01);
    const at07 = welchArmsAtP(0.07, 0.9, 0.01);
    const r03 = wellFormed(greaterThanWelch(at03.a, at03.b, { range: [0, 1] }));
    const r07 = wellFormed(greaterThanWelch(at07.a, at07.b, { range: [0, 1] }));
    expect(r03.p).toBeCloseTo(0.03, 9);
    expect(r07.p).toBeCloseTo(0.07, 9);
    expect([r03.outcome, r07.outcome]).toEqual(["reproduced", "inconclusive"]);
    expect(r03.effect!.ci![0]).toBeLessThan(0);
    expect(lessThan(at03.b, at03.a, { range: [0, 1] }).outcome).toBe("inconclusive");
  });
});

describe("greaterThanPaired (a test: one-sided paired t p < alpha; contradicted when the paired CI excludes > 0)", () => {
  it("reproduced, contradicted, inconclusive", () => {
    const a = [0.86, 0.85, 0.87, 0.86, 0.855];
    const b = [0.83, 0.835, 0.84, 0.83, 0.835];
    expect(outcomes(greaterThanPaired(a, b), greaterThanPaired([0.8, 0.81, 0.8], [0.84, 0.85, 0.83]), greaterThanPaired([0.86, 0.8, 0.87], [0.83, 0.84, 0.83]))).toEqual([
      "reproduced",
      "contradicted",
      "inconclusive",
    ]);
    const v = greaterThanPaired(a, b, { label: "acc" });
    expect(v).toMatchObject({ statisticName: "one-sided paired t p", comparison: "<", threshold: 0.05, n: 5 });
    expect(v.effect!.value).toBeCloseTo(0.025, 12);
    expect(greaterThanPaired(a, b, { alpha: 1e-6 }).outcome).toBe("inconclusive");
  });

  it("planted p = 0.03 is reproduced and p = 0.07 inconclusive at alpha 0.05 (the old two-sided-CI rule, about p < 0.025, left p = 0.03 undecided)", () => {
    const base = [0.83, 0.78, 0.88];
    const at03 = pairedArmsAtP(0.03, base, 0.01);
    const at07 = pairedArmsAtP(0.07, base, 0.01);
    const r03 = wellFormed(greaterThanPaired(at03.a, at03.b, { range: [0, 1] }));
    const r07 = wellFormed(greaterThanPaired(at07.a, at07.b, { range: [0, 1] }));
    expect(r03.p).toBeCloseTo(0.03, 9);
    expect(r07.p).toBeCloseTo(0.07, 9);
    expect([r03.outcome, r07.outcome]).toEqual(["reproduced", "inconclusive"]);
    // The two-sided 95% CI of the p = 0.03 difference still reaches below 0: a CI rule would not decide it.
    expect(r03.effect!.ci![0]).toBeLessThan(0);
    expect(r07.undecided).toMatch(/p = 0\.07 >= 0\.05/);
    // Pairing matters: the same values unpaired (Welch) are far from significant.
    expect(greaterThanWelch(at03.a, at03.b).p!).toBeGreaterThan(0.2);
  });

  it("equal arms are contradicted; one pair is inconclusive (insufficient); bad input throws", () => {
    expect(greaterThanPaired([0.8, 0.9], [0.8, 0.9]).outcome).toBe("contradicted");
    expect(wellFormed(greaterThanPaired([0.9], [0.8]))).toMatchObject({ outcome: "inconclusive", insufficient: true });
    expect(() => greaterThanPaired([1, 2], [1])).toThrow(/^greaterThanPaired: arms must have equal length \(paired by seed\), got 2 and 1/);
    expect(() => greaterThanPaired([1, 2], [1, 2], { alpha: 0 })).toThrow(/alpha must lie in \(0, 1\), got 0/);
    expect(() => greaterThanPaired([1, Infinity], [1, 2])).toThrow(/^greaterThanPaired: a: non-finite/);
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

  it("an epoch whose CI straddles the bound decides, even when another epoch has the largest mean (the straddle is not at the worst epoch)", () => {
    // Epoch 10 has the largest mean (0.30), with a tight CI wholly below 0.332; epoch 1 has a
    // lower mean (0.2) but one seed at 0.6, so its CI reaches above 0.332. The worst-mean epoch
    // alone would say reproduced; every epoch's bound together is inconclusive, undecided at epoch 1.
    const curves = [
      [0.1, 0.0, 0.05, 0.3, 0.01],
      [0.12, 0.6, 0.06, 0.31, 0.0],
      [0.08, 0.0, 0.04, 0.29, 0.02],
    ];
    const v = wellFormed(everyEpochAtMost(curves, 0.332, { epochs, range: [0, 3.32] }));
    expect(v.details!.worstEpoch).toBe(10);
    expect((v.details!.perEpochOutcome as Outcome[])[3]).toBe("reproduced");
    expect((v.details!.perEpochOutcome as Outcome[])[1]).toBe("inconclusive");
    expect(v.outcome).toBe("inconclusive");
    expect(v.undecided).toMatch(/at epoch 1$/);
    // And an epoch whose whole CI is above the bound contradicts the claim wherever the worst mean is.
    const above = curves.map((c, s) => c.map((x, j) => (j === 2 ? 0.4 + 0.01 * s : x)));
    const a = wellFormed(everyEpochAtMost(above, 0.332, { epochs }));
    expect(a.outcome).toBe("contradicted");
    expect(a.message).toMatch(/whole CI above it at epochs 3/);
  });
});

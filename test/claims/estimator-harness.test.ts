/**
 * The estimator property harness (src/claims/estimator: harness.ts, declared-failures.ts,
 * null-draws.ts): a property passes only when every requested fast-check run finished ("ran k of
 * n" otherwise), the families are the registered ones at every scale, and declared known failures
 * are judged as data: a covered case within its limit is known, beyond it breaks, and a
 * declaration whose witnesses all hold turns red.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cbDecoder, cifarDecoder, linearDecoder } from "../../src/info/core/families.js";
import { declaredFailureCheck, judgeCase, type DeclaredFailure } from "../../src/claims/estimator/declared-failures.js";
import { checkProperty, families, SETTINGS } from "../../src/claims/estimator/harness.js";
import { labelsOnlyBits, mlOverfitBits, nullLimit, nullKnownFailures, type NullCase } from "../../src/claims/estimator/null-draws.js";
import { knownFailuresOf } from "../../src/claims/known-failures.js";
import type { LabelledData } from "../../src/interfaces.js";

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe("checkProperty", () => {
  it("passes when every requested run finished", async () => {
    const out = await checkProperty(fc.integer(), async () => {}, { seed: 1, numRuns: 5, timeLimitMs: 60_000 });
    expect(out).toEqual({ pass: true, runs: 5, requested: 5, report: null });
  });

  it('fails with "ran k of n" when the time limit interrupts it after some runs (it used to pass on one finished run)', async () => {
    const out = await checkProperty(fc.integer(), () => sleep(40), { seed: 1, numRuns: 8, timeLimitMs: 100 });
    expect(out.pass).toBe(false);
    expect(out.runs).toBeGreaterThanOrEqual(1);
    expect(out.runs).toBeLessThan(8);
    expect(out.report).toMatch(new RegExp(`^ran ${out.runs} of 8 fast-check runs: interrupted after the time limit of 100 ms`));
  });

  it("fails with fast-check's report (seed, counterexample) when a run throws, and counts the runs before it", async () => {
    let calls = 0;
    const out = await checkProperty(
      fc.integer({ min: 0, max: 10 }),
      async () => {
        if (++calls === 3) throw new Error("planted failure");
      },
      { seed: 7, numRuns: 6, timeLimitMs: 60_000 },
    );
    expect(out.pass).toBe(false);
    expect(out.runs).toBe(2);
    expect(out.report).toMatch(/seed: 7/);
    expect(out.report).toMatch(/planted failure/);
  });
});

describe("families: the registered decoders at every scale", () => {
  it("CB at lr 0.05 and 0.5 for 100 epochs, CIFAR 50, linear 50; the scale settings hold only case counts", () => {
    expect(families().map((f) => [f.name, f.cfg])).toEqual([
      ["cb-lr0.05", cbDecoder(0.05)],
      ["cb-lr0.5", cbDecoder(0.5)],
      ["cifar", cifarDecoder()],
      ["linear", linearDecoder()],
    ]);
    expect(families().map((f) => f.cfg.epochs)).toEqual([100, 100, 50, 50]);
    // No decoder setting per scale: a weakened decoder cannot come back through SETTINGS.
    for (const s of Object.values(SETTINGS)) expect(Object.keys(s).sort()).toEqual(["runs", "timeLimitMs"]);
    // ci runs fewer (or as many) cases as paper, never more.
    for (const k of Object.keys(SETTINGS.ci.runs) as (keyof typeof SETTINGS.ci.runs)[]) expect(SETTINGS.ci.runs[k]).toBeLessThanOrEqual(SETTINGS.paper.runs[k]);
  });
});

describe("declared known failures", () => {
  const entry: DeclaredFailure<{ x: number }> = {
    id: "planted",
    family: "f",
    region: "x >= 1",
    covers: (c) => c.x >= 1,
    limit: (c) => 0.02 + 0.01 * c.x,
    reason: "planted mechanism",
    witnesses: [{ x: 2 }, { x: 3 }],
  };

  it("judgeCase: holds at or below the threshold; known inside a covering entry within its limit; breaks beyond it, outside any entry, for another family, or on NaN", () => {
    expect(judgeCase({ x: 2 }, "f", 0.02, 0.02, [entry])).toEqual({ verdict: "holds", entry: "planted", limit: 0.04 });
    expect(judgeCase({ x: 2 }, "f", 0.035, 0.02, [entry]).verdict).toBe("known");
    expect(judgeCase({ x: 2 }, "f", 0.045, 0.02, [entry]).verdict).toBe("breaks");
    expect(judgeCase({ x: 0 }, "f", 0.021, 0.02, [entry])).toEqual({ verdict: "breaks", entry: null, limit: null });
    expect(judgeCase({ x: 2 }, "g", 0.021, 0.02, [entry]).verdict).toBe("breaks");
    expect(judgeCase({ x: 2 }, "f", Number.NaN, 0.02, [entry]).verdict).toBe("breaks");
  });

  it("declaredFailureCheck: passes while a witness still breaks the threshold within its limit; red when every witness holds (remove the entry) or one exceeds its limit", () => {
    const label = (c: { x: number }) => `x=${c.x}`;
    expect(declaredFailureCheck(entry, [0.01, 0.03], 0.02, label).pass).toBe(true);
    const fixed = declaredFailureCheck(entry, [0.01, 0.015], 0.02, label);
    expect(fixed.pass).toBe(false);
    expect(fixed.message).toMatch(/NOW HOLDS on every witness .*remove its entry/);
    const grown = declaredFailureCheck(entry, [0.01, 0.06], 0.02, label);
    expect(grown.pass).toBe(false);
    expect(grown.message).toMatch(/beyond the declared size: x=3 0\.0600 > limit 0\.0500/);
    expect(() => declaredFailureCheck(entry, [0.03], 0.02, label)).toThrow(/1 witness statistics for 2 witnesses/);
  });
});

describe("null declarations", () => {
  const rows = (trainCounts: number[], testCounts: number[]): { train: LabelledData; test: LabelledData } => {
    const expand = (counts: number[]) => Int32Array.from(counts.flatMap((n, y) => new Array<number>(n).fill(y)));
    const k = trainCounts.length;
    const tr = expand(trainCounts);
    const te = expand(testCounts);
    return { train: { z: new Float32Array(tr.length), dim: 1, labels: tr, numClasses: k }, test: { z: new Float32Array(te.length), dim: 1, labels: te, numClasses: k } };
  };

  it("labelsOnlyBits: 0 when train and test frequencies agree; the closed form H(all) - CE(test | train) otherwise", () => {
    expect(labelsOnlyBits(rows([25, 75], [75, 225]))).toBeCloseTo(0, 12);
    // train 50/50, test 25/75: H(all) = H(0.3125) and CE = 1 bit.
    const p = (50 + 75) / 400;
    const hAll = -(p * Math.log2(p) + (1 - p) * Math.log2(1 - p));
    expect(labelsOnlyBits(rows([50, 50], [75, 225]))).toBeCloseTo(hAll - 1, 12);
    expect(() => labelsOnlyBits(rows([10, 0], [5, 5]))).toThrow(/class 1 is in the test rows but in none of the 10 train rows/);
  });

  it("the limit below 0 is 0.02 + what the labels alone lose + the family's allowance; above 0 only what the labels alone read; every family declared once, with witnesses", () => {
    const c: NullCase = { k: 5, dim: 10, probs: [0.2, 0.2, 0.2, 0.2, 0.2], dataSeed: 1, decoderSeed: 1 };
    // P = 44 parameters at 1250 train rows: 44 / 2500 nats.
    expect(mlOverfitBits(c)).toBeCloseTo(44 / 2500 / Math.LN2, 12);
    expect(nullLimit({ perParam: 1, constant: 0 }, c, -0.01, false)).toBeCloseTo(0.02 + 0.01 + 44 / 2500 / Math.LN2, 12);
    expect(nullLimit({ perParam: 0, constant: 0.03 }, c, 0.004, false)).toBeCloseTo(0.05, 12);
    // Overfitting and decoder noise only cost: above 0 a family gets no allowance of its own.
    expect(nullLimit({ perParam: 1, constant: 0.03 }, c, -0.01, true)).toBeCloseTo(0.02, 12);
    expect(nullLimit({ perParam: 1, constant: 0.03 }, c, 0.004, true)).toBeCloseTo(0.024, 12);
    expect(knownFailuresOf("null-family").map((s) => s.family).sort()).toEqual(families().map((f) => f.name).sort());
    for (const d of nullKnownFailures(knownFailuresOf("null-family"), () => 0)) expect(d.witnesses.every((w) => !w.above)).toBe(true);
  });

  it("planted: +0.03 bit read from independent data (a decoder scored on its training rows) breaks for every family; -0.03 at P = 44 is within the linear declaration, beyond the CB lr 0.05 one", () => {
    const declared = nullKnownFailures(knownFailuresOf("null-family"), () => 0);
    const c: NullCase = { k: 5, dim: 10, probs: [0.2, 0.2, 0.2, 0.2, 0.2], dataSeed: 1, decoderSeed: 1 };
    for (const f of families()) expect(judgeCase({ c, above: true }, f.name, 0.03, 0.02, declared).verdict, f.name).toBe("breaks");
    expect(judgeCase({ c, above: false }, "linear", 0.03, 0.02, declared).verdict).toBe("known");
    expect(judgeCase({ c, above: false }, "cb-lr0.05", 0.03, 0.02, declared).verdict).toBe("breaks");
    for (const d of declared) expect(d.witnesses.length).toBeGreaterThan(0);
  });
});

/**
 * CIFAR claim evaluation (PROTOCOL.md section 2, rules as registered 2026-12-02) on planted seed
 * results. Every rule has planted data that must come out reproduced, contradicted and
 * inconclusive, including curves that the old per-seed rules judged otherwise (every seed drops
 * 0.31 bit but the mean's CI straddles 0.3: inconclusive) and between-arm comparisons planted at
 * one-sided p = 0.03 (reproduced) and p = 0.07 (inconclusive).
 */
import { describe, expect, it } from "vitest";
import type { ClaimRecord } from "../../src/claim-interfaces.js";
import { CIFAR_ARM_ALPHA, evaluateFig3, evaluateFig4bs, evaluateFig4lr, evaluateFig5a, evaluateFig5b, evaluateFig5c, evaluatePipelineCheck, FORGET_MIN_DROP_BITS, NO_FORGET_MAX_DROP_BITS } from "../../src/claims/cifar.js";
import type { CifarSeedResult } from "../../src/experiments/cifar-result.js";
import { reportJson } from "../../src/report/document.js";
import { reportMarkdown } from "../../src/report/markdown.js";
import { schemaErrors } from "../../src/report/schema.js";
import { cifarTrainConfig, type CifarTrainConfig } from "../../src/training/cifar-config.js";
import { report } from "../report/records.js";
import { pairedArmsAtP, welchArmsAtP } from "../stats/planted-p.js";
import { healthyDiagnostics } from "./planted.js";

const ctx = { scale: "paper" as const, backend: "planted" };
const EPOCHS = [0, 1, 2, 3, 5, 10, 15, 20];
const CONFIG = cifarTrainConfig("resnet18", "cifar10", { epochs: 20, probeEpochs: EPOCHS });

/** A planted seed: fine and coarse curves over EPOCHS, final accuracy; `valAccuracy` overrides the per-epoch curve. */
function seed(s: number, fine: number[], coarse: number[], acc = 0.95, arm = "arm", config: CifarTrainConfig = CONFIG, valAccuracy?: number[]): CifarSeedResult {
  const info = EPOCHS.flatMap((epoch, j) => [
    { label: "fine" as const, epoch, bits: fine[j], hYBits: 3.32, testCeNats: 0, testCeSeNats: 0, testCeSeBits: 0, testAccuracy: 0, decoderFailure: fine[j] < -0.05, diagnostics: healthyDiagnostics() },
    { label: "coarse" as const, epoch, bits: coarse[j], hYBits: 1, testCeNats: 0, testCeSeNats: 0, testCeSeBits: 0, testAccuracy: 0, decoderFailure: false, diagnostics: healthyDiagnostics() },
  ]);
  const curve = valAccuracy ?? new Array(config.pretrainFineEpochs + config.epochs + 1).fill(acc);
  return {
    arm, scale: "paper", pipelineCheck: false, config, seed: s, backend: "planted", key: "k", codeVersion: "v",
    probeEpochs: EPOCHS, info, valAccuracy: curve, trainLoss: [null, 2, 1], finalValAccuracy: curve[curve.length - 1], wallSeconds: { train: 1, decode: 1 }, peakRssMiB: 1,
  };
}
const riseFall = [0.5, 1.2, 1.6, 1.8, 1.7, 1.4, 1.2, 1.1];
const rise = [0.5, 1.2, 1.6, 1.8, 1.9, 1.95, 2.0, 2.0];
const coarseUp = [0.1, 0.5, 0.8, 0.9, 0.95, 0.97, 0.98, 0.98];
const three = (fine: number[], coarse = coarseUp, acc = 0.95) => [1, 2, 3].map((s) => seed(s, fine.map((v) => v + s * 0.01), coarse, acc + s * 0.001));

/** Three seeds whose curves differ slightly, so that every statistic has a spread. */
const noisy = (fine: number[], coarse = coarseUp, acc = 0.95, jitter = 0.05) => [1, 2, 3].map((s) => seed(s, fine.map((v, j) => v + (j === fine.length - 1 ? (s - 2) * jitter : s * 0.01)), coarse, acc + s * 0.001));

/** A fine curve that peaks at epoch 3 (strictly inside the run) and ends `drop` below its peak, at `final`. */
function dropCurve(drop: number, final: number): number[] {
  const peak = final + drop;
  return [0.5, 0.5 + 0.6 * (peak - 0.5), final + 0.9 * drop, peak, final + 0.6 * drop, final + 0.3 * drop, final + 0.1 * drop, final];
}

/** One seed per drop (seeds 1, 2, ...), each ending at `final`, with accuracies `accs` (default 0.95). */
function dropArm(drops: readonly number[], final: number, accs?: readonly number[]): CifarSeedResult[] {
  return drops.map((d, i) => seed(i + 1, dropCurve(d, final), coarseUp, accs?.[i] ?? 0.95));
}

/** Every seed drops >= 0.31 bit (the old per-seed rule's pass), but the mean's 95% CI straddles 0.3. */
const STRADDLING_DROPS = [0.31, 0.32, 0.6];
/** Eight seeds, one dropping 0.25 < 0.3, while the mean's whole 95% CI lies above 0.3 (the old per-seed rule: inconclusive). */
const ONE_LOW_OF_EIGHT = [0.25, 0.62, 0.6, 0.58, 0.61, 0.59, 0.6, 0.63];

/** Three seeds with the given final accuracies (curves as `fine`). */
const withAcc = (fine: number[], accs: readonly number[]) => accs.map((a, i) => seed(i + 1, fine, coarseUp, a));

function rule(r: ClaimRecord, id: string) {
  const c = r.checks.find((x) => x.rule === id);
  if (!c) throw new Error(`no rule ${id} in ${r.id} (have ${r.checks.map((x) => x.rule).join(", ")})`);
  return c;
}

describe("registered constants", () => {
  it("are PROTOCOL.md section 2's numbers", () => {
    expect([FORGET_MIN_DROP_BITS, NO_FORGET_MAX_DROP_BITS, CIFAR_ARM_ALPHA]).toEqual([0.3, 0.15, 0.05]);
  });
});

describe("fig3: mean drop >= 0.3 bit on its CI, every seed, peak inside; near minimal; coarse; accuracy", () => {
  it("reproduced on a rise-and-fall to near minimal; its rules in order", () => {
    const r = evaluateFig3(three(riseFall), ctx);
    expect(r.status).toBe("reproduced");
    expect(r.checks.map((c) => c.rule)).toEqual(["lr-0.1-bs-128-rises-then-falls", "lr-0.1-bs-128-near-minimal", "lr-0.1-bs-128-coarse-info", "lr-0.1-bs-128-accuracy"]);
    expect(r.checks[0].statisticName).toBe("mean per-seed peak - final");
    expect(r.checks[0].statistic).toBeCloseTo(0.7, 12);
  });

  it("contradicted on monotone rises, and by a decisively low accuracy", () => {
    const mono = evaluateFig3(three(rise), ctx);
    expect([mono.status, mono.checks[0].outcome]).toEqual(["contradicted", "contradicted"]);
    expect(rule(evaluateFig3(three(riseFall, coarseUp, 0.9), ctx), "lr-0.1-bs-128-accuracy").outcome).toBe("contradicted");
  });

  it("inconclusive when every seed drops >= 0.31 but the mean's CI straddles 0.3 (the old per-seed rule said reproduced)", () => {
    const r = evaluateFig3(dropArm(STRADDLING_DROPS, 1.05), ctx);
    const c = rule(r, "lr-0.1-bs-128-rises-then-falls");
    expect(c.outcome).toBe("inconclusive");
    expect(c.ci![0]).toBeLessThan(0.3);
    expect(c.undecided).toMatch(/straddles 0\.3/);
    expect(r.checks.slice(1).map((x) => x.outcome)).toEqual(["reproduced", "reproduced", "reproduced"]);
    expect(r.status).toBe("inconclusive");
  });

  it("inconclusive when one seed of eight drops 0.25 although the mean's CI is above 0.3 (every seed), or when one seed does not forget", () => {
    const r = evaluateFig3(dropArm(ONE_LOW_OF_EIGHT, 1.05), ctx);
    expect(rule(r, "lr-0.1-bs-128-rises-then-falls")).toMatchObject({ outcome: "inconclusive", undecided: "1 of 8 seeds drop less than 0.3 (seed 1: 0.25)" });
    expect(r.status).toBe("inconclusive");
    const mixed = evaluateFig3([seed(1, riseFall, coarseUp), seed(2, riseFall, coarseUp), seed(3, rise, coarseUp)], ctx);
    expect([mixed.checks[0].outcome, mixed.status]).toEqual(["inconclusive", "inconclusive"]);
  });

  it("a peak at the first or the last probe is not a rise and fall inside the run", () => {
    const lastPeak = [0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 2.0];
    expect(evaluateFig3(three(lastPeak), ctx).checks[0].outcome).toBe("contradicted");
    const firstPeak = [1.75, 1.6, 1.5, 1.4, 1.3, 1.2, 1.1, 1.05];
    const r = evaluateFig3([seed(1, firstPeak, coarseUp), ...dropArm([0.7, 0.72], 1.05).map((x, i) => ({ ...x, seed: i + 2 }))], ctx);
    expect(r.checks[0]).toMatchObject({ outcome: "inconclusive", undecided: "the peak is not strictly inside the run in 1 of 3 seeds (seed 1: epoch 0)" });
  });

  it("plots fine and coarse information against epoch (mean over seeds, with CI)", () => {
    const fig = evaluateFig3(three(riseFall), ctx).figures?.[0];
    if (fig?.kind !== "lines") throw new Error("expected a line figure");
    expect(fig.series.map((x) => x.name)).toEqual(["lr 0.1 bs 128: fine", "lr 0.1 bs 128: coarse"]);
    expect(fig.series[0].points.map((p) => p.x)).toEqual(EPOCHS);
    expect(fig.series[0].points[3].y).toBeCloseTo(1.8 + 0.02, 9); // seeds add 0.01, 0.02, 0.03
    expect(fig.series[0].points[3].hi! - fig.series[0].points[3].lo!).toBeGreaterThan(0);
  });
});

describe("fig4bs: bs 64 as fig3; bs 512 / 1024 non-minimal; accuracy(bs 128) > accuracy(bs 1024), one-sided Welch", () => {
  const bs128At = (p: number) => welchArmsAtP(p, 0.9, 0.01);
  const arms = (p = 0.03) => {
    const { a, b } = bs128At(p);
    return { bs64: three(riseFall), bs128: withAcc(riseFall, a), bs512: three(rise), bs1024: withAcc(rise, b) };
  };

  it("reproduced on the paper's pattern with the accuracy gap at p = 0.03", () => {
    const r = evaluateFig4bs(arms(0.03), ctx);
    expect(r.status).toBe("reproduced");
    const acc = rule(r, "accuracy-falls-with-batch");
    expect(acc.statistic).toBeCloseTo(0.03, 9);
    expect(acc.statisticName).toBe("one-sided Welch p");
    expect(acc.message).toMatch(/Welch 95% CI \[-/); // the two-sided 95% CI (the old rule's evidence) still reaches below 0
    expect(r.checks.slice(0, 4).map((c) => c.rule)).toEqual(["bs-64-rises-then-falls", "bs-64-near-minimal", "bs-64-coarse-info", "bs-64-accuracy"]);
  });

  it("inconclusive at p = 0.07, and when bs 64's seeds all drop >= 0.31 but the mean's CI straddles 0.3", () => {
    const at07 = evaluateFig4bs(arms(0.07), ctx);
    expect(rule(at07, "accuracy-falls-with-batch").outcome).toBe("inconclusive");
    expect(at07.status).toBe("inconclusive");
    const straddle = evaluateFig4bs({ ...arms(), bs64: dropArm(STRADDLING_DROPS, 1.05) }, ctx);
    expect(rule(straddle, "bs-64-rises-then-falls").outcome).toBe("inconclusive");
    expect(straddle.status).toBe("inconclusive");
  });

  it("contradicted when large batches forget too, or when bs 1024 is decisively more accurate", () => {
    expect(evaluateFig4bs({ ...arms(), bs1024: three(riseFall, coarseUp, 0.9) }, ctx).status).toBe("contradicted");
    const { a, b } = bs128At(0.03);
    const reversed = evaluateFig4bs({ ...arms(), bs128: withAcc(riseFall, b.map((v) => v - 0.05)), bs1024: withAcc(rise, a) }, ctx);
    expect(rule(reversed, "accuracy-falls-with-batch").outcome).toBe("contradicted");
    expect(reversed.status).toBe("contradicted");
  });

  it("a missing arm is named", () => {
    expect(() => evaluateFig4bs({ bs64: three(riseFall) }, ctx)).toThrow(/missing arm 'bs512'/);
  });
});

describe("fig4lr: mean-drop rules on their CIs; accuracy(lr 0.1) > accuracy(lr 0.001), one-sided Welch", () => {
  const good = (p = 0.03) => {
    const { a, b } = welchArmsAtP(p, 0.85, 0.01);
    return { "lr0.1": withAcc(riseFall, a), "lr0.075": three(riseFall), "lr0.05": three(riseFall), "lr0.01": three(rise), "lr0.001": withAcc(rise, b) };
  };

  it("reproduced on the paper's pattern with the accuracy gap at p = 0.03; inconclusive at p = 0.07", () => {
    const r = evaluateFig4lr(good(0.03), ctx);
    expect(r.status).toBe("reproduced");
    expect(rule(r, "accuracy-falls-with-small-lr").statistic).toBeCloseTo(0.03, 9);
    const at07 = evaluateFig4lr(good(0.07), ctx);
    expect(rule(at07, "accuracy-falls-with-small-lr").outcome).toBe("inconclusive");
    expect(at07.status).toBe("inconclusive");
  });

  it("contradicted when a small lr forgets, or a large one does not", () => {
    const forgets = evaluateFig4lr({ ...good(), "lr0.01": three(riseFall) }, ctx);
    expect([rule(forgets, "lr0.01-no-forgetting").outcome, forgets.status]).toEqual(["contradicted", "contradicted"]);
    const keeps = evaluateFig4lr({ ...good(), "lr0.05": three(rise) }, ctx);
    expect([rule(keeps, "lr0.05-rises-then-falls").outcome, keeps.status]).toEqual(["contradicted", "contradicted"]);
  });

  it("the forgetting arms are judged on the mean's CI, not every seed: straddling drops are inconclusive, one low seed of eight is reproduced", () => {
    const straddle = evaluateFig4lr({ ...good(), "lr0.075": dropArm(STRADDLING_DROPS, 1.05) }, ctx);
    expect(rule(straddle, "lr0.075-rises-then-falls").outcome).toBe("inconclusive");
    expect(straddle.status).toBe("inconclusive");
    const oneLow = evaluateFig4lr({ ...good(), "lr0.05": dropArm(ONE_LOW_OF_EIGHT, 1.05) }, ctx);
    expect(rule(oneLow, "lr0.05-rises-then-falls").outcome).toBe("reproduced");
    expect(oneLow.status).toBe("reproduced");
    // No "every seed" or "peak inside" parts here: only the mean bound.
    expect(oneLow.checks.filter((c) => c.rule.startsWith("lr0.05")).map((c) => c.rule)).toEqual(["lr0.05-rises-then-falls"]);
  });

  it("the non-forgetting arms too: every seed below 0.15 with a straddling CI is inconclusive; one seed at 0.16 of eight is reproduced", () => {
    const straddle = evaluateFig4lr({ ...good(), "lr0.01": dropArm([0.1, 0.14, 0.145], 2.0) }, ctx);
    const c = rule(straddle, "lr0.01-no-forgetting");
    expect(c.outcome).toBe("inconclusive");
    expect(c.ci![1]).toBeGreaterThan(0.15);
    expect(straddle.status).toBe("inconclusive");
    const { b } = welchArmsAtP(0.03, 0.85, 0.01);
    const eight = dropArm([0.16, 0.02, 0.02, 0.03, 0.01, 0.02, 0.02, 0.03], 2.0, [...b, b[0], b[1], b[2], b[0], b[1]]);
    const oneHigh = evaluateFig4lr({ ...good(), "lr0.001": eight }, ctx);
    expect(rule(oneHigh, "lr0.001-no-forgetting").outcome).toBe("reproduced");
    expect(rule(oneHigh, "lr0.001-non-minimal").outcome).toBe("reproduced");
  });
});

describe("fig5a: All-CNN, mean drop >= 0.3 bit on its CI (no every-seed or interior part)", () => {
  it("reproduced, contradicted, inconclusive", () => {
    expect(evaluateFig5a(three(riseFall), ctx).status).toBe("reproduced");
    expect(evaluateFig5a(three(rise), ctx).status).toBe("contradicted");
    const straddle = evaluateFig5a(dropArm(STRADDLING_DROPS, 1.05), ctx);
    expect(straddle.status).toBe("inconclusive");
    expect(straddle.checks[0].undecided).toMatch(/straddles 0\.3/);
  });

  it("differs from the old per-seed rule: one low seed of eight, or a seed peaking at epoch 0, still reproduces", () => {
    expect(evaluateFig5a(dropArm(ONE_LOW_OF_EIGHT, 1.05), ctx).status).toBe("reproduced");
    const firstPeak = [1.75, 1.6, 1.5, 1.4, 1.3, 1.2, 1.1, 1.05];
    expect(evaluateFig5a([seed(1, firstPeak, coarseUp), ...dropArm([0.7, 0.72], 1.05).map((x, i) => ({ ...x, seed: i + 2 }))], ctx).status).toBe("reproduced");
  });
});

describe("fig5b: bounds on the mean (CI)", () => {
  it("each outcome", () => {
    const c100 = [0.5, 2, 3, 3.4, 3.5, 3.5, 3.5, 3.5];
    expect(evaluateFig5b(three(c100.map((v) => v + 0.2), c100), ctx).status).toBe("reproduced");
    expect(evaluateFig5b(three(c100.map((v) => v + 1), c100), ctx).status).toBe("contradicted");
    expect(evaluateFig5b(three(c100.map((v) => v / 2), c100.map((v) => v / 2)), ctx).status).toBe("contradicted");
    expect(evaluateFig5b(noisy(c100.map((v) => v + 0.45), c100, 0.95, 0.3), ctx).status).toBe("inconclusive");
  });
});

describe("fig5c: one-sided paired t-test at p < 0.05; the equal-epoch row", () => {
  /** Small stand-ins for the registered schedule: 4 fine + 20 coarse epochs against 20 coarse (paper: 20 + 160 vs 160). */
  const PRE = cifarTrainConfig("resnet18", "cifar100", { epochs: 20, pretrainFineEpochs: 4, probeEpochs: EPOCHS });
  const BASE = cifarTrainConfig("resnet18", "cifar100", { epochs: 20, probeEpochs: EPOCHS });
  /** Per-epoch accuracy curve of a pretrained seed: `equal` at epoch 20 (4 + 16), `final` at epoch 24. */
  const preCurve = (equal: number, final: number) => Array.from({ length: 25 }, (_, e) => (e === 20 ? equal : e === 24 ? final : 0.5));
  const arms = (finals: { a: number[]; b: number[] }, equals: number[] = finals.b.map((v) => v - 0.01)) => ({
    pretrained: finals.a.map((acc, i) => seed(i + 1, rise, coarseUp, acc, "fine4 then coarse", PRE, preCurve(equals[i], acc))),
    base: finals.b.map((acc, i) => seed(i + 1, rise, coarseUp, acc, "coarse", BASE)),
  });
  const BASE_ACC = [0.835, 0.8, 0.86];

  it("planted p = 0.03 is reproduced, p = 0.07 inconclusive, a decisively worse pretrained arm contradicted", () => {
    const r03 = arms(pairedArmsAtP(0.03, BASE_ACC, 0.005));
    const r = evaluateFig5c(r03.pretrained, r03.base, ctx);
    expect(r.status).toBe("reproduced");
    expect(r.checks[0]).toMatchObject({ rule: "fine-pretraining-helps", statisticName: "one-sided paired t p" });
    expect(r.checks[0].statistic).toBeCloseTo(0.03, 9);
    const r07 = arms(pairedArmsAtP(0.07, BASE_ACC, 0.005));
    expect(evaluateFig5c(r07.pretrained, r07.base, ctx).status).toBe("inconclusive");
    const worse = arms({ a: BASE_ACC.map((v) => v - 0.02), b: BASE_ACC });
    expect(evaluateFig5c(worse.pretrained, worse.base, ctx).status).toBe("contradicted");
  });

  it("pairs by seed whatever the order the arms arrive in; seeds that do not pair are an error", () => {
    const r03 = arms(pairedArmsAtP(0.03, BASE_ACC, 0.005));
    const shuffled = evaluateFig5c([...r03.pretrained].reverse(), r03.base, ctx);
    expect(shuffled.checks[0].statistic).toBeCloseTo(0.03, 9);
    expect(() => evaluateFig5c(r03.pretrained.slice(1), r03.base, ctx)).toThrow(/fig5c: the arms must hold the same seeds, once each, to be paired; fine-pretrained has 2, 3, coarse only 1, 2, 3/);
    expect(() => evaluateFig5c([], r03.base, ctx)).toThrow(/fig5c: an arm has no seeds/);
  });

  it("the record shows the pretrained run at the baseline's epoch count (equal epochs) next to the final epochs, with paired differences", () => {
    const finals = pairedArmsAtP(0.03, BASE_ACC, 0.005);
    const equals = [0.82, 0.79, 0.845];
    const a = arms(finals, equals);
    const r = evaluateFig5c(a.pretrained, a.base, ctx);
    const t = r.tables[0];
    expect(t.title).toMatch(/equal epochs \(4 fine \+ 16 coarse = 20; reported, not judged\); seeds 1, 2, 3/);
    expect(t.rows.map((row) => row.slice(0, 2))).toEqual([
      ["coarse only, final", "0 + 20"],
      ["fine-pretrained, final", "4 + 20"],
      ["fine-pretrained, equal epochs", "4 + 16"],
      ["fine-pretrained - coarse only, final epochs (the rule)", "24 vs 20"],
      ["fine-pretrained - coarse only, equal epochs (reported)", "20 vs 20"],
    ]);
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    expect(t.rows[2][2] as number).toBeCloseTo(mean(equals), 12);
    expect(t.rows[2][4]).toBe("0.82, 0.79, 0.845");
    expect(t.rows[4][2] as number).toBeCloseTo(mean(equals.map((v, i) => v - BASE_ACC[i])), 12);
    expect(t.rows[3][5] as number).toBeCloseTo(0.03, 9); // the rule's p, again
    expect(t.rows[4][5] as number).toBeGreaterThan(0.5); // pretrained is behind at equal epochs here
    // In the report: the page validates against the schema and its Markdown carries the row.
    const doc = report([{ ...r, testOutcome: "pass", evaluatedAt: "2026-12-02T00:00:00.000Z" }]);
    expect(schemaErrors(JSON.parse(reportJson(doc)))).toEqual([]);
    expect(reportMarkdown(doc)).toMatch(/\| fine-pretrained, equal epochs \| 4 \+ 16 \| 0\.818\d* \|/);
  });

  it("an equal-epoch point the pretrained run does not hold is an error naming the seed", () => {
    const a = arms(pairedArmsAtP(0.03, BASE_ACC, 0.005));
    const short = a.pretrained.map((x) => ({ ...x, valAccuracy: x.valAccuracy.slice(0, 15) }));
    expect(() => evaluateFig5c(short, a.base, ctx)).toThrow(/fig5c: seed 1 of fine4 then coarse \(4 fine \+ 20 coarse epochs, 14 recorded\) has no coarse accuracy at epoch 20/);
  });
});

describe("pipeline check", () => {
  it("needs a falling loss and accuracy above chance, and says it is not a reproduction", () => {
    const ok = three(rise, coarseUp, 0.7).map((r) => ({ ...r, trainLoss: [null, 0.7, 0.5] }));
    const r = evaluatePipelineCheck("fig3", "Fig 3", ok, 0.5, { scale: "ci", backend: "cpu" });
    expect(r.status).toBe("pipeline-ok");
    expect(r.statement).toMatch(/not a reproduction/);
    const flat = three(rise, coarseUp, 0.52).map((x) => ({ ...x, trainLoss: [null, 0.69, 0.7] }));
    const f = evaluatePipelineCheck("fig3", "Fig 3", flat, 0.5, { scale: "ci", backend: "cpu" });
    expect(f.status).toBe("pipeline-failed");
    expect(f.checks.map((c) => c.pass)).toEqual([false, false, true]);
  });
});

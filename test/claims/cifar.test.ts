import { describe, expect, it } from "vitest";
import { evaluateFig3, evaluateFig4bs, evaluateFig4lr, evaluateFig5a, evaluateFig5b, evaluateFig5c, evaluatePipelineCheck } from "../../src/claims/cifar.js";
import type { CifarSeedResult } from "../../src/experiments/cifar-result.js";
import { cifarTrainConfig } from "../../src/training/cifar-config.js";
import { healthyDiagnostics } from "./planted.js";

const ctx = { scale: "paper" as const, backend: "planted" };
const EPOCHS = [0, 1, 2, 3, 5, 10, 15, 20];

/** A planted seed: fine and coarse curves over EPOCHS, final accuracy. */
function seed(s: number, fine: number[], coarse: number[], acc = 0.95, arm = "arm"): CifarSeedResult {
  const info = EPOCHS.flatMap((epoch, j) => [
    { label: "fine" as const, epoch, bits: fine[j], hYBits: 3.32, testCeNats: 0, testCeSeNats: 0, testCeSeBits: 0, testAccuracy: 0, decoderFailure: fine[j] < -0.05, diagnostics: healthyDiagnostics() },
    { label: "coarse" as const, epoch, bits: coarse[j], hYBits: 1, testCeNats: 0, testCeSeNats: 0, testCeSeBits: 0, testAccuracy: 0, decoderFailure: false, diagnostics: healthyDiagnostics() },
  ]);
  return {
    arm, scale: "paper", pipelineCheck: false, config: cifarTrainConfig("resnet18", "cifar10", { epochs: 20, probeEpochs: EPOCHS }), seed: s, backend: "planted", key: "k", codeVersion: "v",
    probeEpochs: EPOCHS, info, valAccuracy: new Array(21).fill(acc), trainLoss: [null, 2, 1], finalValAccuracy: acc, wallSeconds: { train: 1, decode: 1 }, peakRssMiB: 1,
  };
}
const riseFall = [0.5, 1.2, 1.6, 1.8, 1.7, 1.4, 1.2, 1.1];
const rise = [0.5, 1.2, 1.6, 1.8, 1.9, 1.95, 2.0, 2.0];
const coarseUp = [0.1, 0.5, 0.8, 0.9, 0.95, 0.97, 0.98, 0.98];
const three = (fine: number[], coarse = coarseUp, acc = 0.95) => [1, 2, 3].map((s) => seed(s, fine.map((v) => v + s * 0.01), coarse, acc + s * 0.001));

/** Three seeds whose curves differ slightly, so that every statistic has a spread. */
const noisy = (fine: number[], coarse = coarseUp, acc = 0.95, jitter = 0.05) => [1, 2, 3].map((s) => seed(s, fine.map((v, j) => v + (j === fine.length - 1 ? (s - 2) * jitter : s * 0.01)), coarse, acc + s * 0.001));

describe("CIFAR claim evaluation", () => {
  it("fig3: reproduced on a rise-and-fall to near minimal; contradicted on monotone rises; inconclusive when one seed does not forget", () => {
    expect(evaluateFig3(three(riseFall), ctx).status).toBe("reproduced");
    const mono = evaluateFig3(three(rise), ctx);
    expect(mono.status).toBe("contradicted");
    expect(mono.checks[0].outcome).toBe("contradicted");
    const mixed = [seed(1, riseFall, coarseUp), seed(2, riseFall, coarseUp), seed(3, rise, coarseUp)];
    const m = evaluateFig3(mixed, ctx);
    expect(m.checks[0].outcome).toBe("inconclusive");
    expect(m.status).toBe("inconclusive");
    expect(evaluateFig3(three(riseFall, coarseUp, 0.9), ctx).checks[3].outcome).toBe("contradicted");
    expect(evaluateFig3(three(riseFall), ctx).checks.map((c) => c.rule)).toEqual(["lr-0.1-bs-128-rises-then-falls", "lr-0.1-bs-128-near-minimal", "lr-0.1-bs-128-coarse-info", "lr-0.1-bs-128-accuracy"]);
  });

  it("fig3 plots fine and coarse information against epoch (mean over seeds, with CI)", () => {
    const fig = evaluateFig3(three(riseFall), ctx).figures?.[0];
    if (fig?.kind !== "lines") throw new Error("expected a line figure");
    expect(fig.series.map((x) => x.name)).toEqual(["lr 0.1 bs 128: fine", "lr 0.1 bs 128: coarse"]);
    expect(fig.series[0].points.map((p) => p.x)).toEqual(EPOCHS);
    expect(fig.series[0].points[3].y).toBeCloseTo(1.8 + 0.02, 9); // seeds add 0.01, 0.02, 0.03
    expect(fig.series[0].points[3].hi! - fig.series[0].points[3].lo!).toBeGreaterThan(0);
  });

  it("fig3: a peak at the last epoch is not a rise-and-fall", () => {
    const lastPeak = [0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 2.0];
    expect(evaluateFig3(three(lastPeak), ctx).checks[0].outcome).not.toBe("reproduced");
  });

  it("fig4bs: reproduced on the paper's pattern, contradicted when large batches forget too", () => {
    const good = { bs64: three(riseFall), bs128: three(riseFall, coarseUp, 0.95), bs512: three(rise), bs1024: three(rise, coarseUp, 0.9) };
    expect(evaluateFig4bs(good, ctx).status).toBe("reproduced");
    const bad = { ...good, bs1024: three(riseFall, coarseUp, 0.9) };
    expect(evaluateFig4bs(bad, ctx).status).toBe("contradicted");
    expect(() => evaluateFig4bs({ bs64: good.bs64 }, ctx)).toThrow(/missing arm 'bs512'/);
  });

  it("fig4lr: reproduced on the paper's pattern, contradicted when a small lr forgets, inconclusive when one small-lr seed does", () => {
    const good = { "lr0.1": three(riseFall, coarseUp, 0.95), "lr0.075": three(riseFall), "lr0.05": three(riseFall), "lr0.01": three(rise), "lr0.001": three(rise, coarseUp, 0.85) };
    expect(evaluateFig4lr(good, ctx).status).toBe("reproduced");
    expect(evaluateFig4lr({ ...good, "lr0.01": three(riseFall) }, ctx).status).toBe("contradicted");
    const one = [seed(1, rise, coarseUp), seed(2, riseFall, coarseUp), seed(3, rise, coarseUp)];
    expect(evaluateFig4lr({ ...good, "lr0.01": one }, ctx).status).toBe("inconclusive");
  });

  it("fig5a and fig5b: each outcome", () => {
    expect(evaluateFig5a(three(riseFall), ctx).status).toBe("reproduced");
    expect(evaluateFig5a(three(rise), ctx).status).toBe("contradicted");
    expect(evaluateFig5a([seed(1, riseFall, coarseUp), seed(2, riseFall, coarseUp), seed(3, rise, coarseUp)], ctx).status).toBe("inconclusive");
    const c100 = [0.5, 2, 3, 3.4, 3.5, 3.5, 3.5, 3.5];
    expect(evaluateFig5b(three(c100.map((v) => v + 0.2), c100), ctx).status).toBe("reproduced");
    expect(evaluateFig5b(three(c100.map((v) => v + 1), c100), ctx).status).toBe("contradicted");
    expect(evaluateFig5b(three(c100.map((v) => v / 2), c100.map((v) => v / 2)), ctx).status).toBe("contradicted");
    expect(evaluateFig5b(noisy(c100.map((v) => v + 0.45), c100, 0.95, 0.3), ctx).status).toBe("inconclusive");
  });

  it("fig5c compares paired seeds: each outcome", () => {
    const base = three(rise, coarseUp, 0.835);
    expect(evaluateFig5c(three(rise, coarseUp, 0.856), base, ctx).status).toBe("reproduced");
    expect(evaluateFig5c(three(rise, coarseUp, 0.82), base, ctx).status).toBe("contradicted");
    const mixed = [seed(1, rise, coarseUp, 0.9), seed(2, rise, coarseUp, 0.8), seed(3, rise, coarseUp, 0.85)];
    expect(evaluateFig5c(mixed, base, ctx).status).toBe("inconclusive");
  });

  it("the pipeline check needs a falling loss and accuracy above chance, and says it is not a reproduction", () => {
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

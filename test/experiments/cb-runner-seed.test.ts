/**
 * The bookkeeping of one checkerboard seed-run (src/experiments/cb-runner.ts runCheckerboardSeed):
 * "final" validation accuracy is the last epoch's (not the best), and a seed is learned when it is
 * at least LEARNED_ACCURACY (PROTOCOL.md section 1). Training and decoders are replaced by planted
 * ones (vi.mock), so the accuracy curve is chosen here and the test takes no training time.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { DecoderTask, UsableInfo } from "../../src/interfaces.js";
import type { CbTrainResult } from "../../src/training/cb-setup.js";
import { healthyDiagnostics } from "../claims/planted.js";

const planted = vi.hoisted(() => ({ valAccuracy: [] as number[], tasks: 0 }));

vi.mock("../../src/training/train-cb.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/training/train-cb.js")>();
  const { cbRunConfig } = await import("../../src/experiments/cb-config.js");
  const cfg = cbRunConfig("CB-2", "ci", { decode: "final-all" });
  const rows = cfg.decoderTrainRows + cfg.decoderTestRows;
  const trained = (): CbTrainResult => ({
    layerNames: ["l1", "l2"],
    widths: [3, 2],
    valAccuracy: [...planted.valAccuracy],
    trainLoss: planted.valAccuracy.map((_, i) => (i === 0 ? null : 0.5)),
    phase: planted.valAccuracy.map((_, i) => (i === 0 ? "init" : "direction")),
    probes: [{ epoch: cfg.epochs, layers: [new Float32Array(rows * 3).map((_, i) => i % 7), new Float32Array(rows * 2).map((_, i) => i % 5)] }],
    probeColour: Int32Array.from({ length: rows }, (_, i) => (i * 7) % 3 === 0 ? 1 : 0),
    probeDirection: Int32Array.from({ length: rows }, (_, i) => (i * 5) % 3 === 0 ? 0 : 1),
  });
  return { ...original, trainCheckerboard: vi.fn(() => trained()), trainCheckerboardInWorker: vi.fn(async () => trained()) };
});

vi.mock("../../src/info/core/estimate.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/info/core/estimate.js")>();
  const info = (t: DecoderTask): UsableInfo => ({
    id: t.id,
    bits: 0.5,
    hYBits: 1,
    testCeNats: 0.3,
    testCeSeNats: 0.01,
    testCeSeBits: 0.01 / Math.LN2,
    testAccuracy: 0.8,
    decoderFailure: false,
    diagnostics: healthyDiagnostics(),
    input: t.input ?? "whitened",
    inputRank: t.train.dim,
  });
  return {
    ...original,
    estimateUsableInfo: vi.fn(async (tasks: DecoderTask[]) => {
      planted.tasks = tasks.length;
      return tasks.map(info);
    }),
  };
});

const { cbRunConfig } = await import("../../src/experiments/cb-config.js");
const { LEARNED_ACCURACY, runCheckerboardSeed } = await import("../../src/experiments/cb-runner.js");

describe("runCheckerboardSeed bookkeeping (planted training)", () => {
  const cfg = cbRunConfig("CB-2", "ci", { decode: "final-all" });
  const quiet = (): void => {};
  beforeEach(() => {
    planted.tasks = 0;
  });

  it("final validation accuracy is the last epoch's, not the best: a seed that peaks at 0.97 and ends at 0.85 has not learned", async () => {
    planted.valAccuracy = [0.5, 0.8, 0.97, 0.93, 0.85];
    const r = await runCheckerboardSeed(cfg, 1, quiet);
    expect(r.valAccuracy).toEqual(planted.valAccuracy);
    expect(r.finalValAccuracy).toBe(0.85);
    expect(r.learned).toBe(false);
    // The planted decoders ran on every layer x label of the final epoch.
    expect(planted.tasks).toBe(4);
    expect(r.info.map((p) => `${p.label}/${p.layer}/${p.epoch}`).sort()).toEqual(["colour/1/100", "colour/2/100", "direction/1/100", "direction/2/100"]);
  });

  it("a seed ending at exactly LEARNED_ACCURACY (0.9 = 900 of 1000 validation rows) has learned; one just below has not", async () => {
    expect(LEARNED_ACCURACY).toBe(0.9);
    planted.valAccuracy = [0.5, 0.95, 900 / 1000];
    expect((await runCheckerboardSeed(cfg, 1, quiet)).learned).toBe(true);
    planted.valAccuracy = [0.5, 0.95, 899 / 1000];
    expect((await runCheckerboardSeed(cfg, 1, quiet)).learned).toBe(false);
  });
});

/** The CB runner's decoder tasks: which points get a second decoder and the sensitivity readings, and how they are seeded. */
import { describe, expect, it } from "vitest";
import { cbRunConfig } from "../../src/experiments/cb-config.js";
import { cbDecoderTasks, hasReplicate } from "../../src/experiments/cb-runner.js";
import type { CbTrainResult } from "../../src/training/train-cb.js";

/** A trained result with two probes of a 2-layer network on 8 probe rows (values irrelevant here). */
function trained(epochs: number[]): CbTrainResult {
  const widths = [3, 2];
  return {
    layerNames: ["layer1", "layer2"],
    widths,
    valAccuracy: [0.5, 1],
    trainLoss: [null, 0.1],
    phase: ["init", "direction"],
    probes: epochs.map((epoch) => ({ epoch, layers: widths.map((w) => Float32Array.from({ length: 8 * w }, (_, i) => i)) })),
    probeColour: Int32Array.from({ length: 8 }, (_, i) => i % 2),
    probeDirection: Int32Array.from({ length: 8 }, (_, i) => (i >> 1) % 2),
  };
}

describe("cbDecoderTasks", () => {
  const cfg = { ...cbRunConfig("CB-2", "ci"), probeEpochs: [0, 5], decoderTrainRows: 4, decoderTestRows: 4 };

  it("second decoders: every point at the final epoch and last-layer colour at every epoch, not for controls", () => {
    expect(hasReplicate(cfg, "colour", 1, 2, 5)).toBe(true);
    expect(hasReplicate(cfg, "direction", 2, 2, 5)).toBe(true);
    expect(hasReplicate(cfg, "colour", 2, 2, 0)).toBe(true);
    expect(hasReplicate(cfg, "direction", 2, 2, 0)).toBe(false);
    expect(hasReplicate(cfg, "colour", 1, 2, 0)).toBe(false);
    expect(hasReplicate({ ...cfg, decode: "final-all" }, "colour", 2, 2, 5)).toBe(false);
  });

  it("each rule point: whitened twice (two decoder seeds), raw and standardised with the first seed, all on the same rows", () => {
    const { tasks, points } = cbDecoderTasks(cfg, 3, trained([0, 5]));
    // 2 epochs x 2 layers x 2 labels = 8 whitened points; 5 rule points (4 at the final epoch,
    // last-layer colour at epoch 0) each add a second decoder, a raw and a standardised reading.
    expect(tasks).toHaveLength(8 + 5 * 3);
    expect(tasks.filter((t) => t.input === "whitened")).toHaveLength(8 + 5);
    expect(tasks.filter((t) => t.input === "raw")).toHaveLength(5);
    expect(tasks.filter((t) => t.input === "standardised")).toHaveLength(5);
    const byKey = new Map<string, { seed: number; z: Float32Array; input: string; replicate: number }[]>();
    tasks.forEach((t, i) => {
      const p = points[i];
      const key = `${p.label}/${p.layer}/${p.epoch}`;
      byKey.set(key, [...(byKey.get(key) ?? []), { seed: t.seed, z: t.test.z, input: t.input!, replicate: p.replicate }]);
    });
    let rulePoints = 0;
    for (const [key, reps] of byKey) {
      if (reps.length === 1) {
        expect(reps[0].input, key).toBe("whitened");
        continue;
      }
      rulePoints++;
      const first = reps.find((r) => r.replicate === 1 && r.input === "whitened")!;
      const second = reps.find((r) => r.replicate === 2)!;
      expect(second.seed, key).not.toBe(first.seed);
      expect(second.input).toBe("whitened");
      for (const input of ["raw", "standardised"]) expect(reps.find((r) => r.input === input)!.seed, `${key} ${input}`).toBe(first.seed);
      for (const r of reps) expect(Array.from(r.z)).toEqual(Array.from(first.z));
    }
    expect(rulePoints).toBe(5);
    expect(new Set(tasks.map((t) => t.id)).size).toBe(tasks.length);
  });
});

/**
 * The transforms that build the negative controls from real runs (src/claims/controls.ts). A
 * control is only as good as its transform: a label swap that swaps nothing, or an "untrained"
 * network that still carries its trained probes, would make a control pass for the wrong reason.
 */
import { describe, expect, it } from "vitest";
import { asIfLearned, asUntrained, splitHalves, withColourBits, withLabelsSwapped } from "../../src/claims/controls.js";
import { plantSeed } from "../report/sample-data.js";

const seeds = [1, 2, 3].map((s) => plantSeed("CB-10", {}, s));
const key = (p: { label: string; layer: number; epoch: number; replicate: number; input?: string }) => `${p.layer}/${p.epoch}/${p.replicate}/${p.input ?? ""}`;

describe("negative-control transforms", () => {
  it("withLabelsSwapped gives every colour point the direction label and back, bits unchanged; twice is the identity", () => {
    for (const r of seeds) {
      const swapped = withLabelsSwapped([r])[0];
      expect(swapped.info).toHaveLength(r.info.length);
      const colour = new Map(r.info.filter((p) => p.label === "colour").map((p) => [key(p), p.bits]));
      const direction = new Map(r.info.filter((p) => p.label === "direction").map((p) => [key(p), p.bits]));
      expect(colour.size).toBeGreaterThan(0);
      for (const p of swapped.info) expect(p.bits, `${p.label} ${key(p)}`).toBe((p.label === "colour" ? direction : colour).get(key(p)));
      expect(withLabelsSwapped([swapped])[0].info).toEqual(r.info);
    }
  });

  it("asUntrained keeps only the epoch-0 probes and the epoch-0 accuracy, as the final epoch; learned only at >= 0.9 unless forced", () => {
    for (const r of seeds) {
      const u = asUntrained([r])[0];
      expect(u.info.length).toBeGreaterThan(0);
      expect(u.info.every((p) => p.epoch === 0)).toBe(true);
      expect(u.info).toEqual(r.info.filter((p) => p.epoch === 0));
      expect(u.config.probeEpochs).toEqual([0]);
      expect(u.finalValAccuracy).toBe(r.valAccuracy[0]);
      expect(u.learned).toBe(r.valAccuracy[0] >= 0.9);
      expect(asUntrained([r], true)[0].learned).toBe(true);
    }
    const noZero = { ...seeds[0], config: { ...seeds[0].config, probeEpochs: [5, 10] } };
    expect(() => asUntrained([noZero])).toThrow(/has no epoch-0 probe/);
  });

  it("asIfLearned marks every seed learned and changes nothing else; withColourBits plants every colour point and no direction point", () => {
    const stuck = seeds.map((r) => ({ ...r, learned: false }));
    expect(asIfLearned(stuck).map((r) => r.learned)).toEqual([true, true, true]);
    expect(asIfLearned(stuck).map((r) => r.info)).toEqual(stuck.map((r) => r.info));
    const planted = withColourBits(seeds, 0)[0];
    expect(planted.info.filter((p) => p.label === "colour").every((p) => p.bits === 0 && !p.decoderFailure)).toBe(true);
    expect(planted.info.filter((p) => p.label === "direction")).toEqual(seeds[0].info.filter((p) => p.label === "direction"));
  });

  it("splitHalves splits an arm into a first and a second half (the larger first)", () => {
    expect(splitHalves([1, 2, 3, 4, 5])).toEqual([[1, 2, 3], [4, 5]]);
    expect(splitHalves([1, 2])).toEqual([[1], [2]]);
  });
});

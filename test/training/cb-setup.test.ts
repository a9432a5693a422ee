/**
 * One seed's data, as both checkerboard engines receive it (src/training/cb-setup.ts; PROTOCOL.md
 * section 1): the network's training and validation rows, the fresh probe rows the decoders read,
 * and the shuffled labels of the negative control. The engines agree with each other on whatever
 * setupSeed gives them (test/training/train-cb.test.ts), so these meanings are checked here.
 */
import { describe, expect, it } from "vitest";
import { cbRunConfig } from "../../src/experiments/cb-config.js";
import type { CheckerboardData } from "../../src/data/checkerboard.js";
import { setupSeed } from "../../src/training/cb-setup.js";

/** A row's key: its noisy colour entries (float32 noise makes two independent rows differ). */
function rowKeys(d: CheckerboardData, from: number, to: number): string[] {
  const keys: string[] = [];
  for (let r = from; r < to; r++) keys.push(Array.from(d.x.subarray(r * d.inputDim, r * d.inputDim + d.n)).join(","));
  return keys;
}

function sorted(xs: ArrayLike<number>): number[] {
  return Array.from(xs).sort((a, b) => a - b);
}

describe("setupSeed", () => {
  const cb2 = cbRunConfig("CB-2", "paper");
  const cb10 = cbRunConfig("CB-10", "ci");

  it("the probe rows are fresh draws: none is one of the network's training or validation rows, and there are 1250 + 3750 of them", () => {
    for (const [cfg, seed] of [[cb2, 1], [cb10, 3]] as const) {
      const s = setupSeed(cfg, seed);
      expect(s.probeRows).toBe(cfg.decoderTrainRows + cfg.decoderTestRows);
      expect(s.probeRows).toBe(5000);
      expect(s.probeData.rows).toBe(5000);
      const seen = new Set(rowKeys(s.data, 0, s.data.rows));
      expect(seen.size).toBe(s.data.rows);
      const shared = rowKeys(s.probeData, 0, s.probeRows).filter((k) => seen.has(k));
      expect(shared, `${cfg.run} seed ${seed}: probe rows that the network trains or validates on`).toEqual([]);
      // Fresh rows of the same task: both labels uniform on n values.
      for (const labels of [s.probeData.colour, s.probeData.direction]) {
        const counts = new Array<number>(cfg.n).fill(0);
        for (const y of labels) counts[y]++;
        for (const c of counts) expect(Math.abs(c - 5000 / cfg.n)).toBeLessThan(5 * Math.sqrt(5000 / cfg.n));
      }
    }
  });

  it("90% of the rows train the network and the other 10% validate it (rows 0..nTrain-1, then nVal rows)", () => {
    for (const cfg of [cb2, cb10, cbRunConfig("CB-20", "paper")]) {
      const s = setupSeed(cfg, 2);
      expect(cfg.valFraction).toBe(0.1);
      expect(s.nTrain + s.nVal).toBe(cfg.samples);
      expect(s.nVal).toBe(cfg.samples / 10);
      expect(s.nTrain).toBe((9 * cfg.samples) / 10);
      expect(s.data.rows).toBe(cfg.samples);
    }
  });

  it("true labels: the training labels are the data's own", () => {
    const s = setupSeed(cb2, 4);
    expect(s.trainDirection).toBe(s.data.direction);
    expect(s.trainColour).toBe(s.data.colour);
  });

  it("shuffled-label control: labels permuted among the training rows only; the validation rows keep the true labels", () => {
    const cfg = cbRunConfig("CB-2", "ci", { trainLabels: "shuffled" });
    const s = setupSeed(cfg, 4);
    for (const [shuffled, truth] of [[s.trainDirection, s.data.direction], [s.trainColour, s.data.colour]] as const) {
      expect(Array.from(shuffled.subarray(s.nTrain))).toEqual(Array.from(truth.subarray(s.nTrain)));
      expect(sorted(shuffled.subarray(0, s.nTrain))).toEqual(sorted(truth.subarray(0, s.nTrain)));
      let same = 0;
      for (let i = 0; i < s.nTrain; i++) if (shuffled[i] === truth[i]) same++;
      // Independent of the truth: about half of binary labels agree by chance (not all).
      expect(same / s.nTrain).toBeGreaterThan(0.45);
      expect(same / s.nTrain).toBeLessThan(0.55);
    }
    // Direction and colour are shuffled with different permutations (their seeds differ by name).
    let both = 0;
    for (let i = 0; i < s.nTrain; i++) if (s.trainDirection[i] === s.data.direction[i] && s.trainColour[i] === s.data.colour[i]) both++;
    expect(both / s.nTrain).toBeLessThan(0.3);
  });
});

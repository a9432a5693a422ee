import { describe, expect, it } from "vitest";
import { CB_DECODER_LR, cbDecoder, cbDecoderMediumFc, cbDecoderSmallFc, cifarDecoder, distributionEntropyBits, linearDecoder, natsToBits, plugInEntropyBits, validateDecoderConfig } from "../../src/info/index.js";

describe("plugInEntropyBits", () => {
  it("is log2 k for balanced labels and 0 for a constant", () => {
    expect(plugInEntropyBits(Int32Array.from([0, 1, 2, 3, 0, 1, 2, 3]), 4)).toBeCloseTo(2, 12);
    expect(plugInEntropyBits(Int32Array.from([1, 1, 1]), 2)).toBe(0);
    expect(plugInEntropyBits(Int32Array.from([0, 0, 0, 1]), 2)).toBeCloseTo(-(0.75 * Math.log2(0.75) + 0.25 * Math.log2(0.25)), 12);
  });
  it("is the entropy of the empirical distribution (distributionEntropyBits, 0 log 0 = 0)", () => {
    expect(distributionEntropyBits([0.5, 0.5, 0])).toBe(1);
    expect(distributionEntropyBits([1])).toBe(0);
    const labels = Int32Array.from([0, 2, 2, 1, 2, 0]);
    expect(plugInEntropyBits(labels, 4)).toBe(distributionEntropyBits([2 / 6, 1 / 6, 3 / 6, 0]));
  });
  it("rejects labels outside {0..k-1}", () => {
    expect(() => plugInEntropyBits(Int32Array.from([0, 2]), 2)).toThrow(/label 2 at index 1/);
  });
  it("natsToBits divides by ln 2", () => {
    expect(natsToBits(Math.LN2)).toBeCloseTo(1, 15);
  });
});

describe("decoder families", () => {
  it("match the paper's settings", () => {
    const cb = cbDecoder(0.05);
    expect(cb).toMatchObject({ hidden: [128, 64, 32], leakySlope: 0.2, dropout: 0.7, batchNorm: true, bnMomentum: 0.1, bnEpsilon: 1e-5, epochs: 100, batchSize: 32, optimizer: { kind: "sgd", lr: 0.05 } });
    const cf = cifarDecoder();
    expect(cf).toMatchObject({ hidden: [200, 100], epochs: 50, batchSize: 128, optimizer: { kind: "adam", lr: 0.01, weightDecay: 0.001 } });
    expect(linearDecoder().hidden).toEqual([]);
  });
  it("the CB decoder's learning rate is named, never defaulted: 0.05 for Small FC, 0.5 for Medium FC", () => {
    expect(cbDecoderSmallFc()).toEqual(cbDecoder(0.05));
    expect(cbDecoderMediumFc()).toEqual(cbDecoder(0.5));
    expect(CB_DECODER_LR).toEqual({ smallFc: 0.05, mediumFc: 0.5 });
    expect(() => (cbDecoder as (lr?: number) => unknown)()).toThrow(/cbDecoder\(lr\): the learning rate is required \(no default\): 0\.05 for Small FC runs, 0\.5 for Medium FC runs/);
  });
  it("reject invalid fields, naming field and value", () => {
    expect(() => cbDecoder(-1)).toThrow(/optimizer\.lr = -1/);
    expect(() => cbDecoder(Number.NaN)).toThrow(/optimizer\.lr = NaN; expected a positive finite number/);
    expect(() => validateDecoderConfig({ ...cbDecoder(0.1), dropout: 1 })).toThrow(/dropout = 1/);
    expect(() => validateDecoderConfig({ ...cbDecoder(0.1), hidden: [10, 0] })).toThrow(/hidden\[1\] = 0/);
    expect(() => validateDecoderConfig({ ...cbDecoder(0.1), batchSize: 1 })).toThrow(/batchSize = 1/);
    expect(() => validateDecoderConfig({ ...cbDecoder(0.1), epochs: 2.5 })).toThrow(/epochs = 2.5/);
    expect(() => linearDecoder({ optimizer: { kind: "adam", lr: 0.1, weightDecay: -1 } })).toThrow(/weightDecay = -1/);
  });
});

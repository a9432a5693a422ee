import { describe, expect, it } from "vitest";
import { cifarTrainConfig, defaultProbeEpochs, labelOfEpoch, lrOfEpoch, parseCifarConfig, totalEpochs, validateCifarConfig, type CifarTrainConfig } from "../../src/training/cifar-config.js";
import { parseArm, pipelineArm } from "../../src/experiments/cifar-runner.js";

describe("CIFAR training config", () => {
  it("is parsed once: frozen, returned unchanged when parsed again; a spread copy is new and checked when parsed", () => {
    const cfg = cifarTrainConfig("resnet18", "cifar10");
    expect(parseCifarConfig(cfg)).toBe(cfg);
    expect(Object.isFrozen(cfg) && Object.isFrozen(cfg.probeEpochs)).toBe(true);
    expect(() => parseCifarConfig({ ...cfg, lr0: -1 })).toThrow(/lr0 must be a finite number > 0, got -1/);
    const copy = parseCifarConfig({ ...cfg, epochs: 10, probeEpochs: [0, 10] });
    expect(copy).not.toBe(cfg);
    expect(parseCifarConfig(copy)).toBe(copy);
    // Arms too: the constructors parse them; a parsed arm holds a parsed config and is returned unchanged.
    const arm = pipelineArm("p", "cifar10");
    expect(parseArm(arm)).toBe(arm);
    expect(parseCifarConfig(arm.train)).toBe(arm.train);
    expect(() => parseArm({ ...arm, decoderTrainImages: 1 })).toThrow(/decoderTrainImages must be an integer > 1/);
  });

  it("has the paper-scale defaults of PROTOCOL.md section 2", () => {
    const r = cifarTrainConfig("resnet18", "cifar10");
    expect(r).toMatchObject({ epochs: 160, batchSize: 128, lr0: 0.1, lrDecay: 0.97, momentum: 0.9, weightDecay: 5e-4, augment: true, pretrainFineEpochs: 0 });
    expect(r.probeEpochs.slice(0, 7)).toEqual([0, 1, 2, 3, 5, 10, 15]);
    expect(r.probeEpochs.at(-1)).toBe(160);
    const a = cifarTrainConfig("allcnn", "cifar10");
    expect(a).toMatchObject({ lr0: 0.05, weightDecay: 1e-3 });
    const p = cifarTrainConfig("resnet18", "cifar100", { pretrainFineEpochs: 20 });
    expect(totalEpochs(p)).toBe(180);
    expect(p.probeEpochs.at(-1)).toBe(180);
  });

  it("schedules labels and learning rates by epoch (epoch 1 runs at lr0)", () => {
    const c = cifarTrainConfig("small-convnet", "cifar100", { epochs: 3, pretrainFineEpochs: 2 });
    expect([1, 2, 3, 4, 5].map((e) => labelOfEpoch(c, e))).toEqual(["fine", "fine", "coarse", "coarse", "coarse"]);
    expect(lrOfEpoch(c, 1)).toBe(0.1);
    expect(lrOfEpoch(c, 3)).toBeCloseTo(0.1 * 0.97 * 0.97, 15);
    expect(defaultProbeEpochs(4)).toEqual([0, 1, 2, 3, 4]);
    expect(defaultProbeEpochs(12)).toEqual([0, 1, 2, 3, 5, 10, 12]);
  });

  it("names the field and quotes the value of every invalid setting", () => {
    const base = cifarTrainConfig("small-convnet", "cifar10", { epochs: 4, probeEpochs: [0, 4] });
    const bad = (patch: Record<string, unknown>) => () => validateCifarConfig({ ...base, ...patch } as CifarTrainConfig);
    expect(bad({ model: "vgg" })).toThrow(/model must be one of resnet18, allcnn, small-convnet, got "vgg"/);
    expect(bad({ dataset: "mnist" })).toThrow(/dataset must be "cifar10" or "cifar100", got "mnist"/);
    expect(bad({ epochs: 1.5 })).toThrow(/epochs must be an integer >= 0, got 1.5/);
    expect(bad({ epochs: 0, pretrainFineEpochs: 0, probeEpochs: [] })).toThrow(/epochs \+ pretrainFineEpochs must be >= 1/);
    expect(bad({ batchSize: 0 })).toThrow(/batchSize must be an integer >= 1, got 0/);
    expect(bad({ lr0: -1 })).toThrow(/lr0 must be a finite number > 0, got -1/);
    expect(bad({ lr0: "0.1" })).toThrow(/lr0 must be a finite number > 0, got "0.1"/);
    expect(bad({ lrDecay: 1.1 })).toThrow(/lrDecay must be in \(0, 1\], got 1.1/);
    expect(bad({ momentum: 1 })).toThrow(/momentum must be in \[0, 1\), got 1/);
    expect(bad({ weightDecay: Number.NaN })).toThrow(/weightDecay must be a finite number >= 0, got NaN/);
    expect(bad({ augment: "yes" })).toThrow(/augment must be true or false, got "yes"/);
    expect(bad({ probeEpochs: [0, 5] })).toThrow(/probeEpochs must be integers in 0..4 \(total epochs\), got \[0, 5\]/);
    expect(bad({ probeEpochs: [0, Number.NaN] })).toThrow(/probeEpochs must be integers in 0..4 \(total epochs\), got \[0, NaN\]/);
    expect(bad({ probeEpochs: [2, 1] })).toThrow(/probeEpochs must be strictly increasing, got \[2, 1\]/);
    expect(bad({ evalBatchSize: -3 })).toThrow(/evalBatchSize must be an integer >= 1, got -3/);
    expect(bad({ learningRate: 0.1 })).toThrow(/unknown field "learningRate"/);
    expect(() => cifarTrainConfig("resnet18", "cifar10", { smallConvnetWidths: [1, 2, 3] })).toThrow(/smallConvnetWidths must be absent for model resnet18/);
  });
});

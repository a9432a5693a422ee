/** A CIFAR arm is validated in full, decoder included, before any data is read or any training starts. */
import { describe, expect, it } from "vitest";
import { pipelineArm, validateArm, type CifarArm } from "../../src/experiments/cifar-runner.js";

describe("validateArm", () => {
  const arm = pipelineArm("check", "cifar10");
  const withDecoder = (patch: Partial<CifarArm["decoder"]>): CifarArm => ({ ...arm, decoder: { ...arm.decoder, ...patch } });

  it("accepts the pipeline arm", () => {
    expect(() => validateArm(arm)).not.toThrow();
  });

  it("rejects a bad decoder naming the arm, the field and the value (NaN as NaN)", () => {
    expect(() => validateArm(withDecoder({ batchSize: 0 }))).toThrow(/invalid CIFAR arm check: decoder\.batchSize = 0; expected an integer >= 2/);
    expect(() => validateArm(withDecoder({ optimizer: { kind: "adam", lr: Number.NaN, weightDecay: 0 } }))).toThrow(/decoder\.optimizer\.lr = NaN/);
    expect(() => validateArm(withDecoder({ batchSize: arm.decoderTrainImages + 1 }))).toThrow(/decoder\.batchSize = \d+ is larger than the \d+ decoder-train images/);
  });
});

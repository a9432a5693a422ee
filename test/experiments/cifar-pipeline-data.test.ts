/** The pipeline check's data folder honours CIFAR10_DIR / CIFAR100_DIR, never silently replaces a named one, and keys the arm by folder. */
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../src/runtime/files.js";
import { pipelineArm, pipelineDataDir } from "../../src/experiments/cifar-runner.js";

const FIX100 = join(REPO_ROOT, "fixtures", "cifar", "cifar-100-binary");
const saved = { CIFAR100_DIR: process.env.CIFAR100_DIR };
afterEach(() => {
  if (saved.CIFAR100_DIR === undefined) delete process.env.CIFAR100_DIR;
  else process.env.CIFAR100_DIR = saved.CIFAR100_DIR;
});

describe("pipeline check data", () => {
  it("CIFAR100_DIR when set: its folder, counted as real images, and in the arm (so in the cache key)", () => {
    process.env.CIFAR100_DIR = FIX100;
    expect(pipelineDataDir("cifar100")).toEqual({ dir: FIX100, real: true, source: "CIFAR100_DIR" });
    const arm = pipelineArm("p", "cifar100");
    expect(arm.data).toEqual({ kind: "small", trainRows: 400, testRows: 200, dir: FIX100 });
  });

  it("a CIFAR100_DIR that does not exist is an error naming it, not a fallback", () => {
    process.env.CIFAR100_DIR = join(REPO_ROOT, "no-such-cifar-folder");
    expect(() => pipelineDataDir("cifar100")).toThrow(/CIFAR-100 folder not found: .*no-such-cifar-folder \(from CIFAR100_DIR\)/);
  });
});

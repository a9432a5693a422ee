import { describe, expect, it } from "vitest";
import { CB_CHECKS, CB_CLAIMS, CB_CONTROLS } from "../../src/claims/checkerboard-claims.js";
import { cbRunConfig, cbSeeds, type CbRunId, type CbRunOptions } from "../../src/experiments/cb-config.js";
import { allPaperArms, cifarSeeds } from "../../src/experiments/cifar-protocol.js";
import { runDataName } from "../../src/experiments/seed-data.js";
import { cbCommand, cbSeedRuns, cbShards, cifarJobs } from "../../src/report/nightly-plan.js";
import { plantSeed } from "./sample-data.js";

describe("nightly run plan: every seed-run the paper report needs, each in exactly one job", () => {
  it("covers exactly the seed-runs the checkerboard claims and controls read at paper scale", async () => {
    const asked = new Set<string>();
    const source = async (run: CbRunId, opts: CbRunOptions) => {
      const seeds = cbSeeds("paper", run);
      for (const s of seeds) asked.add(`${runDataName(cbRunConfig(run, "paper", opts))}/${s}`);
      return seeds.map((s) => plantSeed(run, opts, s, "paper"));
    };
    for (const def of [...CB_CLAIMS, ...CB_CHECKS, ...CB_CONTROLS]) await def.build({ scale: "paper", backend: "planted", source });
    expect(new Set(cbSeedRuns("paper").map((r) => `${r.name}/${r.seed}`))).toEqual(asked);
  }, 60_000);

  it("puts every seed-run in exactly one of N shards, balanced", () => {
    const all = cbSeedRuns("paper");
    const shards = cbShards("paper", 4);
    const seedsOf = (cmd: string) => cmd.replace(/.*--seeds ([\d,]+).*/, "$1").split(",").length;
    expect(shards.flatMap((s) => s.commands).reduce((n, c) => n + seedsOf(c), 0)).toBe(all.length);
    const costs = shards.map((s) => s.cost);
    expect(Math.max(...costs) - Math.min(...costs)).toBeLessThanOrEqual(Math.max(...all.map((r) => r.cost)));
    expect(() => cbShards("paper", 0)).toThrow(/positive integer/);
  });

  it("writes the run-checkerboard command of a run config", () => {
    expect(cbCommand("CB-2", { trainLabels: "shuffled", decode: "final-all" }, [1, 5], "paper")).toBe("npx tsx scripts/run-checkerboard.ts CB-2 --scale paper --seeds 1,5 --decode final-all --labels shuffled");
    expect(cbCommand("CB-10", { pretrainEpochs: 20, decode: "last-layer-colour" }, [3], "paper")).toBe("npx tsx scripts/run-checkerboard.ts CB-10 --scale paper --seeds 3 --pretrain 20 --decode last-layer-colour");
  });

  it("has one GPU job per CIFAR arm and seed", () => {
    const jobs = cifarJobs();
    expect(jobs).toHaveLength(allPaperArms().size * cifarSeeds("paper").length);
    expect(new Set(jobs.map((j) => `${j.arm}/${j.seed}`)).size).toBe(jobs.length);
    expect(jobs[0].command).toMatch(/^npm run cifar:run -- --arm ".+" --seeds \d$/);
  });
});

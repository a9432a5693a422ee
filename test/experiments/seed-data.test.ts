/** The committed per-seed data store: round trip, run names, and clear errors for bad files. */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cbRunConfig } from "../../src/experiments/cb-config.js";
import { listSeedData, readSeedData, runDataName, seedDataSource, writeSeedData } from "../../src/experiments/seed-data.js";
import { planted } from "../claims/planted.js";

const dir = mkdtempSync(join(tmpdir(), "seed-data-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("seed data", () => {
  const seeds = planted("CB-10", [1, 2].map((seed) => ({ seed, colour: [2, 1, 0.5, 0.1], direction: [2, 3, 3.2, 3.3] })));
  const cfg = seeds[0].config;

  it("names runs by protocol", () => {
    expect(runDataName(cbRunConfig("CB-10", "paper"))).toBe("paper-CB-10");
    expect(runDataName(cbRunConfig("CB-20", "paper", { pretrainEpochs: 20, decode: "last-layer-colour" }))).toBe("paper-CB-20-P20-last-layer-colour");
    expect(runDataName(cbRunConfig("CB-2", "ci", { trainLabels: "shuffled", decode: "final-all" }))).toBe("ci-CB-2-final-all-shuffled");
  });

  it("round-trips seed-runs, lists them, and serves them as a source", async () => {
    writeSeedData(dir, seeds);
    expect(readSeedData(dir, cfg, [1, 2])).toEqual(seeds);
    expect(listSeedData(dir)).toEqual([{ run: runDataName(cfg), seeds: [1, 2] }]);
    expect(readdirSync(join(dir, "checkerboard", runDataName(cfg)))).toEqual(["seed-1.json", "seed-2.json"]);
    // A source answers with the configured protocol; planted results carry a planted probe grid,
    // so the paper config differs and the store says so.
    const source = seedDataSource(dir, "paper", () => [1, 2]);
    await expect(source("CB-10", {})).rejects.toThrow(/measured with another protocol than the current paper-CB-10 config/);
  });

  it("names the file when one is missing, not JSON, or not a seed result", () => {
    expect(() => readSeedData(dir, cfg, [3])).toThrow(/no committed seed data .*seed-3\.json/);
    const bad = join(dir, "checkerboard", runDataName(cfg));
    mkdirSync(bad, { recursive: true });
    writeFileSync(join(bad, "seed-4.json"), "{not json");
    expect(() => readSeedData(dir, cfg, [4])).toThrow(/seed-4\.json is not valid JSON/);
    writeFileSync(join(bad, "seed-5.json"), "{}");
    expect(() => readSeedData(dir, cfg, [5])).toThrow(/seed-5\.json is not a checkerboard seed result for seed 5/);
  });
});

/**
 * Estimator regression logic: tolerance from the seed spread, comparison, and a planted change
 * (CB decoder width halved: hidden [64, 32, 16] instead of [128, 64, 32]) caught on the real
 * fixtures, while the unchanged decoder reproduces the baselines.
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../src/runtime/files.js";
import {
  BASELINES_FILE,
  baselinesFrom,
  compareToBaselines,
  fixturesDir,
  formatComparison,
  loadSnapshots,
  measureSnapshots,
  readBaselines,
  toleranceFromSpread,
  type Measurement,
} from "../../src/info/regression.js";
import { initBackend } from "../../src/runtime/backend.js";

const dir = fixturesDir(REPO_ROOT);

beforeAll(async () => {
  await initBackend();
});

describe("tolerance and comparison", () => {
  it("tolerance = max(floor, K sd)", () => {
    expect(toleranceFromSpread([1, 1, 1]).toleranceBits).toBe(0.01);
    const { sdBits, toleranceBits } = toleranceFromSpread([0.9, 1.0, 1.1]);
    expect(sdBits).toBeCloseTo(0.1, 12);
    expect(toleranceBits).toBeCloseTo(0.5, 12);
    expect(() => toleranceFromSpread([1])).toThrow(/needs >= 2 seeds/);
  });

  it("flags a move beyond tolerance and a missing entry, passes a move within", () => {
    const m = (key: string, bits: number[]): Measurement => ({ key, snapshot: key, label: "colour", family: "cb", epochs: 1, seeds: [1, 2, 3], bits });
    const entries = baselinesFrom([m("a", [0.5, 0.51, 0.49]), m("b", [1, 1, 1]), m("c", [0.2, 0.2, 0.2])]);
    const rows = compareToBaselines(entries, [m("a", [0.55, 0, 0]), m("b", [1.02, 0, 0])]);
    expect(rows.map((r) => r.pass)).toEqual([true, false, false]);
    expect(formatComparison(rows)).toMatch(/MOVED\s+b\s+colour\s+cb\s+1\.0000\s+1\.0200\s+0\.0200\s+0\.0100/);
    expect(Number.isNaN(rows[2].measuredBits)).toBe(true);
  });
});

describe("on the real fixtures (all snapshots, CB decoder, ci protocol)", () => {
  const file = readBaselines(join(dir, BASELINES_FILE));
  const snaps = loadSnapshots(dir);
  const entries = file.scales.ci!.entries.filter((e) => e.family === "cb");

  it("unchanged code reproduces the baselines (all within tolerance)", async () => {
    const rows = compareToBaselines(entries, await measureSnapshots(snaps, "ci", { families: ["cb"] }));
    expect(rows.length).toBe(10);
    expect(rows.filter((r) => !r.pass), formatComparison(rows)).toEqual([]);
  });

  it("a planted change, decoder width halved ([64, 32, 16]), is caught", async () => {
    const ms = await measureSnapshots(snaps, "ci", { families: ["cb"], override: (_f, cfg) => ({ ...cfg, hidden: [64, 32, 16] }) });
    const rows = compareToBaselines(entries, ms);
    const moved = rows.filter((r) => !r.pass);
    console.log(`planted change (CB hidden [64, 32, 16]):\n${formatComparison(rows)}`);
    expect(moved.length, formatComparison(rows)).toBeGreaterThan(0);
  });
});

/**
 * Estimator regression logic: exact comparison on the baselines' backend and code, spread
 * tolerances (capped at 5% of H(Y)) elsewhere, degenerate entries reported, and a planted change
 * (CB decoder width halved) caught on the real fixtures while unchanged code reproduces them exactly.
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../src/runtime/files.js";
import { estimatorOrigin } from "../../src/experiments/cache.js";
import {
  BASELINES_FILE,
  baselinesFrom,
  compareToBaselines,
  comparisonMode,
  EXACT_TOLERANCE_BITS,
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
  await initBackend("wasm");
});

describe("tolerance and comparison", () => {
  it("spread tolerance = min(max(floor, K sd), 5% of H(Y)); a large spread is degenerate", () => {
    expect(toleranceFromSpread([1, 1, 1], 1).toleranceBits).toBe(0.01);
    const mid = toleranceFromSpread([0.99, 1.0, 1.01], 1);
    expect(mid.sdBits).toBeCloseTo(0.01, 12);
    expect(mid.toleranceBits).toBeCloseTo(0.05, 12); // 5 sd = 0.05 = the cap on a 1-bit label
    const wide = toleranceFromSpread([0.9, 1.0, 1.1], 1);
    expect(wide.toleranceBits).toBe(0.05);
    expect(wide.degenerate).toBe(true);
    expect(toleranceFromSpread([0.9, 1.0, 1.1], Math.log2(10)).degenerate).toBe(false);
    expect(() => toleranceFromSpread([1], 1)).toThrow(/needs >= 2 seeds/);
  });

  const m = (key: string, bits: number[]): Measurement => ({ key, snapshot: key, label: "colour", family: "cb", epochs: 1, seeds: [1, 2, 3], bits, hYBits: 1 });
  const entries = baselinesFrom([m("a", [0.5, 0.51, 0.49]), m("b", [1, 1, 1]), m("c", [0.2, 0.2, 0.2]), m("d", [0.2, 0.6, -0.3])]);

  it("exact mode flags any move; spread mode tolerates the seed spread", () => {
    const now = [m("a", [0.5 + 1e-6, 0, 0]), m("b", [1, 0, 0]), m("c", [0.2, 0, 0]), m("d", [0.2, 0, 0])];
    expect(compareToBaselines(entries, now, "exact").map((r) => r.pass)).toEqual([false, true, true, true]);
    expect(compareToBaselines(entries, now, "spread").map((r) => r.pass)).toEqual([true, true, true, true]);
  });

  it("spread mode: a move beyond tolerance and a missing entry fail; a degenerate entry is reported, not compared", () => {
    const rows = compareToBaselines(entries, [m("a", [0.54, 0, 0]), m("b", [1.02, 0, 0]), m("d", [5, 0, 0])], "spread");
    expect(rows.map((r) => [r.pass, r.mode])).toEqual([
      [true, "spread"],
      [false, "spread"],
      [false, "spread"],
      [true, "degenerate"],
    ]);
    expect(formatComparison(rows)).toMatch(/MOVED\s+b\s+colour\s+cb\s+1\.0000\s+1\.0200/);
    expect(formatComparison(rows)).toMatch(/degen\s+d/);
    expect(Number.isNaN(rows[2].measuredBits)).toBe(true);
  });

  it("the mode is exact only on the same backend, implementation and estimator code", () => {
    const o = { backend: "wasm", decoderImplementation: "fast", estimatorVersion: "v1" };
    expect(comparisonMode(o, { ...o })).toBe("exact");
    expect(comparisonMode(o, { ...o, backend: "cpu" })).toBe("spread");
    expect(comparisonMode(o, { ...o, decoderImplementation: "bank" })).toBe("spread");
    expect(comparisonMode(o, { ...o, estimatorVersion: "v2" })).toBe("spread");
  });
});

describe("on the real fixtures (all snapshots, CB decoder, ci protocol)", () => {
  const file = readBaselines(join(dir, BASELINES_FILE));
  const snaps = loadSnapshots(dir);
  const base = file.scales.ci!;
  const entries = base.entries.filter((e) => e.family === "cb");

  it("unchanged code reproduces the baselines exactly on their backend and code", async () => {
    const origin = estimatorOrigin({ name: "wasm", gpu: false });
    expect(comparisonMode(base, origin), "the committed ci baselines must come from this code: run CLAIMS_SCALE=ci npm run estimator:rebaseline").toBe("exact");
    const rows = compareToBaselines(entries, await measureSnapshots(snaps, "ci", { families: ["cb"] }), "exact");
    expect(rows.length).toBe(10);
    expect(rows.filter((r) => !r.pass), formatComparison(rows)).toEqual([]);
    expect(Math.max(...rows.map((r) => Math.abs(r.deltaBits)))).toBeLessThanOrEqual(EXACT_TOLERANCE_BITS);
  });

  it("a planted change, decoder width halved ([64, 32, 16]), is caught in both modes", async () => {
    const ms = await measureSnapshots(snaps, "ci", { families: ["cb"], override: (_f, cfg) => ({ ...cfg, hidden: [64, 32, 16] }) });
    expect(compareToBaselines(entries, ms, "exact").filter((r) => !r.pass).length).toBeGreaterThan(5);
    const spread = compareToBaselines(entries, ms, "spread");
    expect(spread.filter((r) => !r.pass).length, formatComparison(spread)).toBeGreaterThan(0);
  });
});

/**
 * Estimator regression (issue 23): the power function against the exact t-test power and against
 * simulation, the paired check on planted readings (a constant +0.05 bit offset is caught; pure
 * seed noise drawn from the baselines' spread fails at most at alpha, and the Bonferroni
 * family-wise rate is what it should be), the baselines file and git-ref reading with their
 * errors, and on the real fixtures (CB family, ci protocol): unchanged code reproduces the
 * committed baselines exactly, a fresh set of decoder seeds passes, and the CB decoder's first
 * hidden layer halved is reported with its shift and CI.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../src/runtime/files.js";
import { estimatorOrigin } from "../../src/experiments/cache.js";
import { createRng, deriveSeed } from "../../src/runtime/rng.js";
import { tQuantile } from "../../src/stats/distributions.js";
import {
  BASELINES_FILE,
  CB_TARGET_SHIFT_BITS,
  compareShifts,
  comparisonMode,
  detectableShifts,
  emptyBaselineFile,
  EXACT_TOLERANCE_BITS,
  failProbability,
  fixturesDir,
  formatBaselines,
  formatReport,
  formatShiftTable,
  loadSnapshots,
  measureSnapshots,
  minimumDetectableShift,
  notReproduced,
  parseBaselines,
  PLANTED_CHANGES,
  powerGridMass,
  powerItemsOfBaselines,
  readBaselines,
  readBaselinesAtRef,
  REGRESSION_ALPHA,
  REGRESSION_MARGIN_BITS,
  REGRESSION_POWER,
  REGRESSION_SEEDS,
  regressionReport,
  type Measurement,
} from "../../src/info/checks/regression.js";
import { initBackend } from "../../src/runtime/backend.js";

const dir = fixturesDir(REPO_ROOT);
const committed = readBaselines(join(dir, BASELINES_FILE));
const ciBase = committed.scales.ci!;

beforeAll(async () => {
  await initBackend("wasm");
});

const meanOf = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const sdOf = (xs: number[]): number => {
  const m = meanOf(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
};

/** An entry's readings with `seeds`. */
const entry = (key: string, bits: number[], family: Measurement["family"] = "cb", seeds = bits.map((_, i) => i + 1)): Measurement => ({ key, snapshot: key, label: "colour", family, epochs: 1, seeds, bits, hYBits: 1 });

/** Readings drawn from N(mu + shift, sd) per seed: a decoder trained on another trajectory. */
function draw(rng: ReturnType<typeof createRng>, e: { key: string; family: Measurement["family"]; mu: number; sd: number }, n: number, shift = 0): Measurement {
  return entry(e.key, Array.from({ length: n }, () => e.mu + shift + e.sd * rng.normal()), e.family);
}

/** The committed ci baselines' spread per entry: the model of seed noise the planted tests draw from. */
const spread = ciBase.entries.map((e) => ({ key: e.key, family: e.family, mu: meanOf(e.bits), sd: sdOf(e.bits) }));
const N = ciBase.seeds.length;

describe("power: P(the check fails an entry) and the minimum detectable shift", () => {
  it("the quadrature over u = s/sigma integrates its density to 1", () => {
    for (const df of [1, 2, 3, 5, 15, 40]) expect(Math.abs(powerGridMass(df) - 1), `df ${df}`).toBeLessThan(1e-6);
  });

  it("without the margin it is the exact power of the two-sided t test (noncentral t)", () => {
    // G*Power 3.1, one-sample t test, two tails, d = 0.5, alpha 0.05, n = 34: actual power 0.8077775.
    expect(failProbability(0.5, 1, { n: 34, entries: 1, alpha: 0.05, marginBits: 0 })).toBeCloseTo(0.8077775, 5);
    // Under no shift the rejection rate is the per-entry level alpha / m.
    expect(failProbability(0, 1, { n: 16, entries: 30, marginBits: 0 })).toBeCloseTo(REGRESSION_ALPHA / 30, 7);
    // Zero spread: the differences are the shift; fails exactly when beyond the margin.
    expect(failProbability(0.03, 0, { n: 16, entries: 30 })).toBe(1);
    expect(failProbability(0.01, 0, { n: 16, entries: 30 })).toBe(0);
  });

  it("the MDS is where the power reaches 80%, grows with the spread, never undercuts the margin and is close to (t_crit + t_power) se", () => {
    const design = { n: 16, entries: 30 };
    const mds = minimumDetectableShift(0.024, design);
    expect(failProbability(mds, Math.SQRT2 * 0.024, design)).toBeCloseTo(REGRESSION_POWER, 5);
    const approx = (tQuantile(1 - REGRESSION_ALPHA / 60, 15) + tQuantile(REGRESSION_POWER, 15)) * ((Math.SQRT2 * 0.024) / 4);
    expect(mds).toBeGreaterThan(approx); // the textbook shortcut reaches only ~78% power
    expect(mds / approx).toBeLessThan(1.05);
    expect(minimumDetectableShift(0.012, design)).toBeLessThan(mds);
    expect(minimumDetectableShift(0, design)).toBe(REGRESSION_MARGIN_BITS);
    expect(minimumDetectableShift(1e-4, design)).toBeGreaterThan(REGRESSION_MARGIN_BITS);
    expect(minimumDetectableShift(0.024, { n: 8, entries: 30 })).toBeGreaterThan(mds);
  });

  it("bad designs are refused with the bad value", () => {
    expect(() => failProbability(0.1, 0.01, { n: 1, entries: 30 })).toThrow(/n >= 2 seed pairs, got 1/);
    expect(() => failProbability(0.1, 0.01, { n: 16, entries: 0 })).toThrow(/entries must be a positive integer, got 0/);
    expect(() => failProbability(0.1, 0.01, { n: 16, entries: 3, alpha: 1.5 })).toThrow(/alpha must lie in \(0, 1\), got 1.5/);
    expect(() => failProbability(0.1, -1, { n: 16, entries: 3 })).toThrow(/sd must be finite and >= 0, got -1/);
    expect(() => minimumDetectableShift(Number.NaN, { n: 16, entries: 3 })).toThrow(/seed sd must be finite/);
  });

  it("simulated: at the MDS the real check fails an entry 80% of the time (t-bound and margin-bound entries)", () => {
    const rng = createRng(deriveSeed(23, "mds-simulation"));
    const m = 30;
    for (const sd of [0.024, 0.002]) {
      const mds = minimumDetectableShift(sd, { n: N, entries: m });
      const es = Array.from({ length: m }, (_, i) => ({ key: `e${i}`, family: "cb" as const, mu: 0.5, sd }));
      let fails = 0;
      const reps = 300;
      for (let r = 0; r < reps; r++) {
        const cmp = compareShifts(es.map((e) => draw(rng, e, N)), es.map((e) => draw(rng, e, N, mds)));
        fails += cmp.failed.length;
      }
      console.log(`seed sd ${sd}: MDS ${mds.toFixed(4)} bit; the check failed ${fails} of ${reps * m} entry-trials (${((100 * fails) / (reps * m)).toFixed(1)}%)`);
      // 9000 entry-trials: binomial sd of the rate 0.004; 0.03 is ~7 sd.
      expect(Math.abs(fails / (reps * m) - REGRESSION_POWER), `sd ${sd}, MDS ${mds}`).toBeLessThan(0.03);
    }
  });
});

describe("the paired check on planted readings (the committed ci baselines and their spread)", () => {
  it("a constant +0.05 bit on every reading is caught on every entry, with the shift and a CI around it", () => {
    const after = ciBase.entries.map((e) => ({ ...e, bits: e.bits.map((b) => b + 0.05) }));
    const cmp = compareShifts(ciBase.entries, after);
    expect(cmp.entries).toBe(30);
    expect(cmp.failed.length).toBe(30);
    for (const r of cmp.rows) {
      expect(r.shiftBits).toBeCloseTo(0.05, 12);
      expect(r.ci[0]).toBeLessThanOrEqual(r.shiftBits);
      expect(r.ci[1]).toBeGreaterThanOrEqual(r.shiftBits);
      expect(r.ci[0]).toBeGreaterThan(0.05 - 1e-9);
    }
    expect(formatShiftTable(cmp)).toMatch(/\+0\.0500\s+\+0\.0500\s+\+0\.0500\s+0\.0e\+0\s+–\s+FAIL/);
  });

  it("+0.05 bit on readings of other trajectories (drawn from the baselines' spread) is caught on every CB entry at least 80% of the time", () => {
    const rng = createRng(deriveSeed(23, "offset-0.05"));
    const reps = 400;
    const caught = new Map<string, number>();
    let checkFailed = 0;
    for (let r = 0; r < reps; r++) {
      const cmp = compareShifts(spread.map((e) => draw(rng, e, N)), spread.map((e) => draw(rng, e, N, CB_TARGET_SHIFT_BITS)));
      if (!cmp.pass) checkFailed++;
      for (const row of cmp.failed) caught.set(row.key, (caught.get(row.key) ?? 0) + 1);
    }
    expect(checkFailed).toBe(reps);
    const cb = spread.filter((e) => e.family === "cb");
    console.log(`+0.05 bit on other trajectories, ${reps} draws: the check failed ${checkFailed} times; caught per CB entry: ${cb.map((e) => `${e.key.replace(".usnap", "").replace("|cb", "")} ${(100 * (caught.get(e.key) ?? 0)) / reps}%`).join(", ")}`);
    const mds = detectableShifts(powerItemsOfBaselines(ciBase.entries), 30);
    for (const e of cb) {
      expect(mds.get(e.key)!, `${e.key}: MDS above the 0.05 bit target`).toBeLessThan(CB_TARGET_SHIFT_BITS);
      // 400 reps: binomial sd of an 80% rate 0.02; the worst entry's power at 0.05 bit is ~0.95.
      expect((caught.get(e.key) ?? 0) / reps, e.key).toBeGreaterThanOrEqual(REGRESSION_POWER);
    }
  });

  it("pure seed noise (fresh seeds drawn from the baselines' spread) fails the check at most alpha of the time; Bonferroni's family-wise rate is ~alpha", () => {
    const rng = createRng(deriveSeed(23, "seed-noise"));
    const reps = 2000;
    let failed = 0;
    let anySignificant = 0;
    for (let r = 0; r < reps; r++) {
      const cmp = compareShifts(spread.map((e) => draw(rng, e, N)), spread.map((e) => draw(rng, e, N)));
      if (!cmp.pass) failed++;
      if (cmp.rows.some((x) => x.significant)) anySignificant++;
    }
    console.log(`pure seed noise, ${reps} draws: the check failed ${failed} times (${((100 * failed) / reps).toFixed(2)}%); some entry significant (margin aside) ${anySignificant} times (${((100 * anySignificant) / reps).toFixed(2)}%)`);
    expect(failed / reps).toBeLessThanOrEqual(REGRESSION_ALPHA);
    // Without the margin: 1 - (1 - 0.05/30)^30 = 0.0488 for 30 independent entries; binomial sd 0.005.
    expect(anySignificant / reps).toBeGreaterThan(0.03);
    expect(anySignificant / reps).toBeLessThan(0.07);
  });

  it("pairs by seed whatever the order, or by position; a missing entry or too few pairs fails, on top", () => {
    const before = [entry("a", [0.5, 0.51, 0.49, 0.5]), entry("b", [1, 1.01, 0.99, 1]), entry("c", [0.2, 0.21, 0.19, 0.2])];
    const reversed = entry("a", [0.49 + 0.03, 0.51 + 0.03, 0.5 + 0.03, 0.5 + 0.03], "cb", [3, 2, 1, 4]);
    const bySeed = compareShifts(before, [reversed, entry("b", [1, 1.01, 0.99, 1]), entry("c", [0.2, 0.2], "cb", [1, 2])]);
    const a = bySeed.rows.find((r) => r.key === "a")!;
    expect(a.maxSeedDeltaBits).toBeCloseTo(0.03, 12); // seed 3 with seed 3: a constant +0.03
    expect(a.fail).toBe(true);
    const c = bySeed.rows.find((r) => r.key === "c")!;
    expect(c.problem).toMatch(/2 seed pair\(s\).*needs >= 3/);
    expect(bySeed.rows[0].key).toBe("c");
    expect(bySeed.rows.find((r) => r.key === "b")!.fail).toBe(false);
    const byPosition = compareShifts(before, [reversed], { pairing: "position" });
    expect(byPosition.rows.find((r) => r.key === "a")!.maxSeedDeltaBits).toBeCloseTo(0.04, 12);
    expect(byPosition.rows.filter((r) => r.problem === "not measured").map((r) => r.key)).toEqual(["b", "c"]);
  });

  it("a significant shift within the margin passes; exact mode also flags a 1e-6 bit change on one seed", () => {
    const before = [entry("a", [0.5, 0.5001, 0.4999, 0.5, 0.5002])];
    const moved = [entry("a", before[0].bits.map((b) => b + 0.01))];
    const small = compareShifts(before, moved);
    expect(small.rows[0].significant).toBe(true);
    expect(small.pass).toBe(true);
    const tiny = [entry("a", [0.5 + 1e-6, 0.5001, 0.4999, 0.5, 0.5002])];
    expect(regressionReport(before, tiny, "exact").pass).toBe(false);
    expect(notReproduced(compareShifts(before, tiny)).map((r) => r.key)).toEqual(["a"]);
    expect(regressionReport(before, tiny, "paired").pass).toBe(true);
    expect(formatReport(regressionReport(before, tiny, "exact"))).toMatch(/1 entry with a seed reading off by more than 1e-9/);
  });

  it("the Markdown table lists every shift with its CI, largest first", () => {
    const after = ciBase.entries.map((e, i) => ({ ...e, bits: e.bits.map((b) => b + 0.001 * i) }));
    const r = regressionReport(ciBase.entries, after, "paired");
    const md = formatReport(r, "markdown").split("\n").filter((l) => l.startsWith("| CB-"));
    expect(md.length).toBe(30);
    const shifts = md.map((l) => Number(l.split(" | ")[6]));
    expect(shifts).toEqual([...shifts].sort((x, y) => y - x));
    expect(shifts[0]).toBeCloseTo(0.029, 4);
  });
});

describe("the baselines file", () => {
  it("round-trips bit for bit, one entry per line, seeds stored once per scale", () => {
    const text = formatBaselines(committed);
    const back = parseBaselines(text, "round trip");
    for (const [scale, s] of Object.entries(committed.scales)) {
      const t = back.scales[scale as "ci"]!;
      expect(t.seeds).toEqual(s!.seeds);
      for (const e of s!.entries) expect(t.entries.find((x) => x.key === e.key)!.bits).toEqual(e.bits);
    }
    expect(text.split("\n").filter((l) => l.trim().startsWith('{"key"')).length).toBe(Object.values(committed.scales).reduce((a, s) => a + s!.entries.length, 0));
    expect(ciBase.seeds).toEqual([...REGRESSION_SEEDS]);
  });

  it("reads a version-2 file as its spread seeds", () => {
    const v2 = {
      format: "usable-info-estimator-baselines",
      version: 2,
      scales: { ci: { protocol: { cb: 15, cifar: 8, linear: 50 }, backend: "wasm", decoderImplementation: "fast", estimatorVersion: "v", entries: [{ key: "k", snapshot: "s", label: "colour", family: "cb", epochs: 15, hYBits: 1, bits: 0.5, seedBits: [0.5, 0.6, 0.7], seeds: [1, 2, 3] }] } },
    };
    const f = parseBaselines(JSON.stringify(v2), "v2");
    expect(f.scales.ci!.seeds).toEqual([1, 2, 3]);
    expect(f.scales.ci!.entries[0].bits).toEqual([0.5, 0.6, 0.7]);
  });

  it("bad files give errors that name the file and the problem", () => {
    const d = mkdtempSync(join(tmpdir(), "regression-"));
    expect(() => readBaselines(join(d, "none.json"))).toThrow(/no baselines at .*none\.json; run npm run estimator:rebaseline/);
    writeFileSync(join(d, "bad.json"), "{");
    expect(() => readBaselines(join(d, "bad.json"))).toThrow(/bad\.json: not valid JSON/);
    expect(() => parseBaselines('{"format":"other"}', "x.json")).toThrow(/x\.json: format "other"/);
    expect(() => parseBaselines(JSON.stringify({ ...emptyBaselineFile(), version: 9 }), "x.json")).toThrow(/version 9; this code reads versions 2 and 3/);
    const short = JSON.parse(formatBaselines(committed));
    short.scales.ci.entries[0].bits.pop();
    expect(() => parseBaselines(JSON.stringify(short), "y.json")).toThrow(/y\.json \(ci\): entry .*: 15 readings for 16 seeds/);
  });

  it("reads another commit's baselines with git show, and says clearly when the ref or the file is missing", () => {
    expect(readBaselinesAtRef("HEAD", REPO_ROOT).scales.ci).toBeDefined();
    expect(() => readBaselinesAtRef("no-such-ref-23", REPO_ROOT)).toThrow(/"no-such-ref-23" is not a commit/);
    expect(() => readBaselinesAtRef("--output=x", REPO_ROOT)).toThrow(/does not look like a git ref/);
    const root = execFileSync("git", ["rev-list", "--max-parents=0", "HEAD"], { cwd: REPO_ROOT, encoding: "utf8" }).trim().split("\n")[0];
    expect(() => readBaselinesAtRef(root, REPO_ROOT)).toThrow(/has no fixtures\/estimator\/baselines\.json/);
  });
});

describe("npm run estimator:compare (scripts/estimator-compare.ts)", () => {
  const compare = (args: string[]) => spawnSync(process.execPath, ["--import", "tsx", join(REPO_ROOT, "scripts", "estimator-compare.ts"), ...args], { cwd: REPO_ROOT, encoding: "utf8", timeout: 60_000 });

  it("--base HEAD --head HEAD: the Markdown table of every entry, exact mode, exit 0, --out written", () => {
    const out = join(mkdtempSync(join(tmpdir(), "compare-")), "shifts.md");
    const r = compare(["--base", "HEAD", "--head", "HEAD", "--scale", "ci", "--out", out]);
    expect(r.stderr).toMatch(/wrote .*shifts\.md/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^# Estimator regression: HEAD -> HEAD \(ci\)/);
    expect(r.stdout).toMatch(/exact mode; families cb, cifar, linear; verdict: PASS/);
    expect(r.stdout.split("\n").filter((l) => l.startsWith("| CB-")).length).toBe(30);
    expect(readFileSync(out, "utf8")).toBe(r.stdout.replace(/\n$/, ""));
  });

  it("no --base is a usage error (exit 2); a ref that is not a commit is an error (exit 1)", () => {
    const none = compare([]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^--base REF is required.*\nusage: npm run estimator:compare -- --base REF/s);
    const bad = compare(["--base", "no-such-ref-23"]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe(`error: estimator regression: "no-such-ref-23" is not a commit in ${REPO_ROOT} (git rev-parse failed)\n`);
  });
});

describe("on the real fixtures (CB family, ci protocol)", () => {
  const snaps = loadSnapshots(dir);
  const cbBase = ciBase.entries.filter((e) => e.family === "cb");

  it("unchanged code reproduces the committed baselines exactly on their backend and code (seeds 1, 2)", async () => {
    const origin = estimatorOrigin({ name: "wasm", gpu: false });
    expect(comparisonMode(ciBase, origin), "the committed ci baselines must come from this code: run CLAIMS_SCALE=ci npm run estimator:rebaseline").toBe("exact");
    const ms = await measureSnapshots(snaps, "ci", { families: ["cb"], seeds: [1, 2] });
    expect(ms.length).toBe(cbBase.length);
    for (const e of cbBase) {
      const m = ms.find((x) => x.key === e.key)!;
      expect(Math.max(...m.bits.map((b, i) => Math.abs(b - e.bits[i]))), e.key).toBeLessThanOrEqual(EXACT_TOLERANCE_BITS);
    }
  });

  it("a fresh set of decoder seeds (17-24, paired by position with 1-8) on the unchanged estimator passes", async () => {
    const ms = await measureSnapshots(snaps, "ci", { families: ["cb"], seeds: [17, 18, 19, 20, 21, 22, 23, 24] });
    const before = cbBase.map((e) => ({ ...e, seeds: e.seeds.slice(0, 8), bits: e.bits.slice(0, 8) }));
    const r = regressionReport(before, ms, "paired", { pairing: "position" });
    console.log(`fresh decoder seeds 17-24 vs baseline seeds 1-8 (CB family, ci):\n${formatReport(r)}`);
    expect(r.comparison.rows.every((x) => x.n === 8 && Number.isFinite(x.ci[0]) && x.ci[0] <= x.shiftBits && x.shiftBits <= x.ci[1])).toBe(true);
    expect(r.comparison.failed.map((x) => x.key)).toEqual([]);
    expect(Math.max(...r.comparison.rows.map((x) => x.maxSeedDeltaBits))).toBeGreaterThan(0); // other seeds, other readings
  });

  it("the CB decoder's first hidden layer halved (128 -> 64) is reported with its shift and CI on every CB entry", async () => {
    const plant = PLANTED_CHANGES["cb-first-hidden-64"];
    const ms = await measureSnapshots(snaps, "ci", { families: ["cb"], seeds: [1, 2, 3, 4, 5, 6, 7, 8], override: plant.override });
    const before = cbBase.map((e) => ({ ...e, seeds: e.seeds.slice(0, 8), bits: e.bits.slice(0, 8) }));
    const r = regressionReport(before, ms, "paired");
    console.log(`${plant.description} (CB family, ci, seeds 1-8):\n${formatReport(r)}`);
    const rows = r.comparison.rows;
    expect(rows.length).toBe(10);
    for (const x of rows) {
      expect(x.n).toBe(8);
      expect(x.ci[0]).toBeLessThanOrEqual(x.shiftBits);
      expect(x.shiftBits).toBeLessThanOrEqual(x.ci[1]);
      expect(x.fail).toBe(x.significant && Math.abs(x.shiftBits) > REGRESSION_MARGIN_BITS);
    }
    expect(rows.map((x) => Math.abs(x.shiftBits))).toEqual(rows.map((x) => Math.abs(x.shiftBits)).sort((a, b) => b - a));
    // The plant did change the decoder: readings no longer reproduce bit for bit.
    expect(notReproduced(r.comparison).length).toBeGreaterThan(5);
  });
});

/**
 * Every script parses its command line strictly (scripts/lib/cli.ts): a misspelt flag, a bad value
 * or a bad seed list is a usage error (exit 2, the usage line) before any work, and leaves no file;
 * an error during the work prints its message, not a bundle's source (exit 1).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cbRunConfig } from "../../src/experiments/cb-config.js";
import { cbResultKey } from "../../src/experiments/cb-runner.js";
import { allPaperArms } from "../../src/experiments/cifar-protocol.js";
import { initBackend } from "../../src/runtime/backend.js";
import { REPO_ROOT } from "../../src/runtime/files.js";

const dir = mkdtempSync(join(tmpdir(), "scripts-"));
const cacheDir = join(dir, "cache");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  await initBackend("wasm");
});

function run(script: string, args: string[]): { status: number | null; stderr: string; stdout: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(REPO_ROOT, "scripts", script), ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, CLAIMS_CACHE_DIR: cacheDir, CLAIMS_BACKEND: "wasm", CLAIMS_GPU_CHECK_DIR: join(dir, "gpu-check") },
  });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

/** Everything under the test folder (to show that nothing was written). */
const written = () => readdirSync(dir, { recursive: true }).map(String).sort();

describe("usage errors: exit 2 with the usage line, nothing written", () => {
  const out = join(dir, "out");
  const cases: [string, string[], RegExp][] = [
    ["claims-status.ts", ["--interm"], /^Unknown option '--interm'.*\nusage: npm run claims:status -- \[--scale paper\|ci\] \[--interim\]\n$/s],
    ["claims-status.ts", ["--scale", "huge"], /^--scale must be paper or ci, got "huge"\nusage: /],
    ["rebaseline-estimator.ts", ["--dir", join(dir, "missing")], /--dir .*missing: no such folder\nusage: npx tsx scripts\/rebaseline-estimator\.ts/],
    ["make-estimator-snapshots.ts", ["--outt", out], /^Unknown option '--outt'.*usage: npx tsx scripts\/make-estimator-snapshots\.ts/s],
    ["download-cifar.ts", ["cifar10", "--dir", out, "--connect-timeout", "NaN"], /^--connect-timeout must be a positive number of seconds, got "NaN"\nusage: /],
    ["make-cifar-fixtures.ts", ["--out"], /^Option '--out <value>' argument missing\nusage: npx tsx scripts\/make-cifar-fixtures\.ts/],
    ["run-cifar.ts", ["--arm", "no such arm"], /^no arm "no such arm"; --list shows them\nusage: /],
    ["run-cifar.ts", ["--arm", [...allPaperArms().keys()][0], "--seeds", "1,,2"], /^--seeds: "1,,2" is not a comma-separated list of positive integers \(bad item ""\)\nusage: /],
    ["use-libtensorflow.ts", ["--sha256", "abc", "--archive", join(out, "x.tar.gz")], /^--sha256 must be 64 hex digits, got "abc"\nusage: npm run gpu:cuda12/],
    ["run-checkerboard.ts", ["CB-2", "--scale", "ci", "--seeds", "1,,2"], /^--seeds: "1,,2" is not a comma-separated list.*\nusage: npx tsx scripts\/run-checkerboard\.ts/],
    ["run-checkerboard.ts", ["CB-2", "--decode", "some"], /^--decode must be one of all, final-all, last-layer-colour, got "some"\nusage: /],
    ["estimator-known-failures.ts", ["--families", "linear,cb"], /^--families: unknown family "cb"; the families are cb-lr0\.05, cb-lr0\.5, cifar, linear\nusage: npx tsx scripts\/estimator-known-failures\.ts/],
  ];
  for (const [script, args, re] of cases) {
    it(`${script} ${args.join(" ")}`, () => {
      const r = run(script, args);
      expect(r.stderr).toMatch(re);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(written()).toEqual([]);
    });
  }
});

describe("errors during the work", () => {
  it("a corrupt cache entry: exit 1, its file named with the fix, no minified source, no training, no lock left", async () => {
    const { name } = await initBackend("wasm");
    const key = cbResultKey(cbRunConfig("CB-2", "ci"), name, "fast");
    const entry = join(cacheDir, "checkerboard", key, "seed-1.json");
    mkdirSync(join(cacheDir, "checkerboard", key), { recursive: true });
    writeFileSync(entry, "{}");
    const t0 = performance.now();
    const r = run("run-checkerboard.ts", ["CB-2", "--scale", "ci", "--seeds", "1"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`error: cache entry ${entry}: not a cache entry of format usable-info-claims/result/2 (no envelope with a checksum); it is not used: delete it to recompute (rm '${entry}')\n`);
    expect(performance.now() - t0).toBeLessThan(20_000);
    expect(written()).toEqual(["cache", "cache/checkerboard", `cache/checkerboard/${key}`, `cache/checkerboard/${key}/seed-1.json`]);
  });
});

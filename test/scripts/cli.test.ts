/** The scripts' entry helper: strict flags, usage errors (exit 2), errors with causes (exit 1), seed lists. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { describeError, parseCount, parseSeedList } from "../../scripts/lib/cli.js";
import { REPO_ROOT } from "../../src/runtime/files.js";

const dir = mkdtempSync(join(tmpdir(), "cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(body: string, args: string[]): { status: number | null; stderr: string; stdout: string } {
  const file = join(dir, `s${Math.random().toString(36).slice(2)}.mts`);
  writeFileSync(file, `import { runScript, UsageError } from ${JSON.stringify(join(REPO_ROOT, "scripts/lib/cli.ts"))};\n${body}\n`);
  const r = spawnSync(process.execPath, ["--import", "tsx", file, ...args], { cwd: REPO_ROOT, encoding: "utf8", timeout: 60_000 });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

describe("parseSeedList and parseCount", () => {
  it("accepts distinct positive integers and names the flag otherwise", () => {
    expect(parseSeedList("seeds", "1,2,3")).toEqual([1, 2, 3]);
    expect(() => parseSeedList("seeds", "1,,2")).toThrow(/--seeds: "1,,2" is not a comma-separated list of positive integers \(bad item ""\)/);
    expect(() => parseSeedList("seeds", "1,0")).toThrow(/seeds are integers >= 1, got 0/);
    expect(() => parseSeedList("seeds", "1,1.5")).toThrow(/bad item "1\.5"/);
    expect(() => parseSeedList("seeds", "2,2")).toThrow(/seed 2 is listed twice/);
    expect(parseCount("pretrain", "20")).toBe(20);
    expect(() => parseCount("pretrain", "NaN")).toThrow(/--pretrain: expected a non-negative integer, got "NaN"/);
  });
  it("describeError prints the causes", () => {
    expect(describeError(new Error("outer", { cause: new Error("inner") }))).toBe("outer\ncaused by: inner");
  });
});

describe("runScript", () => {
  const body = `await runScript({ usage: "x --seeds LIST", options: { seeds: { type: "string" } } }, ({ values }) => {
    if (values.seeds === "boom") throw new Error("it broke", { cause: new Error("the reason") });
    if (values.seeds === "usage") throw new UsageError("--seeds: bad");
    if (values.seeds === "found") { console.log("something moved"); process.exitCode = 1; return; }
    console.log("ok " + values.seeds);
  });`;
  it("runs main and exits 0", () => {
    const r = run(body, ["--seeds", "1,2"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("ok 1,2\n");
  });
  it("a check that found something (process.exitCode = 1, e.g. pins --check) exits 1 when main returns", () => {
    const r = run(body, ["--seeds", "found"]);
    expect(r.stdout).toBe("something moved\n");
    expect(r.status).toBe(1);
  });
  it("a misspelt flag or a missing value is a usage error (exit 2, with the usage line)", () => {
    const r = run(body, ["--sedes", "1"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Unknown option '--sedes'/);
    expect(r.stderr).toMatch(/usage: x --seeds LIST/);
    expect(run(body, ["--seeds"]).status).toBe(2);
    expect(run(body, ["--seeds", "usage"]).status).toBe(2);
  });
  it("an error prints its message and cause only (exit 1), even after the wasm backend loaded", () => {
    const withWasm = `import { initBackend } from ${JSON.stringify(join(REPO_ROOT, "src/runtime/backend.ts"))};\nawait initBackend("wasm");\n${body}`;
    const r = run(withWasm, ["--seeds", "boom"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("error: it broke\ncaused by: the reason\n");
  });
});

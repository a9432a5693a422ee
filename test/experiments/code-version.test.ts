/**
 * Code versions cover every file a runner reaches (imports, worker modules, WebAssembly kernels
 * and their C sources and headers), so a new helper file cannot silently drop out; cache keys
 * also cover the run environment (backend, decoder implementation, packages).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { codeVersion, dependencyClosure, resultPackageVersions, runEnvironment, UNVERSIONED_SOURCES } from "../../src/experiments/cache.js";
import { cbRunConfig } from "../../src/experiments/cb-config.js";
import { cbResultKey } from "../../src/experiments/cb-runner.js";
import { REPO_ROOT } from "../../src/runtime/files.js";

const dir = mkdtempSync(join(tmpdir(), "code-version-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tree(files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

describe("dependencyClosure", () => {
  it("follows imports (.js -> .ts, type-only, dynamic), worker modules, wasm kernels, their C sources and headers", () => {
    tree({
      "src/entry.ts": 'import { a } from "./a.js";\nimport type { T } from "./types.js";\nconst w = new URL(here.endsWith(".ts") ? "./worker.ts" : "./worker.js", here);\nawait import("./late.js");',
      "src/a.ts": 'const bytes = readFileSync(new URL("./wasm/k.wasm", import.meta.url));',
      "src/types.ts": "export type T = number;",
      "src/worker.ts": 'import { b } from "./b.js";',
      "src/b.ts": "export const b = 1;",
      "src/late.ts": "export {};",
      "src/wasm/k.c": '#include "../../lib/h.h"\nint f(void) { return 1; }',
      "src/wasm/k.wasm": "\0asm",
      "lib/h.h": "#define X 1",
      "src/unrelated.ts": "export const u = 2;",
    });
    const got = dependencyClosure(join(dir, "src/entry.ts")).map((f) => relative(dir, f));
    expect(got).toEqual(["lib/h.h", "src/a.ts", "src/b.ts", "src/entry.ts", "src/late.ts", "src/types.ts", "src/wasm/k.c", "src/wasm/k.wasm", "src/worker.ts"]);
  });

  it("the checkerboard scope holds the runner's kernels and workers, not the CIFAR code", () => {
    const rel = dependencyClosure(join(REPO_ROOT, "src/experiments/cb-runner.ts")).map((f) => relative(REPO_ROOT, f));
    for (const f of ["src/info/decoders/wasm/decoder.wasm", "src/info/decoders/wasm/decoder.c", "src/runtime/wasm/kernels.h", "src/training/wasm/cbnet.wasm", "src/info/decoders/decoder-worker.ts", "src/training/train-cb-worker.ts", "src/interfaces.ts"]) {
      expect(rel).toContain(f);
    }
    expect(rel.some((f) => f.includes("cifar"))).toBe(false);
    // Each unversioned file is reached by a runner (a stale entry in the list would hide nothing), and the CIFAR scope holds no checkerboard runner.
    const cifar = dependencyClosure(join(REPO_ROOT, "src/experiments/cifar-runner.ts")).map((f) => relative(REPO_ROOT, f));
    expect(cifar).not.toContain("src/experiments/cb-runner.ts");
    for (const u of UNVERSIONED_SOURCES) expect(rel.includes(u) || cifar.includes(u), u).toBe(true);
    expect(codeVersion("checkerboard")).toMatch(/^[0-9a-f]{16}$/);
    expect(codeVersion("cifar")).not.toBe(codeVersion("checkerboard"));
  });
});

describe("cache keys", () => {
  it("differ by backend, decoder implementation and config; packages are read from the lock file", () => {
    const cfg = cbRunConfig("CB-10", "ci");
    const k = cbResultKey(cfg, "wasm", "fast");
    expect(cbResultKey(cfg, "wasm", "fast")).toBe(k);
    expect(cbResultKey(cfg, "cpu", "fast")).not.toBe(k);
    expect(cbResultKey(cfg, "webgpu", "bank")).not.toBe(k);
    expect(cbResultKey({ ...cfg, trainer: "tfjs" }, "wasm", "fast")).not.toBe(k);
    expect(resultPackageVersions()["@tensorflow/tfjs"]).toMatch(/^\d+\.\d+\.\d+$/);
    expect(runEnvironment("wasm", "fast")).toMatchObject({ backend: "wasm", decoderImplementation: "fast" });
  });
});

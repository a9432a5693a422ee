/**
 * The committed WebAssembly kernels are built from their committed C sources: rebuild with the
 * same toolchain (Debian clang + lld) and compare bytes. Skipped, with the reason, where clang or
 * wasm-ld is not installed (a user's machine needs neither: the binaries are committed).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../src/runtime/files.js";

function has(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
}
const toolchain = has("clang") && has("wasm-ld");
const clangVersion = toolchain ? execFileSync("clang", ["--version"]).toString().split("\n")[0] : "";
// The committed binaries were built with Debian clang 14; another clang emits other (valid) bytes.
const sameClang = /clang version 14\./.test(clangVersion);

describe("wasm kernels", () => {
  it.skipIf(!toolchain || !sameClang)(
    `committed .wasm files match a rebuild of their sources (${toolchain ? clangVersion || "clang" : "skipped: clang/wasm-ld not installed (apt-get install clang lld)"})`,
    () => {
      const r = spawnSync("bash", [join(REPO_ROOT, "scripts", "build-wasm.sh"), "--check"], { encoding: "utf8" });
      expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    },
  );
});

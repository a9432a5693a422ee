// The README's API example is code a newcomer copies: run it as written (imports rewritten to
// this checkout) and check what it prints against the value the README shows and the truth.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../src/runtime/files.js";

const MARKER = "<!-- api-example:";

function exampleBlock(readme: string): string {
  const at = readme.indexOf(MARKER);
  if (at < 0) throw new Error(`README.md has no ${MARKER} block`);
  const m = /```ts\n([\s\S]*?)\n```/.exec(readme.slice(at));
  if (!m) throw new Error("README.md: no ```ts block after the api-example marker");
  return m[1];
}

describe("README API example", () => {
  it("runs as written and prints the usable information it shows, near the analytic truth", () => {
    const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
    const code = exampleBlock(readme).replaceAll('"./src/', `"${REPO_ROOT}/src/`);
    const dir = mkdtempSync(join(tmpdir(), "readme-example-"));
    try {
      const file = join(dir, "example.mts");
      writeFileSync(file, code);
      const run = spawnSync(process.execPath, ["--import", "tsx", file], { cwd: REPO_ROOT, encoding: "utf8", timeout: 120_000 });
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      const m = /I_u = (-?[\d.]+) \+- ([\d.]+) bit \(truth ([\d.]+)\), test accuracy ([\d.]+)/.exec(run.stdout);
      expect(m, run.stdout).not.toBeNull();
      const [, bits, se, truth] = m!.map(Number);
      expect(Math.abs(bits - truth)).toBeLessThan(3 * se + 0.02);
      // The README quotes the printed line; keep it true.
      expect(readme).toContain(`prints \`${run.stdout.trim()}\``);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

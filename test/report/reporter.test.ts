import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { TestCase } from "vitest/node";
import type { ClaimRecord } from "../../src/claim-interfaces.js";
import ClaimsReporter from "../../src/report/reporter.js";
import { schemaErrors } from "../../src/report/schema.js";
import { latestDir } from "../../src/report/write.js";
import { record } from "./records.js";

const root = mkdtempSync(join(tmpdir(), "claims-reporter-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A finished vitest test case carrying claim records in its meta. */
function testCase(state: "passed" | "failed" | "skipped", meta: { claim?: ClaimRecord; claims?: ClaimRecord[] }): TestCase {
  return { result: () => ({ state }), meta: () => meta, fullName: `test of ${meta.claim?.id ?? "controls"}` } as unknown as TestCase;
}

/** Run a reporter over test cases; returns what it printed. */
async function run(cases: TestCase[], reason: "passed" | "interrupted" = "passed"): Promise<string[]> {
  const printed: string[] = [];
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => (printed.push(String(s)), true));
  try {
    const r = new ClaimsReporter();
    for (const c of cases) r.onTestCaseResult(c);
    await r.onTestRunEnd([], [], reason);
  } finally {
    spy.mockRestore();
  }
  return printed.join("").trimEnd().split("\n");
}

describe("claims reporter", () => {
  beforeEach(() => (process.env.CLAIMS_REPORT_DIR = root));
  afterEach(() => delete process.env.CLAIMS_REPORT_DIR);

  it("writes a run folder and the latest pointer, prints one table, one report line, claim counts, and the totals line last", async () => {
    const lines = await run([
      testCase("passed", { claim: record("fig2a", "reproduced") }),
      testCase("failed", { claim: record("fig2b", "contradicted") }),
      testCase("skipped", { claim: record("fig2c", "skipped", { reason: "CB-20 is paper-scale only" }) }),
      testCase("passed", { claims: [record("control-fig6-minimal", "contradicted", { testOutcome: "pass" })] }),
    ]);
    expect(lines[lines.length - 1]).toBe("vitest: 2 passed, 1 failed, 1 skipped");
    expect(lines[lines.length - 2]).toBe("claims: 1 reproduced, 1 contradicted, 1 skipped, 1 controls working");
    expect(lines.filter((l) => l.startsWith("claims report: "))).toHaveLength(1);
    expect(lines.find((l) => l.startsWith("fig2c"))).toMatch(/skipped .*CB-20 is paper-scale only/);
    const dir = latestDir("ci", root)!;
    expect(dir).toMatch(/ci\/runs\/\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ$/);
    const doc = JSON.parse(readFileSync(join(dir, "claims.json"), "utf8"));
    expect(doc.partial).toBe(false);
    expect(schemaErrors(doc)).toEqual([]);
    expect(doc.claims.find((c: ClaimRecord) => c.id === "fig2a").provenance.source).toBe("vitest-run");
    expect(existsSync(join(dir, "claims.html"))).toBe(true);
    expect(existsSync(join(dir, "figures", "fig2a-colour-by-epoch.svg"))).toBe(true);
  }, 60_000);

  it("continues the latest report: a skip keeps the measured verdict, and a cut-off run stays marked partial", async () => {
    await new Promise((r) => setTimeout(r, 1100)); // a new run folder (timestamps have 1 s resolution)
    await run([testCase("skipped", { claim: record("fig2a", "skipped", { reason: "no GPU backend" }) })], "interrupted");
    const doc = JSON.parse(readFileSync(join(latestDir("ci", root)!, "claims.json"), "utf8"));
    expect(doc.partial).toBe(true);
    const fig2a = doc.claims.find((c: ClaimRecord) => c.id === "fig2a");
    expect(fig2a.status).toBe("reproduced");
    expect(fig2a.skippedThisRun.reason).toBe("no GPU backend");
    expect(fig2a.provenance.source).toBe("carried-over");
    expect(doc.claims.map((c: ClaimRecord) => c.id)).toEqual(["fig2a", "fig2b", "fig2c", "control-fig6-minimal"]);
  }, 60_000);

  it("prints only the totals line when no claim ran", async () => {
    expect(await run([testCase("passed", {})])).toEqual(["vitest: 1 passed, 0 failed"]);
  });
});

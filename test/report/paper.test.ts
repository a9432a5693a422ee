import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CIFAR_NOT_MEASURED } from "../../src/claims/cifar-claims.js";
import { reportJson, type ClaimsReport } from "../../src/report/document.js";
import { writePaperReport } from "../../src/report/paper.js";
import { schemaErrors } from "../../src/report/schema.js";
import { REPO_ROOT } from "../../src/runtime/files.js";
import { record, report } from "./records.js";

const SAMPLE = join(REPO_ROOT, "fixtures", "report-sample", "data");
// A subset keeps this test short; `npm run report:paper -- --data fixtures/report-sample/data
// --scale ci --out DIR` regenerates every claim.
const ONLY = ["fig2a", "fig2b", "fig2d", "fig6", "fig7", "control-fig6", "fig3", "fig5c"];
const tmp = mkdtempSync(join(tmpdir(), "report-paper-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function files(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!f.isFile()) continue;
    const p = join(f.parentPath, f.name);
    out.set(p.slice(dir.length + 1), readFileSync(p, "utf8"));
  }
  return out;
}

describe("npm run report:paper: the paper report regenerated from committed per-seed data", () => {
  const out = join(tmp, "paper");
  const opts = { dataRoot: SAMPLE, outDir: out, scale: "ci" as const, only: ONLY };

  it("evaluates the checkerboard claims from the seed files, with their provenance, and skips CIFAR with its reason", async () => {
    const { report: r } = await writePaperReport({ ...opts, now: new Date("2026-12-05T00:00:00.000Z") });
    expect(r.source).toBe("seed-data");
    expect(r.provenance.wallSeconds).toBeNull();
    expect(r.claims.map((c) => c.id)).toEqual(["fig2a", "fig2b", "fig2d", "fig3", "fig5c", "fig6", "fig7", "control-fig6-arms-swapped", "control-fig6-minimal"]);
    const fig2a = r.claims.find((c) => c.id === "fig2a")!;
    expect(fig2a.provenance).toMatchObject({ source: "seed-data", codeVersions: ["planted-sample"], backends: ["planted"], decoderImplementations: ["fast"], sameCodeAsPage: false });
    expect(fig2a.provenance!.dataFiles).toContain("fixtures/report-sample/data/checkerboard/ci-CB-2/seed-1.json");
    expect(fig2a.evaluatedAt).toBe(fig2a.provenance!.measured!.to);
    expect(fig2a.checks.every((k) => k.values !== undefined)).toBe(true);
    expect(r.claims.find((c) => c.id === "fig3")).toMatchObject({ status: "skipped", reason: CIFAR_NOT_MEASURED });
    expect(r.claims.find((c) => c.id === "control-fig6-minimal")!.testOutcome).toBe("pass");
    const json = readFileSync(join(out, "claims.json"), "utf8");
    expect(schemaErrors(JSON.parse(json))).toEqual([]);
    expect(json).not.toContain(REPO_ROOT);
    expect(json).not.toContain(tmpdir() + "/");
    expect(readFileSync(join(out, "claims.html"), "utf8")).toContain("measured by other code than this page");
    expect(existsSync(join(out, "figures", "fig2a-colour-by-epoch.svg"))).toBe(true);
  }, 60_000);

  it("gives identical files apart from the generation date when run again", async () => {
    const first = files(out);
    await writePaperReport({ ...opts, now: new Date("2026-12-06T11:22:33.000Z") });
    const second = files(out);
    expect([...second.keys()].sort()).toEqual([...first.keys()].sort());
    for (const [name, text] of first) {
      const again = second.get(name)!.replaceAll("2026-12-06T11:22:33.000Z", "2026-12-05T00:00:00.000Z");
      expect(again, name).toBe(text);
    }
    expect(second.get("claims.json")).not.toBe(first.get("claims.json"));
  }, 60_000);

  it("never lets a skip replace a measured verdict: a measured fig3 stays, noting this run skipped it", async () => {
    const dir = join(tmp, "with-fig3");
    const earlier: ClaimsReport = report([record("fig3", "reproduced", { evaluatedAt: "2026-11-20T00:00:00.000Z" })]);
    const measured = JSON.parse(reportJson(earlier)) as ClaimsReport;
    rmSync(dir, { recursive: true, force: true });
    await writePaperReport({ ...opts, outDir: dir, only: ["fig3"], now: new Date("2026-12-05T00:00:00.000Z") }).catch(() => undefined);
    writeFileSync(join(dir, "claims.json"), JSON.stringify(measured));
    const { report: r } = await writePaperReport({ ...opts, outDir: dir, only: ["fig3"], now: new Date("2026-12-07T00:00:00.000Z") });
    const fig3 = r.claims.find((c) => c.id === "fig3")!;
    expect(fig3.status).toBe("reproduced");
    expect(fig3.evaluatedAt).toBe("2026-11-20T00:00:00.000Z");
    expect(fig3.skippedThisRun?.reason).toBe(CIFAR_NOT_MEASURED);
    expect(readFileSync(join(dir, "claims.md"), "utf8")).toMatch(/This run skipped it .*no committed paper-scale measurements/);
  }, 60_000);

  it("refuses to write anything from an empty store", async () => {
    const dir = join(tmp, "untouched");
    await expect(writePaperReport({ ...opts, dataRoot: join(tmp, "no-data"), outDir: dir })).rejects.toThrow(/no per-seed data under .*nothing to regenerate/);
    expect(existsSync(dir)).toBe(false);
  });
});

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPORT_SCHEMA_PATH, reportJson } from "../../src/report/document.js";
import { schemaErrors } from "../../src/report/schema.js";
import { REPO_ROOT } from "../../src/runtime/files.js";
import { record, report } from "./records.js";

const parsed = (r: ReturnType<typeof report>) => JSON.parse(reportJson(r)) as Record<string, unknown>;

describe("report JSON schema (reports/schema/claims-report.v1.json)", () => {
  it("is a draft 2020-12 schema of version 1 at the path reports name", () => {
    const schema = JSON.parse(readFileSync(join(REPO_ROOT, REPORT_SCHEMA_PATH), "utf8"));
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.properties.schemaVersion.const).toBe(1);
  });

  it("accepts a report with every kind of record, per-seed values, flags, sensitivity and non-finite numbers", () => {
    const r = report([
      record("fig2a", "contradicted", { checks: [{ ...record("x", "reproduced").checks[0], statistic: NaN, seedsNeeded: 12, undecided: "the CI straddles 0.1" }] }),
      record("fig2d", "exported"),
      record("fig3", "skipped", { reason: "no GPU" }),
      record("fig3-pipeline", "pipeline-ok"),
      record("fig4bs", "error", { reason: "bad data" }),
      record("control-fig6-minimal", "contradicted", { provenance: { source: "seed-data", codeVersions: ["a"], backends: ["wasm"], decoderImplementations: ["fast"], measured: { from: "2026-11-01T00:00:00.000Z", to: "2026-11-02T00:00:00.000Z" }, dataFiles: ["reports/paper/data/x.json"], sameCodeAsPage: false } }),
    ]);
    expect(schemaErrors(parsed(r))).toEqual([]);
    expect((parsed(r).claims as { checks: { values: { seeds: number[] } }[] }[])[0].checks[0].values.seeds).toEqual([1, 2, 3]);
  });

  it("rejects what a reader could not trust: an unknown status, a missing field, an absolute data path, a wrong version", () => {
    const bad = (mutate: (d: Record<string, any>) => void) => {
      const d = parsed(report([record("fig2a", "reproduced", { provenance: { source: "seed-data", codeVersions: ["a"], backends: ["wasm"], dataFiles: ["x.json"], sameCodeAsPage: true } })]));
      mutate(d);
      return schemaErrors(d);
    };
    expect(bad((d) => (d.claims[0].status = "pass"))).toEqual([expect.stringMatching(/^\/claims\/0\/status must be equal to one of the allowed values/)]);
    expect(bad((d) => delete d.claims[0].checks[0].outcome).join("\n")).toMatch(/\/claims\/0\/checks\/0 must have required property 'outcome'/);
    expect(bad((d) => (d.claims[0].provenance.dataFiles = ["/work/main/x.json"])).join("\n")).toMatch(/dataFiles\/0 must match pattern/);
    expect(bad((d) => (d.schemaVersion = 2)).join("\n")).toMatch(/schemaVersion must be equal to constant/);
    expect(bad((d) => (d.claims[0].unexpected = 1)).join("\n")).toMatch(/must NOT have additional properties/);
  });
});

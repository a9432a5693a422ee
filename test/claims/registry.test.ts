/**
 * The claim registry (src/claims/registry.ts) is the one list of claims: every entry is
 * registered by exactly one spec file, spec files register nothing else and define no tests of
 * their own, the report's paper order names exactly the paper claims, and each checkerboard
 * entry reads exactly the runs it declares (what the nightly plan, claims:status and the
 * benchmark use).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import type { Scale } from "../../src/interfaces.js";
import { cbSeeds, type CbRunId, type CbRunOptions } from "../../src/experiments/cb-config.js";
import { CB_DEFS, CLAIM_REGISTRY, cbRunsOf, PAPER_ORDER, registeredClaim } from "../../src/claims/registry.js";
import { KNOWN_FAILURES } from "../../src/claims/known-failures.js";
import { REPO_ROOT } from "../../src/runtime/files.js";
import { plantSeed } from "../report/sample-data.js";

const CLAIMS_DIR = join(REPO_ROOT, "claims");

function specFiles(dir = CLAIMS_DIR): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? specFiles(p) : name.endsWith(".claim.ts") ? [p] : [];
  });
}

/** Each spec file's registrations: [glue function, id]. */
const REGISTRATION = /\b(cbClaimTest|cbControlTest|cifarClaimTest|estimatorClaimTest)\("([^"]+)"\)/g;
const registrations = specFiles().map((file) => {
  const text = readFileSync(file, "utf8");
  return { file: relative(CLAIMS_DIR, file), text, ids: [...text.matchAll(REGISTRATION)].map((m) => (m[1] === "estimatorClaimTest" ? `estimator-${m[2]}` : m[2])) };
});

describe("claim registry", () => {
  it("has unique ids, and PAPER_ORDER lists exactly its paper claims, first and in that order", () => {
    const ids = CLAIM_REGISTRY.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const paper = CLAIM_REGISTRY.filter((e) => e.kind === "paper-claim").map((e) => e.id);
    expect(paper).toEqual([...PAPER_ORDER]);
    expect(ids.slice(0, paper.length)).toEqual(paper);
    expect(() => registeredClaim("fig99")).toThrow(/no claim "fig99".*known: fig2a/);
  });

  it("every entry is registered by exactly one spec file, in its folder; every registration names an entry", () => {
    for (const e of CLAIM_REGISTRY) {
      const where = registrations.filter((r) => r.ids.includes(e.id)).map((r) => r.file);
      expect(where, e.id).toHaveLength(1);
      expect(where[0].split("/")[0], e.id).toBe(e.specDir);
    }
    for (const r of registrations) for (const id of r.ids) expect(CLAIM_REGISTRY.some((e) => e.id === id), `${r.file} registers "${id}"`).toBe(true);
  });

  it("spec files only register: no test of their own, no claim logic", () => {
    for (const r of registrations) {
      expect(r.ids.length, `${r.file} registers nothing`).toBeGreaterThan(0);
      expect(r.text, r.file).not.toMatch(/\b(test|it)(\.\w+)?\(/);
    }
  });

  it("every known failure names a registered claim (the battery's entries name the battery, a unit test)", () => {
    for (const k of KNOWN_FAILURES) {
      if (k.kind === "battery-check") continue;
      expect(CLAIM_REGISTRY.some((e) => e.id === k.claim), `${k.kind} entry for "${k.claim}"`).toBe(true);
    }
  });

  it("each checkerboard claim, check and control reads exactly the runs it declares, at each scale", async () => {
    for (const scale of ["ci", "paper"] as Scale[]) {
      for (const { def } of CB_DEFS) {
        const asked = new Set<string>();
        const source = async (run: CbRunId, opts: CbRunOptions) => {
          asked.add(`${run} ${JSON.stringify(opts)}`);
          return cbSeeds(scale, run).map((s) => plantSeed(run, opts, s, scale));
        };
        const declared = new Set(cbRunsOf(def.id, scale).map((e) => `${e.run} ${JSON.stringify(e.opts)}`));
        const built = def.runsAt(scale) ? await def.build({ scale, backend: "planted", source }) : [];
        expect(asked, `${def.id} at ${scale} scale`).toEqual(declared);
        // The records it writes are the ones the registry says (the report orders and labels by them).
        if (def.runsAt(scale)) expect(built.map((b) => b.record.id), `${def.id} records at ${scale} scale`).toEqual(registeredClaim(def.id).records(scale).map((r) => r.id));
      }
    }
  }, 120_000);
});

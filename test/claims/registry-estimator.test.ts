/**
 * The estimator claim registry (src/claims/estimator/index.ts): every ESTIMATOR_CLAIMS entry is
 * registered by exactly one spec file under claims/estimator, each spec file registers one known
 * claim, and no module of the registry imports vitest (importing one must run nothing). Spec files
 * are read as text: importing one would register its test here.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ESTIMATOR_CLAIMS, estimatorClaimDef } from "../../src/claims/estimator/index.js";
import { REPO_ROOT } from "../../src/runtime/files.js";

const SPEC_DIR = join(REPO_ROOT, "claims", "estimator");
const SRC_DIR = join(REPO_ROOT, "src", "claims", "estimator");

/** file -> the names its estimatorClaimTest calls register. */
function registrations(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of readdirSync(SPEC_DIR).filter((f) => f.endsWith(".claim.ts")).sort()) {
    const text = readFileSync(join(SPEC_DIR, file), "utf8");
    out.set(file, [...text.matchAll(/estimatorClaimTest\("([^"]+)"\)/g)].map((m) => m[1]));
  }
  return out;
}

describe("estimator claim registry", () => {
  it("each spec file registers exactly one known claim, named as the file", () => {
    const regs = registrations();
    expect(regs.size).toBeGreaterThan(0);
    for (const [file, names] of regs) {
      expect(names, `${file} must call estimatorClaimTest once`).toHaveLength(1);
      expect(() => estimatorClaimDef(`estimator-${names[0]}`), file).not.toThrow();
      expect(`${names[0]}.claim.ts`).toBe(file);
    }
  });

  // That every entry is registered exactly once is test/claims/registry.test.ts's check (all claims).
  it("ids and titles are unique; an unknown id is refused naming the known ones", () => {
    expect(new Set(ESTIMATOR_CLAIMS.map((d) => d.id)).size).toBe(ESTIMATOR_CLAIMS.length);
    expect(new Set(ESTIMATOR_CLAIMS.map((d) => d.title)).size).toBe(ESTIMATOR_CLAIMS.length);
    expect(() => estimatorClaimDef("estimator-nope")).toThrow(/no estimator claim "estimator-nope" \(known: estimator-lower-bound, /);
  });

  it("no module of the registry imports vitest", () => {
    const offenders = readdirSync(SRC_DIR).filter((f) => /from "vitest"|from "@vitest\//.test(readFileSync(join(SRC_DIR, f), "utf8")));
    expect(offenders).toEqual([]);
  });
});

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CIFAR_CLAIMS } from "../../src/report/cifar-claims.js";
import { REPO_ROOT } from "../../src/runtime/files.js";

describe("CIFAR claims listed by the paper report", () => {
  it("match the claim objects of claims/cifar10 and claims/cifar-100 exactly", () => {
    const inFiles = ["cifar10", "cifar-100"].flatMap((d) =>
      readdirSync(join(REPO_ROOT, "claims", d))
        .filter((f) => f.endsWith(".claim.ts"))
        .map((f) => readFileSync(join(REPO_ROOT, "claims", d, f), "utf8"))
        .map((text) => /claim: \{ id: "([^"]+)", paper: "([^"]+)", statement: "([^"]+)" \}/.exec(text))
        .map((m) => (m ? { id: m[1], paper: m[2], statement: m[3] } : null)),
    );
    expect(inFiles.every((x) => x !== null)).toBe(true);
    expect([...inFiles].sort((a, b) => a!.id.localeCompare(b!.id))).toEqual([...CIFAR_CLAIMS].sort((a, b) => a.id.localeCompare(b.id)));
  });
});

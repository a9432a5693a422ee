/**
 * The estimator as a package another project imports (issue 20): `npm pack` builds dist/ (prepack)
 * and packs it; the tarball is unpacked into a scratch project's node_modules (its dependencies
 * linked from this checkout's node_modules, so no network), imported by name through package.json
 * `exports`, run, and type-checked against the shipped declarations.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../src/runtime/files.js";

const scratch = mkdtempSync(join(tmpdir(), "pkg-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the packed package", () => {
  it("imports by name, estimates usable information, and type-checks against its declarations", () => {
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const packed = JSON.parse(execFileSync(npm, ["pack", "--json", "--pack-destination", scratch], { cwd: REPO_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })) as { filename: string; files: { path: string }[] }[];
    const files = packed[0].files.map((f) => f.path);
    expect(files).toContain("dist/info/index.js");
    expect(files).toContain("dist/info/index.d.ts");
    expect(files).toContain("dist/info/decoders/wasm/decoder.wasm");
    expect(files).toContain("dist/info/decoders/decoder-worker.js");
    expect(files.some((f) => f.startsWith("src/") || f.startsWith("test/") || f.startsWith("reports/"))).toBe(false);

    const nm = join(scratch, "node_modules");
    mkdirSync(join(nm, "usable-info-claims"), { recursive: true });
    execFileSync("tar", ["-xzf", join(scratch, packed[0].filename), "-C", join(nm, "usable-info-claims"), "--strip-components=1"]);
    for (const dep of readdirSync(join(REPO_ROOT, "node_modules"))) if (!dep.startsWith(".")) symlinkSync(join(REPO_ROOT, "node_modules", dep), join(nm, dep));
    writeFileSync(join(scratch, "package.json"), JSON.stringify({ name: "scratch", private: true, type: "module" }));

    writeFileSync(
      join(scratch, "use.ts"),
      [
        'import { usableInformation, type UsableInformationResult } from "usable-info-claims";',
        "const z: number[][] = [];",
        "const y: number[] = [];",
        "for (let i = 0; i < 2000; i++) { const c = i % 2; y.push(c); z.push([c + 0.3 * Math.sin(7 * i), Math.cos(3 * i)]); }",
        'const r: UsableInformationResult = await usableInformation(z, y, { family: "linear" });',
        "console.log(JSON.stringify({ bits: r.bits, testAccuracy: r.testAccuracy, input: r.input }));",
        "",
      ].join("\n"),
    );
    writeFileSync(join(scratch, "tsconfig.json"), JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, skipLibCheck: true, types: ["node"] }, include: ["use.ts"] }));
    const tsc = spawnSync(process.execPath, [join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", scratch], { encoding: "utf8" });
    expect(tsc.stdout + tsc.stderr, "the shipped declarations type-check a consumer").toBe("");
    expect(tsc.status).toBe(0);

    writeFileSync(join(scratch, "use.mjs"), 'import { usableInformation } from "usable-info-claims";\nconst z = [], y = [];\nfor (let i = 0; i < 2000; i++) { const c = i % 2; y.push(c); z.push([c + 0.3 * Math.sin(7 * i), Math.cos(3 * i)]); }\nconst r = await usableInformation(z, y, { family: "linear" });\nconsole.log(JSON.stringify({ bits: r.bits, testAccuracy: r.testAccuracy, input: r.input }));\n');
    const run = spawnSync(process.execPath, ["use.mjs"], { cwd: scratch, encoding: "utf8", timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as { bits: number; testAccuracy: number; input: string };
    // Classes separated by 1 with a perturbation of amplitude 0.3: most of the 1 bit is readable
    // by a linear decoder trained 50 epochs on 500 rows (0.82 bit measured), every row classified.
    expect(out.bits).toBeGreaterThan(0.7);
    expect(out.testAccuracy).toBeGreaterThan(0.99);
    expect(out.input).toBe("whitened");
  }, 240_000);
});

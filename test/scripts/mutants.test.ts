/**
 * The mutant battery's rules (scripts/lib/mutants/battery.ts) on planted vitest reports, its list
 * against the current tree, its in-process type check against planted non-compiling text, and
 * the README's table against the last full run (reports/mutants/latest.json): the table is
 * generated, never written by hand.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../src/runtime/files.js";
import {
  applyMutant,
  baselineProblems,
  classify,
  latestMarkdown,
  listProblems,
  readmeBlock,
  renderMarkdown,
  totalsOf,
  withReadmeBlock,
  type BatteryReport,
  type VitestJson,
} from "../../scripts/lib/mutants/battery.js";
import { MUTANTS, type Mutant } from "../../scripts/lib/mutants/list.js";
import { IncrementalTypeCheck } from "../../scripts/lib/mutants/typecheck.js";

const repo = "/scratch/repo";
const KILLER = "test/a.test.ts > suite > the killer";

/** A vitest JSON report of one file whose tests end with the given statuses. */
function report(tests: Record<string, string>, file = "test/a.test.ts", fileStatus?: string, message?: string): VitestJson {
  const assertionResults = Object.entries(tests).map(([title, status]) => ({ ancestorTitles: ["suite"], title, status, failureMessages: status === "failed" ? ["boom"] : [] }));
  const failed = assertionResults.filter((a) => a.status === "failed").length;
  return {
    numTotalTests: assertionResults.length,
    numFailedTests: failed,
    numPassedTests: assertionResults.filter((a) => a.status === "passed").length,
    numFailedTestSuites: fileStatus === "failed" || failed ? 1 : 0,
    success: failed === 0 && fileStatus !== "failed",
    testResults: [{ name: `${repo}/${file}`, status: fileStatus ?? (failed ? "failed" : "passed"), message: message ?? "", assertionResults }],
  };
}

const killer = { killer: KILLER };
const ran = (json: VitestJson | null, extra: Partial<{ compileErrors: string[]; timedOut: boolean }> = {}) => ({ compileErrors: [], timedOut: false, json, ...extra });

describe("classify: killed only when vitest counts failed tests and the named killer is among them", () => {
  it("killed: the killer failed (other failures are listed too)", () => {
    const o = classify(repo, killer, ran(report({ "the killer": "failed", other: "failed", fine: "passed" })));
    expect(o).toMatchObject({ status: "killed", killerSeen: true, failed: 2 });
    expect(o.failedTests).toEqual([KILLER, "test/a.test.ts > suite > other"]);
  });

  it("survived: every test ran and passed", () => {
    expect(classify(repo, killer, ran(report({ "the killer": "passed", other: "passed" })))).toMatchObject({ status: "survived", killerSeen: false, failed: 0 });
  });

  it("killer missed: other tests failed, the named killer passed", () => {
    expect(classify(repo, killer, ran(report({ "the killer": "passed", other: "failed" })))).toMatchObject({ status: "killer-missed", killerSeen: false, failed: 1 });
  });

  it("errors, never kills: no compile, time-out, no report (crash), no tests, a file that failed to load, a hook that failed, a killer that did not run", () => {
    const cases: [string, ReturnType<typeof ran>, RegExp][] = [
      ["compile", ran(report({ "the killer": "failed" }), { compileErrors: ["src/x.ts(1,1): TS2322: no"] }), /does not compile: src\/x\.ts/],
      ["time-out", ran(null, { timedOut: true }), /timed out/],
      ["crash", ran(null), /vitest crashed: no JSON report/],
      ["no tests", ran({ ...report({}), testResults: [] }), /no tests ran/],
      ["load error", ran(report({}, "test/a.test.ts", "failed", "Error: load boom")), /no tests ran .*load boom/],
      ["hook error", ran(report({ "the killer": "skipped" }, "test/a.test.ts", "failed", "Error: hook boom")), /a test file failed without failing its killer: test\/a\.test\.ts: Error: hook boom/],
      ["killer absent", ran(report({ renamed: "passed" })), /the named killer did not run/],
    ];
    for (const [name, run, note] of cases) {
      const o = classify(repo, killer, run);
      expect(o.status, name).toBe("error");
      expect(o.killerSeen, name).toBe(false);
      expect(o.note, name).toMatch(note);
    }
  });

  it("a failing killer in a run where another file crashed still counts as killed (the named test saw the mutation)", () => {
    const json = report({ "the killer": "failed" });
    json.testResults.push({ name: `${repo}/test/b.test.ts`, status: "failed", message: "Error: load boom", assertionResults: [] });
    expect(classify(repo, killer, ran(json)).status).toBe("killed");
  });
});

describe("baselineProblems: the unmutated run must pass with every named killer present", () => {
  it("passes a clean run; names a failure, a missing or skipped killer, a load error, a crash and a time-out", () => {
    expect(baselineProblems(repo, report({ "the killer": "passed" }), [KILLER])).toEqual([]);
    expect(baselineProblems(repo, report({ "the killer": "passed", other: "failed" }), [KILLER])).toEqual(["failed on the unmutated code: test/a.test.ts > suite > other"]);
    expect(baselineProblems(repo, report({ other: "passed" }), [KILLER])).toEqual([`named killer not found in the baseline run: ${KILLER}`]);
    expect(baselineProblems(repo, report({ "the killer": "skipped" }), [KILLER])).toEqual([`named killer skipped in the baseline run (it must run and pass): ${KILLER}`]);
    expect(baselineProblems(repo, report({}, "test/a.test.ts", "failed", "Error: load boom"), [])).toEqual(["the baseline ran no tests", "test file failed on the unmutated code: test/a.test.ts: Error: load boom"]);
    expect(baselineProblems(repo, null, [KILLER])).toEqual(["the baseline run wrote no JSON report (vitest crashed)"]);
    expect(baselineProblems(repo, null, [KILLER], true)).toEqual(["the baseline run timed out"]);
  });
});

describe("the list", () => {
  it("is consistent: unique names, the killer's file among the tests run", () => {
    expect(listProblems(MUTANTS)).toEqual([]);
    const bad: Mutant = { ...MUTANTS[0], killer: "test/elsewhere.test.ts > x" };
    expect(listProblems([MUTANTS[0], MUTANTS[0], bad])).toEqual([
      `${MUTANTS[0].name}: duplicate name`,
      `${MUTANTS[0].name}: duplicate name`,
      `${MUTANTS[0].name}: the killer's file test/elsewhere.test.ts is not among the tests run (${MUTANTS[0].tests.join(", ")})`,
    ]);
  });

  it("every mutant's text occurs exactly once in its file today, and its test files exist", () => {
    for (const m of MUTANTS) {
      const original = readFileSync(join(REPO_ROOT, m.file), "utf8");
      expect(applyMutant(m, original), m.name).not.toBe(original);
      for (const f of m.tests) expect(existsSync(join(REPO_ROOT, f)), `${m.name}: ${f}`).toBe(true);
    }
    expect(() => applyMutant({ name: "x", file: "f.ts", find: "a", replace: "b" }, "a a")).toThrow(/occurs more than once in f\.ts/);
    expect(() => applyMutant({ name: "x", file: "f.ts", find: "c", replace: "b" }, "a a")).toThrow(/no longer in f\.ts/);
  });

  it("holds at least 12 mutants of issue 19 beside the 21 before it, most of them in shared code", () => {
    expect(MUTANTS.length).toBeGreaterThanOrEqual(33);
    const shared = MUTANTS.filter((m) => /^src\/(info|training\/cb-setup|experiments\/cb-runner|claims\/common|stats)\b/.test(m.file));
    expect(shared.length).toBeGreaterThan(MUTANTS.length / 2);
  });
});

describe("the type check of a mutant (tsc's checker, in-process)", () => {
  it("accepts a project, rejects a planted type error in a mutated file and in a file that imports it, and accepts the project again", () => {
    // A small project of its own (the repository's takes ~15 s to check; npm test runs tsc on it).
    const dir = mkdtempSync(join(tmpdir(), "typecheck-"));
    try {
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", lib: ["ES2022"], noEmit: true, types: [] }, include: ["src"] }));
      mkdirSync(join(dir, "src"));
      writeFileSync(join(dir, "src", "a.ts"), "export function half(x: number): number {\n  return x / 2;\n}\n");
      writeFileSync(join(dir, "src", "b.ts"), 'import { half } from "./a.js";\nexport const q: number = half(3);\n');
      const tc = new IncrementalTypeCheck(dir);
      expect(tc.check()).toEqual([]);
      const a = readFileSync(join(dir, "src", "a.ts"), "utf8");
      expect(tc.check({ "src/a.ts": a.replace("return x / 2;", 'return x / "2";') })).toEqual([expect.stringMatching(/^src\/a\.ts\(2,14\): TS2363: /)]);
      // A body change that compiles, then one that changes the exported type: its importer breaks.
      expect(tc.check({ "src/a.ts": a.replace("return x / 2;", "return x * 0.5;") })).toEqual([]);
      expect(tc.check({ "src/a.ts": a.replace("): number {\n  return x / 2;", "): string {\n  return String(x / 2);") })).toEqual([expect.stringMatching(/^src\/b\.ts\(2,14\): TS2322: Type 'string' is not assignable to type 'number'/)]);
      expect(tc.check()).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the generated table", () => {
  const sample: BatteryReport = {
    command: "npm run mutants",
    date: "2026-12-02T00:00:00Z",
    commit: "abc1234",
    jobs: 2,
    cpus: 2,
    cache: "fresh (empty temporary folder)",
    loadAverage: 1,
    baseline: { passed: 10, files: 2, seconds: 30 },
    typecheckSeconds: 20,
    seconds: 300,
    totals: totalsOf([{ status: "killed" }, { status: "error" }]),
    mutants: [
      { name: "m1", what: "a | b", file: "src/a.ts", killer: "test/a.test.ts > x", status: "killed", killerSeen: true, failed: 1, failedTests: ["test/a.test.ts > x"], seconds: 12 },
      { name: "m2", what: "c", file: "src/b.ts", killer: "test/b.test.ts > y", status: "error", killerSeen: false, failed: null, failedTests: [], note: "does not compile: src/b.ts(1,1): TS1", seconds: 0 },
    ],
  };

  it("renders every mutant with its killer, whether it was seen, its outcome and time; the README block round-trips", () => {
    const md = renderMarkdown(sample);
    expect(md).toMatch(/1 of 2 mutants killed by their named test, 0 survived, 0 failed other tests but not their named killer, 1 errors/);
    expect(md).toContain("| m1 | src/a.ts | a \\| b | test/a.test.ts > x | yes | killed (1 failed) | 12 s |");
    expect(md).toContain("| m2 | src/b.ts | c | test/b.test.ts > y | no | ERROR: does not compile: src/b.ts(1,1): TS1 | 0 s |");
    const readme = withReadmeBlock("# x\n<!-- mutants:begin (generated by npm run mutants from reports/mutants/latest.json; do not edit by hand) -->\nold\n<!-- mutants:end -->\nafter\n", md);
    expect(readmeBlock(readme)).toBe(md);
    expect(readme.endsWith("<!-- mutants:end -->\nafter\n")).toBe(true);
    expect(() => withReadmeBlock("# no markers\n", md)).toThrow(/no .* block/);
  });
});

describe("the README's mutant table is the last full run, generated", () => {
  it("README.md shows the rendering of reports/mutants/latest.json (as does latest.md), and that run covers the current list", () => {
    const path = join(REPO_ROOT, "reports", "mutants", "latest.json");
    expect(existsSync(path), "no reports/mutants/latest.json: run npm run mutants").toBe(true);
    const r = JSON.parse(readFileSync(path, "utf8")) as BatteryReport;
    expect(r.command, "the committed report must come from a full run").toMatch(/^npm run mutants(?!.*--only)/);
    expect(totalsOf(r.mutants)).toEqual(r.totals);
    expect(readmeBlock(readFileSync(join(REPO_ROOT, "README.md"), "utf8")), "README.md's table differs from reports/mutants/latest.json: run npm run mutants").toBe(renderMarkdown(r));
    expect(readFileSync(join(REPO_ROOT, "reports", "mutants", "latest.md"), "utf8")).toBe(latestMarkdown(r));
    const key = (m: Pick<Mutant, "name" | "file" | "what" | "killer">) => `${m.name} | ${m.file} | ${m.what} | ${m.killer}`;
    expect(r.mutants.map(key), "the list changed since the last full run: run npm run mutants").toEqual(MUTANTS.map(key));
  });
});

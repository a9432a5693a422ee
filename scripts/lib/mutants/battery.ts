/**
 * The rules of the mutant battery (`npm run mutants`, scripts/mutants.ts), as pure functions so
 * that test/scripts/mutants.test.ts can plant every case:
 *
 * - a mutant is KILLED only when vitest's JSON report counts failed tests (numFailedTests > 0, not
 *   the exit code) and the test the battery names as its killer is among them;
 * - it SURVIVED when every test ran and none failed; KILLER-MISSED when tests failed but not the
 *   named killer (the killer named is wrong, or the suite catches it only by accident);
 * - it is an ERROR, never a kill, when it does not compile (the type check of tsc --noEmit), when
 *   vitest crashed or wrote no report, when no test ran ("no test files found"), when a test file
 *   failed to load or a hook failed without failing the killer, or when the run timed out;
 * - before any mutant, an unmutated BASELINE run of every named test file must pass, with every
 *   named killer present and passed; otherwise the battery stops and says which.
 */
import { relative } from "node:path";
import type { Mutant } from "./list.js";

/** What the battery reads of vitest's JSON reporter (`--reporter=json --outputFile=...`). */
export interface VitestJson {
  numTotalTests: number;
  numFailedTests: number;
  numFailedTestSuites: number;
  numPassedTests: number;
  success: boolean;
  testResults: {
    name: string;
    status: string;
    message?: string;
    assertionResults: { ancestorTitles: string[]; title: string; status: string; failureMessages?: string[] }[];
  }[];
}

/** "test/x.test.ts > describe > test": the battery's name of a test (file relative to the repository). */
export function testKey(repo: string, file: string, ancestorTitles: readonly string[], title: string): string {
  const rel = file.startsWith("/") ? relative(repo, file).split("\\").join("/") : file;
  return [rel, ...ancestorTitles, title].join(" > ");
}

/** Every test of a report with its status, by testKey. */
export function testStatuses(repo: string, json: VitestJson): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of json.testResults) for (const a of f.assertionResults) out.set(testKey(repo, f.name, a.ancestorTitles, a.title), a.status);
  return out;
}

/** Test files of a report that failed without a failing test (load errors, failed hooks): "file: message". */
function fileErrors(repo: string, json: VitestJson): string[] {
  return json.testResults
    .filter((f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed"))
    .map((f) => `${relative(repo, f.name)}: ${(f.message ?? "failed").split("\n")[0].slice(0, 200)}`);
}

export type MutantStatus = "killed" | "survived" | "killer-missed" | "error";

export interface MutantOutcome {
  status: MutantStatus;
  /** The named killer was among the failed tests. */
  killerSeen: boolean;
  /** vitest's failed-test count (null: no report). */
  failed: number | null;
  /** The failed tests (testKey), at most 8. */
  failedTests: string[];
  /** Why it is an error, or what else is worth saying. */
  note?: string;
}

export interface RunFacts {
  /** Diagnostics of the type check (empty: it compiles). */
  compileErrors: string[];
  timedOut: boolean;
  /** The parsed JSON report, or null when vitest wrote none (or it could not be read). */
  json: VitestJson | null;
  /** Last lines of vitest's output, for the note of an error. */
  outputTail?: string;
}

/** The outcome of one mutant from what its run left (module comment). */
export function classify(repo: string, mutant: Pick<Mutant, "killer">, run: RunFacts): MutantOutcome {
  const err = (note: string, failed: number | null = null, failedTests: string[] = []): MutantOutcome => ({ status: "error", killerSeen: false, failed, failedTests, note });
  if (run.compileErrors.length) return err(`does not compile: ${run.compileErrors[0]}${run.compileErrors.length > 1 ? ` (+${run.compileErrors.length - 1} more)` : ""}`);
  if (run.timedOut) return err("timed out");
  const json = run.json;
  if (!json) return err(`vitest crashed: no JSON report${run.outputTail ? `; output ends: ${run.outputTail}` : ""}`);
  if (json.numTotalTests === 0) return err(`no tests ran (no test files found?)${fileErrors(repo, json).length ? `: ${fileErrors(repo, json).join("; ")}` : ""}`);
  const statuses = testStatuses(repo, json);
  const failedTests = [...statuses].filter(([, s]) => s === "failed").map(([k]) => k);
  const killerSeen = statuses.get(mutant.killer) === "failed";
  const shown = failedTests.slice(0, 8);
  if (json.numFailedTests > 0 && killerSeen) return { status: "killed", killerSeen, failed: json.numFailedTests, failedTests: shown };
  const broken = fileErrors(repo, json);
  if (broken.length) return err(`a test file failed without failing its killer: ${broken.join("; ")}`, json.numFailedTests, shown);
  if (!statuses.has(mutant.killer)) return err(`the named killer did not run: ${mutant.killer}`, json.numFailedTests, shown);
  if (json.numFailedTests > 0) return { status: "killer-missed", killerSeen: false, failed: json.numFailedTests, failedTests: shown, note: `${json.numFailedTests} other test(s) failed, not the named killer` };
  return { status: "survived", killerSeen: false, failed: 0, failedTests: [] };
}

/**
 * What is wrong with a baseline run (empty: it passed): it must exist, run tests, fail none, load
 * every file, and contain every named killer as passed (a skipped killer cannot kill).
 */
export function baselineProblems(repo: string, json: VitestJson | null, killers: readonly string[], timedOut = false): string[] {
  if (timedOut) return ["the baseline run timed out"];
  if (!json) return ["the baseline run wrote no JSON report (vitest crashed)"];
  const out: string[] = [];
  if (json.numTotalTests === 0) out.push("the baseline ran no tests");
  const statuses = testStatuses(repo, json);
  for (const [k, s] of statuses) if (s === "failed") out.push(`failed on the unmutated code: ${k}`);
  out.push(...fileErrors(repo, json).map((e) => `test file failed on the unmutated code: ${e}`));
  for (const k of killers) {
    const s = statuses.get(k);
    if (s === undefined) out.push(`named killer not found in the baseline run: ${k}`);
    else if (s !== "passed" && s !== "failed") out.push(`named killer ${s} in the baseline run (it must run and pass): ${k}`);
  }
  return out;
}

/** Static checks of the list (before any run): unique names, the killer's file among the tests run, a mutation that changes something. */
export function listProblems(mutants: readonly Mutant[]): string[] {
  const out: string[] = [];
  const names = new Set<string>();
  for (const m of mutants) {
    if (names.has(m.name)) out.push(`${m.name}: duplicate name`);
    names.add(m.name);
    if (!/^[a-z0-9-]+$/.test(m.name)) out.push(`${m.name}: names are lower-case words joined by "-"`);
    if (m.find === m.replace) out.push(`${m.name}: the replacement equals the text it replaces`);
    const file = m.killer.split(" > ")[0];
    if (!m.tests.includes(file)) out.push(`${m.name}: the killer's file ${file} is not among the tests run (${m.tests.join(", ")})`);
    if (m.killer.split(" > ").length < 2) out.push(`${m.name}: the killer must be "file > [describe > ...] test", got "${m.killer}"`);
  }
  return out;
}

/** The mutated text of a file, or an error naming the mutant when its text is not there exactly once. */
export function applyMutant(m: Pick<Mutant, "name" | "file" | "find" | "replace">, original: string): string {
  const at = original.indexOf(m.find);
  if (at < 0) throw new Error(`mutant ${m.name}: the text to replace is no longer in ${m.file}; update scripts/lib/mutants/list.ts`);
  if (original.indexOf(m.find, at + 1) >= 0) throw new Error(`mutant ${m.name}: the text to replace occurs more than once in ${m.file}; make it unique`);
  return original.slice(0, at) + m.replace + original.slice(at + m.find.length);
}

/** One mutant's line of the report. */
export interface MutantRecord extends MutantOutcome {
  name: string;
  what: string;
  file: string;
  killer: string;
  /** Wall seconds of its vitest run (0 when it did not run). */
  seconds: number;
}

/** reports/mutants/latest.json. */
export interface BatteryReport {
  command: string;
  /** When the battery finished (ISO 8601). */
  date: string;
  /** git HEAD of the tree the battery copied, with "+uncommitted" when it had changes. */
  commit: string;
  jobs: number;
  cpus: number;
  /** Where the claim runs' result cache lived: "persistent (.cache/mutants)" or "fresh (empty temporary folder)". */
  cache: string;
  /** 1-minute load average when the battery started. */
  loadAverage: number;
  baseline: { passed: number; files: number; seconds: number };
  typecheckSeconds: number;
  seconds: number;
  totals: Record<MutantStatus, number>;
  mutants: MutantRecord[];
}

export function totalsOf(records: readonly Pick<MutantRecord, "status">[]): Record<MutantStatus, number> {
  const t: Record<MutantStatus, number> = { killed: 0, survived: 0, "killer-missed": 0, error: 0 };
  for (const r of records) t[r.status]++;
  return t;
}

function cell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** The generated Markdown of a report (reports/mutants/latest.md, and the README's table between the markers). */
export function renderMarkdown(r: BatteryReport): string {
  const t = r.totals;
  const lines = [
    `Generated by \`${r.command}\` on ${r.date} (commit ${r.commit}; ${r.jobs} job${r.jobs === 1 ? "" : "s"} on ${r.cpus} cores, load average ${r.loadAverage.toFixed(1)} at the start; claim cache ${r.cache}): ` +
      `${t.killed} of ${r.mutants.length} mutants killed by their named test, ${t.survived} survived, ${t["killer-missed"]} failed other tests but not their named killer, ${t.error} errors; ` +
      `${(r.seconds / 60).toFixed(1)} min in all (baseline ${r.baseline.passed} tests in ${r.baseline.files} files, ${r.baseline.seconds.toFixed(0)} s; type checks ${r.typecheckSeconds.toFixed(0)} s).`,
    "",
    "| mutant | file | what it changes | named killer | killer seen | outcome | time |",
    "|---|---|---|---|---|---|---|",
    ...r.mutants.map((m) => {
      const outcome = m.status === "killed" ? `killed (${m.failed} failed)` : m.note ? `${m.status.toUpperCase()}: ${m.note}` : m.status.toUpperCase();
      return `| ${m.name} | ${m.file} | ${cell(m.what)} | ${cell(m.killer)} | ${m.killerSeen ? "yes" : "no"} | ${cell(outcome)} | ${m.seconds.toFixed(0)} s |`;
    }),
  ];
  return lines.join("\n") + "\n";
}

/** reports/mutants/latest.md: a title over the rendering. */
export function latestMarkdown(r: BatteryReport): string {
  return `# Mutant battery: the last full run\n\n${renderMarkdown(r)}`;
}

export const README_BEGIN = "<!-- mutants:begin (generated by npm run mutants from reports/mutants/latest.json; do not edit by hand) -->";
export const README_END = "<!-- mutants:end -->";

/** The README's generated block (between the markers), or null when the markers are missing. */
export function readmeBlock(readme: string): string | null {
  const a = readme.indexOf(README_BEGIN);
  const b = readme.indexOf(README_END);
  if (a < 0 || b < a) return null;
  return readme.slice(a + README_BEGIN.length, b).replace(/^\n/, "");
}

/** The README with its generated block replaced by `markdown`. */
export function withReadmeBlock(readme: string, markdown: string): string {
  const a = readme.indexOf(README_BEGIN);
  const b = readme.indexOf(README_END);
  if (a < 0 || b < a) throw new Error(`README.md has no "${README_BEGIN}" ... "${README_END}" block for the mutant table`);
  return `${readme.slice(0, a + README_BEGIN.length)}\n${markdown}${readme.slice(b)}`;
}

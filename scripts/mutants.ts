/**
 * `npm run mutants`: the suite must be able to fail. Each mutant (scripts/lib/mutants/list.ts) is
 * one small semantic change to the code, applied to a scratch copy of the repository; the test
 * files it names run there, and it counts as killed only when vitest reports failed tests and the
 * test named as its killer is among them (the rules: scripts/lib/mutants/battery.ts).
 *
 *   npm run mutants [-- --only NAME[,NAME]] [--list] [--jobs N] [--fresh-cache] [--timeout SECONDS]
 *
 * Order of work: an unmutated baseline run of every named test file, which must pass with every
 * named killer present (else the battery stops and says which), and meanwhile the type check of
 * the unmutated tree and of every mutant (tsc's checker, in-process and incremental: a mutant
 * that does not compile is an error, never run); then the mutants, `--jobs` at a time (default 2, one per core; each
 * vitest run on one worker), longest first by the last report. Claim files run at ci scale
 * (CLAIMS_SCALE=ci where a mutant says so) with a result cache in .cache/mutants that persists
 * between batteries (keyed by code version like every claims cache, so a mutated runner never
 * reads an unmutated result); `--fresh-cache` uses an empty one.
 *
 * A full run (no --only) writes reports/mutants/latest.json and latest.md and the README's table
 * (between its mutants markers; test/scripts/mutants.test.ts checks that the README shows the
 * committed report). Exit status 1 unless every mutant is killed by its named test.
 * The scratch copies (tracked and untracked-but-not-ignored files, node_modules linked) live in a
 * temporary folder that is removed at the end.
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { REPO_ROOT } from "../src/runtime/files.js";
import { runScript, UsageError } from "./lib/cli.js";
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
  type MutantRecord,
  type VitestJson,
} from "./lib/mutants/battery.js";
import { MUTANTS, type Mutant } from "./lib/mutants/list.js";
import { IncrementalTypeCheck } from "./lib/mutants/typecheck.js";

const USAGE = "npm run mutants [-- --only NAME[,NAME]] [--list] [--jobs N] [--fresh-cache] [--timeout SECONDS]";
const REPORT_DIR = join(REPO_ROOT, "reports", "mutants");

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The files of the tree as git sees them: tracked, and untracked but not ignored. */
function treeFiles(): string[] {
  const r = spawnSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: REPO_ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ls-files failed: ${r.stderr}`);
  // node_modules is linked, not copied (in a worktree it can be an untracked symlink that git does not ignore).
  return [...new Set(r.stdout.split("\n").filter(Boolean))].filter((f) => f !== "node_modules" && !f.startsWith("node_modules/") && existsSync(join(REPO_ROOT, f)));
}

function commitOf(): string {
  const head = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: REPO_ROOT, encoding: "utf8" }).stdout.trim();
  const status = spawnSync("git", ["status", "--porcelain", "--untracked-files=normal"], { cwd: REPO_ROOT, encoding: "utf8" }).stdout;
  const dirty = status.split("\n").some((l) => l.trim() !== "" && l.slice(3) !== "node_modules");
  return `${head}${dirty ? "+uncommitted" : ""}`;
}

function scratchCopy(files: string[], to: string): void {
  for (const f of files) {
    mkdirSync(dirname(join(to, f)), { recursive: true });
    cpSync(join(REPO_ROOT, f), join(to, f));
  }
  symlinkSync(join(REPO_ROOT, "node_modules"), join(to, "node_modules"));
}

/** vitest processes still running (killed, with their process groups, when the battery stops early). */
const running = new Set<number>();

function killRunning(): void {
  for (const pid of running) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

interface VitestRun {
  json: VitestJson | null;
  timedOut: boolean;
  seconds: number;
  outputTail: string;
}

/** One vitest call in `repo` on `files`, its JSON report read back (null when it wrote none). */
function runVitest(repo: string, files: string[], env: Record<string, string>, opts: { out: string; timeoutS: number; maxWorkers?: number }): Promise<VitestRun> {
  const json = `${opts.out}.json`;
  const logFile = `${opts.out}.log`;
  rmSync(json, { force: true });
  const args = [join(repo, "node_modules", "vitest", "vitest.mjs"), "run", "--reporter=json", `--outputFile=${json}`, ...(opts.maxWorkers ? [`--maxWorkers=${opts.maxWorkers}`] : []), ...files];
  const fd = openSync(logFile, "w");
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: repo, env: { ...process.env, ...env }, stdio: ["ignore", fd, fd], detached: true });
    running.add(child.pid!);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }, opts.timeoutS * 1000);
    child.on("exit", () => {
      running.delete(child.pid!);
      clearTimeout(timer);
      closeSync(fd);
      const seconds = (performance.now() - t0) / 1000;
      let parsed: VitestJson | null = null;
      try {
        parsed = existsSync(json) ? (JSON.parse(readFileSync(json, "utf8")) as VitestJson) : null;
      } catch {
        parsed = null;
      }
      const tail = readFileSync(logFile, "utf8").replace(/\x1b\[[0-9;]*m/g, "").trim().split("\n").slice(-3).join(" / ").slice(0, 300);
      resolve({ json: timedOut ? null : parsed, timedOut, seconds, outputTail: tail });
    });
  });
}

/** Result files (*.json) under a cache folder. */
function cachedResults(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".json")).length;
}

/** Seconds each mutant took in the last full report (to start the longest first). */
function lastSeconds(): Map<string, number> {
  const p = join(REPORT_DIR, "latest.json");
  if (!existsSync(p)) return new Map();
  try {
    const r = JSON.parse(readFileSync(p, "utf8")) as BatteryReport;
    return new Map(r.mutants.map((m) => [m.name, m.seconds]));
  } catch {
    return new Map();
  }
}

await runScript(
  { usage: USAGE, options: { only: { type: "string" }, list: { type: "boolean" }, jobs: { type: "string" }, "fresh-cache": { type: "boolean" }, timeout: { type: "string" } } },
  async ({ values }) => {
    const problems = listProblems(MUTANTS);
    if (problems.length) throw new Error(`the mutant list is inconsistent:\n${problems.join("\n")}`);
    if (values.list) {
      for (const m of MUTANTS) console.log(`${m.name}: ${m.what} (${m.file}; killer: ${m.killer})`);
      return;
    }
    const only = values.only?.split(",");
    const chosen = only ? MUTANTS.filter((m) => only.includes(m.name)) : MUTANTS;
    if (only && chosen.length !== only.length) throw new UsageError(`unknown mutant in --only: ${only.filter((n) => !MUTANTS.some((m) => m.name === n)).join(", ")}`);
    const jobs = values.jobs === undefined ? Math.min(2, availableParallelism()) : Number(values.jobs);
    if (!(Number.isInteger(jobs) && jobs >= 1)) throw new UsageError(`--jobs must be a positive integer, got ${values.jobs}`);
    const timeoutS = values.timeout === undefined ? 300 : Number(values.timeout);
    if (!(timeoutS > 0)) throw new UsageError(`--timeout must be a positive number of seconds, got ${values.timeout}`);
    const argv = process.argv.slice(2);
    const command = `npm run mutants${argv.length ? ` -- ${argv.join(" ")}` : ""}`;
    const started = performance.now();
    const loadAverage = loadavg()[0];
    // Every mutated text first: a stale mutant stops the battery before any work.
    const mutated = new Map(chosen.map((m) => [m.name, applyMutant(m, readFileSync(join(REPO_ROOT, m.file), "utf8"))]));

    const tmp = mkdtempSync(join(tmpdir(), "mutants-"));
    try {
      const files = treeFiles();
      const repos = Array.from({ length: jobs }, (_, j) => join(tmp, `repo-${j}`));
      for (const r of repos) scratchCopy(files, r);
      const cacheDir = values["fresh-cache"] ? join(tmp, "cache") : join(REPO_ROOT, ".cache", "mutants");
      const cache = values["fresh-cache"] ? "fresh (empty temporary folder)" : `persistent (.cache/mutants, ${cachedResults(cacheDir)} seed results at the start)`;
      const envOf = (m: Pick<Mutant, "env">, job: number): Record<string, string> => ({ ...m.env, CLAIMS_CACHE_DIR: cacheDir, CLAIMS_REPORT_DIR: join(tmp, `reports-${job}`) });
      mkdirSync(join(tmp, "out"));

      // 1. Baseline: every named test file, unmutated, one vitest run per environment (the runs
      // start now, side by side, and the type checks below run while they do).
      const groups = new Map<string, { env: Record<string, string>; files: Set<string>; killers: string[] }>();
      for (const m of chosen) {
        const key = JSON.stringify(m.env ?? {});
        const g = groups.get(key) ?? { env: m.env ?? {}, files: new Set<string>(), killers: [] };
        m.tests.forEach((f) => g.files.add(f));
        g.killers.push(m.killer);
        groups.set(key, g);
      }
      const baselineGroups = [...groups.values()];
      const baselineRuns = baselineGroups.map((g, i) => runVitest(repos[i % jobs], [...g.files], envOf(g, i % jobs), { out: join(tmp, "out", `baseline-${i}`), timeoutS: 2 * timeoutS }));

      // 2. Type checks: the unmutated tree must compile; a mutant that does not is an error.
      const tc0 = performance.now();
      const checker = new IncrementalTypeCheck(repos[0]);
      const base = checker.check();
      if (base.length) throw new Error(`the unmutated tree does not compile (tsc --noEmit):\n${base.slice(0, 10).join("\n")}`);
      const compileErrors = new Map<string, string[]>();
      for (const m of chosen) compileErrors.set(m.name, checker.check({ [m.file]: mutated.get(m.name)! }));
      const typecheckSeconds = (performance.now() - tc0) / 1000;
      log(`type checks: the tree and ${chosen.length} mutants in ${typecheckSeconds.toFixed(0)} s; ${[...compileErrors.values()].filter((e) => e.length).length} mutant(s) do not compile`);

      const baselineResults = await Promise.all(baselineRuns);
      let baselinePassed = 0;
      let baselineFiles = 0;
      let baselineSeconds = 0;
      for (const [i, run] of baselineResults.entries()) {
        const g = baselineGroups[i];
        const bad = baselineProblems(repos[i % jobs], run.json, g.killers, run.timedOut);
        if (bad.length) {
          throw new Error(`the baseline (unmutated code, ${[...g.files].join(" ")}${Object.keys(g.env).length ? ` with ${JSON.stringify(g.env)}` : ""}) does not pass; no mutant was run:\n${bad.join("\n")}${run.json ? "" : `\n${run.outputTail}`}`);
        }
        baselinePassed += run.json!.numPassedTests;
        baselineFiles += g.files.size;
        baselineSeconds = Math.max(baselineSeconds, run.seconds);
        log(`baseline ${i + 1}/${baselineGroups.length}: ${run.json!.numPassedTests} tests in ${g.files.size} files passed in ${run.seconds.toFixed(0)} s`);
      }

      // 3. The mutants, `jobs` at a time, longest first.
      const previous = lastSeconds();
      const queue = [...chosen].sort((a, b) => (previous.get(b.name) ?? 1e9) - (previous.get(a.name) ?? 1e9));
      const records = new Map<string, MutantRecord>();
      const worker = async (job: number): Promise<void> => {
        const repo = repos[job];
        for (let m = queue.shift(); m; m = queue.shift()) {
          const errors = compileErrors.get(m.name)!;
          let run: VitestRun = { json: null, timedOut: false, seconds: 0, outputTail: "" };
          if (errors.length === 0) {
            const path = join(repo, m.file);
            const original = readFileSync(path, "utf8");
            writeFileSync(path, mutated.get(m.name)!);
            try {
              run = await runVitest(repo, m.tests, envOf(m, job), { out: join(tmp, "out", m.name), timeoutS, maxWorkers: jobs > 1 ? 1 : undefined });
            } finally {
              writeFileSync(path, original);
            }
          }
          const outcome = classify(repo, m, { compileErrors: errors, timedOut: run.timedOut, json: run.json, outputTail: run.outputTail });
          records.set(m.name, { name: m.name, what: m.what, file: m.file, killer: m.killer, ...outcome, seconds: run.seconds });
          log(`${m.name}: ${outcome.status.toUpperCase()}${outcome.note ? ` (${outcome.note})` : ""} in ${run.seconds.toFixed(0)} s`);
        }
      };
      await Promise.all(repos.map((_, j) => worker(j)));

      const list = chosen.map((m) => records.get(m.name)!);
      const report: BatteryReport = {
        command,
        date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
        commit: commitOf(),
        jobs,
        cpus: availableParallelism(),
        cache,
        loadAverage,
        baseline: { passed: baselinePassed, files: baselineFiles, seconds: baselineSeconds },
        typecheckSeconds,
        seconds: (performance.now() - started) / 1000,
        totals: totalsOf(list),
        mutants: list,
      };
      const md = renderMarkdown(report);
      console.log(`\n${md}`);
      if (!only) {
        mkdirSync(REPORT_DIR, { recursive: true });
        writeFileSync(join(REPORT_DIR, "latest.json"), `${JSON.stringify(report, null, 2)}\n`);
        writeFileSync(join(REPORT_DIR, "latest.md"), latestMarkdown(report));
        const readmePath = join(REPO_ROOT, "README.md");
        const readme = readFileSync(readmePath, "utf8");
        if (readmeBlock(readme) !== null) writeFileSync(readmePath, withReadmeBlock(readme, md));
        else log("README.md has no mutants markers: its table was not updated");
        log(`wrote reports/mutants/latest.json, latest.md and the README's table`);
      }
      const t = report.totals;
      if (t.killed !== list.length) throw new Error(`${list.length - t.killed} of ${list.length} mutants not killed by their named test (${t.survived} survived, ${t["killer-missed"]} killer missed, ${t.error} errors)`);
    } finally {
      killRunning();
      rmSync(tmp, { recursive: true, force: true });
    }
  },
);

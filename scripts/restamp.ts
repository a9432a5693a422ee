/**
 * Keep committed checkerboard data valid across a refactor (src/runtime/versions.ts): recompute a
 * sample of the committed seed-runs with the current code (by default the lowest seed of every
 * run folder, i.e. one seed of each paper-scale run), compare every number bit for bit, and only
 * when all are identical move every file of the store to the current code hash under the same
 * meaning versions, appending a stamp (code hash, date, the sample) to each file's trail. Any
 * difference is printed and nothing is written: a change that moves numbers is a change of
 * meaning (bump the version in src/runtime/versions.ts and re-measure).
 *
 *   npm run restamp [-- --data reports/paper/data] [--seeds all|N[,N]] [--runs NAME[,NAME]] [--check]
 *
 * --check verifies and writes nothing (exit 1 on a difference). Cost: one seed of each run, about
 * 5 minutes on 2 cores for the paper store.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { CbSeedResult } from "../src/experiments/cb-runner.js";
import { runCheckerboardSeed } from "../src/experiments/cb-runner.js";
import { parseCbConfig } from "../src/experiments/cb-config.js";
import { codeVersion } from "../src/experiments/cache.js";
import { restamped, seedRunDifferences, versionMismatch, type Stamp } from "../src/experiments/restamp.js";
import { listSeedData, writeSeedData } from "../src/experiments/seed-data.js";
import { initBackend } from "../src/runtime/backend.js";
import { REPO_ROOT } from "../src/runtime/files.js";
import { versionsText, versionsOf } from "../src/runtime/versions.js";
import { closeFastWorkers } from "../src/info/decoders/decoder-fast.js";
import { parseSeedList, runScript, UsageError } from "./lib/cli.js";

await runScript(
  {
    usage: "npm run restamp [-- --data DIR] [--seeds all|N[,N]] [--runs NAME[,NAME]] [--check]",
    options: { data: { type: "string" }, seeds: { type: "string" }, runs: { type: "string" }, check: { type: "boolean" } },
  },
  async ({ values }) => {
    const root = values.data ?? join(REPO_ROOT, "reports", "paper", "data");
    if (!existsSync(join(root, "checkerboard"))) throw new UsageError(`--data ${root}: no checkerboard/ folder there`);
    const backend = await initBackend(process.env.CLAIMS_BACKEND ?? "wasm");
    const current = codeVersion("checkerboard");
    const runs = listSeedData(root).filter((r) => r.seeds.length > 0 && (!values.runs || values.runs.split(",").includes(r.run)));
    if (runs.length === 0) throw new UsageError(`no seed data to restamp under ${root}${values.runs ? ` for --runs ${values.runs}` : ""}`);
    const read = (run: string, seed: number): CbSeedResult => JSON.parse(readFileSync(join(root, "checkerboard", run, `seed-${seed}.json`), "utf8")) as CbSeedResult;
    console.log(`restamp: ${runs.length} run folders under ${relative(REPO_ROOT, root) || root}; current code ${current} (${versionsText(versionsOf("checkerboard"))}); backend ${backend.name}`);

    // Every file must already be at the current meaning versions.
    const stale: string[] = [];
    for (const { run, seeds } of runs) for (const s of seeds) {
      const why = versionMismatch(read(run, s));
      if (why) stale.push(`${run}/seed-${s}: ${why}`);
    }
    if (stale.length) throw new Error(`cannot restamp:\n  ${stale.slice(0, 10).join("\n  ")}${stale.length > 10 ? `\n  ... ${stale.length - 10} more` : ""}`);

    const sample: { run: string; seed: number }[] = [];
    for (const { run, seeds } of runs) {
      const pick = values.seeds === "all" ? seeds : values.seeds ? parseSeedList("--seeds", values.seeds).filter((s) => seeds.includes(s)) : [seeds[0]];
      for (const seed of pick) sample.push({ run, seed });
    }
    const t0 = performance.now();
    const failures: string[] = [];
    for (const [i, { run, seed }] of sample.entries()) {
      const committed = read(run, seed);
      if (committed.codeVersion === current) {
        console.log(`[${i + 1}/${sample.length}] ${run}/seed-${seed}: already measured or verified by ${current}`);
        continue;
      }
      const fresh = await runCheckerboardSeed(parseCbConfig(committed.config), seed, () => undefined);
      const diff = seedRunDifferences(committed, fresh);
      const el = (performance.now() - t0) / 1000;
      console.log(`[${i + 1}/${sample.length}] ${run}/seed-${seed}: ${diff.length === 0 ? "bitwise identical" : `DIFFERS (${diff.length}${diff.length >= 20 ? "+" : ""} fields)`} | ${el.toFixed(0)} s, ETA ${((el / (i + 1)) * (sample.length - i - 1)).toFixed(0)} s`);
      if (diff.length) failures.push(`${run}/seed-${seed} (committed by ${committed.codeVersion}):\n    ${diff.join("\n    ")}`);
    }
    await closeFastWorkers();
    if (failures.length) {
      throw new Error(`the current code does not reproduce the committed numbers; nothing was written. A change of meaning: bump its version in src/runtime/versions.ts and re-measure.\n  ${failures.join("\n  ")}`);
    }
    if (values.check) {
      console.log(`check: the ${sample.length} sampled seed-runs are bitwise identical under ${current}; nothing written (--check)`);
      return;
    }
    const stamp: Stamp = { codeVersion: current, verified: new Date().toISOString(), sample: sample.map(({ run, seed }) => `${run}/seed-${seed}`) };
    let written = 0;
    for (const { run, seeds } of runs) {
      const files = seeds.map((s) => read(run, s)).filter((r) => r.codeVersion !== current);
      written += writeSeedData(root, files.map((r) => restamped(r, current, stamp))).length;
    }
    console.log(`restamped ${written} seed-runs to code ${current} (${versionsText(versionsOf("checkerboard"))}); sample of ${sample.length} bitwise identical`);
  },
);

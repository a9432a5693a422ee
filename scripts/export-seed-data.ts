/**
 * Copy checkerboard seed-runs from the result cache into the committed per-seed data store
 * (src/experiments/seed-data.ts), so that a report can be regenerated without retraining:
 *
 *   npm run data:export -- --scale paper [--to reports/paper/data] [--cache DIR] [--code-version V]
 *
 * Every cache entry of the scale is considered; with several code versions of one run and seed,
 * --code-version picks one (default: the newest entry by measuredAt). Prints what it wrote.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { cacheRoot } from "../src/experiments/cache.js";
import type { CbSeedResult } from "../src/experiments/cb-runner.js";
import { runDataName, writeSeedData } from "../src/experiments/seed-data.js";
import { REPO_ROOT } from "../src/runtime/files.js";
import { runScript, UsageError } from "./lib/cli.js";

await runScript(
  {
    usage: "npm run data:export -- --scale paper|ci [--to DIR] [--cache DIR] [--code-version V]",
    options: { scale: { type: "string" }, to: { type: "string" }, cache: { type: "string" }, "code-version": { type: "string" } },
  },
  ({ values }) => {
    const scale = values.scale;
    if (scale !== "paper" && scale !== "ci") throw new UsageError(`--scale must be paper or ci, got ${scale ?? "nothing"}`);
    const to = values.to ?? join(REPO_ROOT, "reports", scale, "data");
    const root = join(values.cache ?? cacheRoot(), "checkerboard");
    if (!existsSync(root)) throw new Error(`no checkerboard cache at ${root}`);
    const best = new Map<string, CbSeedResult>();
    for (const key of readdirSync(root)) {
      for (const f of readdirSync(join(root, key))) {
        if (!/^seed-\d+\.json$/.test(f)) continue;
        const r = JSON.parse(readFileSync(join(root, key, f), "utf8")) as CbSeedResult;
        if (r.config?.scale !== scale) continue;
        if (values["code-version"] && r.codeVersion !== values["code-version"]) continue;
        const id = `${runDataName(r.config)}/${r.seed}`;
        const prev = best.get(id);
        if (!prev || (r.measuredAt ?? "") > (prev.measuredAt ?? "")) best.set(id, r);
      }
    }
    if (best.size === 0) throw new Error(`no ${scale}-scale checkerboard results in ${root}${values["code-version"] ? ` for code version ${values["code-version"]}` : ""}`);
    const written = writeSeedData(to, [...best.values()]);
    const versions = [...new Set([...best.values()].map((r) => r.codeVersion))];
    console.log(`wrote ${written.length} seed-runs to ${relative(REPO_ROOT, to) || to} (code version${versions.length > 1 ? "s" : ""} ${versions.join(", ")})`);
  },
);

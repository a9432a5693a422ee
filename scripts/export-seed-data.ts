/**
 * Copy checkerboard seed-runs from the result cache into the committed per-seed data store
 * (src/experiments/seed-data.ts), so that a report can be regenerated without retraining:
 *
 *   npm run data:export -- --scale paper [--to reports/paper/data] [--cache DIR] [--code-version V]
 *
 * Every cache entry of the scale is considered (checksum and schema checked; a bad entry is named
 * and skipped; entries from before checksums are schema-checked only); with several code versions of one run and seed,
 * --code-version picks one (default: the newest entry by measuredAt). Prints what it wrote.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { CacheEntryError, cacheRoot, decodeCacheEntry } from "../src/experiments/cache.js";
import { CB_SEED_RESULT } from "../src/experiments/cb-result-schema.js";
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
    let legacy = 0;
    for (const key of readdirSync(root)) {
      for (const f of readdirSync(join(root, key))) {
        if (!/^seed-\d+\.json$/.test(f)) continue;
        const path = join(root, key, f);
        let r: CbSeedResult;
        try {
          // Checksum and schema checked; entries from before checksums are accepted (schema only) and counted.
          const entry = decodeCacheEntry<CbSeedResult>(readFileSync(path, "utf8"), path, CB_SEED_RESULT, { allowLegacy: true });
          if (entry.checksum === "legacy") legacy++;
          r = entry.value;
        } catch (err) {
          if (!(err instanceof CacheEntryError)) throw err;
          console.error(`skipped: ${err.message}`);
          continue;
        }
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
    if (legacy > 0) console.log(`${legacy} of the entries read have no checksum (written before checksums existed): checked against the schema only`);
    console.log(`wrote ${written.length} seed-runs to ${relative(REPO_ROOT, to) || to} (code version${versions.length > 1 ? "s" : ""} ${versions.join(", ")})`);
  },
);

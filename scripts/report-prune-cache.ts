/**
 * Remove run-cache entries of other code versions (src/report/prune-cache.ts), e.g. in the nightly
 * before the runs:
 *
 *   npm run report:prune-cache -- [--dry-run] [--stale-days 14] [--root DIR]
 *
 * The root defaults to CLAIMS_CACHE_DIR (else .cache/claims); the current code versions are this
 * checkout's (src/experiments/cache.ts codeVersion).
 */
import { resolve } from "node:path";
import { cacheRoot, codeVersion } from "../src/experiments/cache.js";
import { pruneCache } from "../src/report/prune-cache.js";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const root = arg("root") ? resolve(arg("root")!) : cacheRoot();
const staleDays = Number(arg("stale-days") ?? 14);
if (!(staleDays > 0)) {
  console.error(`--stale-days must be a positive number, got ${JSON.stringify(arg("stale-days"))}`);
  process.exit(2);
}
const dryRun = process.argv.includes("--dry-run");
const current = { checkerboard: codeVersion("checkerboard"), cifar: codeVersion("cifar"), estimator: codeVersion("estimator") };
const r = pruneCache(root, current, { staleDays, dryRun });
for (const p of r.removed) console.log(`${dryRun ? "would remove" : "removed"} ${p}`);
console.log(`cache ${root}: ${r.removed.length} entries ${dryRun ? "to remove" : "removed"}, ${r.kept} kept (code versions: checkerboard ${current.checkerboard}, cifar ${current.cifar})`);

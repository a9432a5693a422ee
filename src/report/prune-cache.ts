/**
 * Pruning the run cache by code version (the nightly keeps CLAIMS_CACHE_DIR between nights; any
 * edit to the code that produces results changes the code version and orphans every old entry).
 * Layout (src/experiments/cache.ts): `<root>/<namespace>/<key>/seed-<n>.json`, each result with
 * its `codeVersion`; CIFAR checkpoints in `<root>/cifar/<key>/` share the key of their result.
 * Removed: a key folder of `checkerboard` or `cifar-results` whose results all carry another code
 * version than the current one of their kind; a `cifar/<key>` checkpoint folder whose results were
 * removed, or that nothing has written for `staleDays` (an abandoned run of old code; a live run
 * rewrites its checkpoint every epoch). Anything else (gpu-check results, unreadable files) stays.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { CodeScope } from "../experiments/cache.js";

/** Namespaces of result files and the code-version scope of each. */
const RESULT_NAMESPACES: Record<string, CodeScope> = { checkerboard: "checkerboard", "cifar-results": "cifar" };

export interface PruneResult {
  removed: string[];
  kept: number;
}

/** Code versions of the result files in a key folder (null: none readable). */
function versionsIn(dir: string): string[] | null {
  const out: string[] = [];
  for (const f of readdirSync(dir)) {
    if (!/^seed-\d+\.json$/.test(f)) continue;
    try {
      const v = (JSON.parse(readFileSync(join(dir, f), "utf8")) as { codeVersion?: unknown }).codeVersion;
      if (typeof v === "string") out.push(v);
    } catch {
      return null;
    }
  }
  return out.length ? out : null;
}

/** Prune `root` for the current code versions; `dryRun` lists without removing. */
export function pruneCache(root: string, current: Record<CodeScope, string>, opts: { staleDays?: number; dryRun?: boolean; now?: Date } = {}): PruneResult {
  const staleMs = (opts.staleDays ?? 14) * 86_400_000;
  const now = (opts.now ?? new Date()).getTime();
  const removed: string[] = [];
  let kept = 0;
  const remove = (p: string) => {
    removed.push(p);
    if (!opts.dryRun) rmSync(p, { recursive: true, force: true });
  };
  const removedCifarKeys = new Set<string>();
  for (const [ns, scope] of Object.entries(RESULT_NAMESPACES)) {
    const nsDir = join(root, ns);
    if (!existsSync(nsDir)) continue;
    for (const key of readdirSync(nsDir)) {
      const dir = join(nsDir, key);
      if (!statSync(dir).isDirectory()) continue;
      const versions = versionsIn(dir);
      if (versions && versions.every((v) => v !== current[scope])) {
        remove(dir);
        if (ns === "cifar-results") removedCifarKeys.add(key);
      } else kept++;
    }
  }
  const ckptDir = join(root, "cifar");
  if (existsSync(ckptDir)) {
    for (const key of readdirSync(ckptDir)) {
      const dir = join(ckptDir, key);
      if (!statSync(dir).isDirectory()) continue;
      const newest = Math.max(statSync(dir).mtimeMs, ...readdirSync(dir).map((f) => statSync(join(dir, f)).mtimeMs));
      if (removedCifarKeys.has(key) || now - newest > staleMs) remove(dir);
      else kept++;
    }
  }
  return { removed, kept };
}

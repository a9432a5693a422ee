/**
 * On-disk result cache: one JSON file per (config, seed), keyed by a hash of the canonical config
 * and the code version, written atomically (temp file in the same folder, then rename) so an
 * interrupted run never leaves a half-written result.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { canonicalJson, REPO_ROOT, writeFileAtomic } from "../runtime/files.js";

export { canonicalJson, REPO_ROOT, writeFileAtomic };


export type CodeScope = "checkerboard" | "cifar" | "estimator";

/** The module each kind of result starts from; its import graph is the scope of the code version. */
const SCOPE_ENTRIES: Record<CodeScope, string> = {
  checkerboard: "src/experiments/cb-runner.ts",
  cifar: "src/experiments/cifar-runner.ts",
  estimator: "src/info/estimate.ts",
};

/**
 * Repository files a source file depends on: its relative imports (static, dynamic, type-only;
 * `.js` specifiers resolved to the `.ts` source) and the relative module or kernel files it names
 * as string literals (worker modules, `new URL("./wasm/decoder.wasm", import.meta.url)`); for a C
 * kernel its `#include "..."` headers; for a .wasm binary its C source beside it.
 */
export function sourceDependencies(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const dir = dirname(file);
  const out = new Set<string>();
  const add = (spec: string): void => {
    let target = resolve(dir, spec);
    if (target.endsWith(".js") && existsSync(target.slice(0, -3) + ".ts")) target = target.slice(0, -3) + ".ts";
    if (existsSync(target) && statSync(target).isFile()) out.add(target);
  };
  if (file.endsWith(".wasm")) {
    add(basename(file, ".wasm") + ".c");
    return [...out];
  }
  if (file.endsWith(".c") || file.endsWith(".h")) {
    for (const m of text.matchAll(/#include\s+"([^"]+)"/g)) add(m[1]);
    return [...out];
  }
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) add(m[1]);
  for (const m of text.matchAll(/["'](\.{1,2}\/[^"'\s]+\.(?:ts|wasm))["']/g)) add(m[1]);
  return [...out];
}

/** Every repository file reachable from `entry` through sourceDependencies, sorted. */
export function dependencyClosure(entry: string): string[] {
  const seen = new Set<string>();
  const stack = [resolve(entry)];
  while (stack.length > 0) {
    const f = stack.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    for (const d of sourceDependencies(f)) if (!seen.has(d)) stack.push(d);
  }
  return [...seen].sort();
}

/**
 * Files in a runner's import graph that cannot change a result, left out of the code version so
 * that storage and logging can change without recomputing everything: the cache's own mechanics
 * (this file) and progress printing.
 */
export const UNVERSIONED_SOURCES = ["src/experiments/cache.ts", "src/experiments/progress.ts"];

const codeVersionMemo = new Map<CodeScope, string>();

/**
 * Code version of a kind of run: sha256 over every file in the import graph of its runner
 * (`SCOPE_ENTRIES`, `dependencyClosure`: TypeScript sources, worker modules, WebAssembly kernels
 * and their C sources), so a new helper file is covered as soon as a runner reaches it, and any
 * edit there, even a comment, invalidates cached results (stale numbers are worse than a rerun).
 * `CLAIMS_CODE_VERSION` overrides it where the sources are not on disk (a bundled build).
 */
export function codeVersion(scope: CodeScope = "checkerboard"): string {
  if (process.env.CLAIMS_CODE_VERSION) return process.env.CLAIMS_CODE_VERSION;
  const memo = codeVersionMemo.get(scope);
  if (memo) return memo;
  const entry = join(REPO_ROOT, SCOPE_ENTRIES[scope]);
  if (!existsSync(entry)) throw new Error(`cannot compute the code version: ${entry} is missing (set CLAIMS_CODE_VERSION)`);
  const h = createHash("sha256");
  for (const f of dependencyClosure(entry)) {
    const rel = relative(REPO_ROOT, f).split("\\").join("/");
    if (UNVERSIONED_SOURCES.includes(rel)) continue;
    h.update(rel);
    h.update("\0");
    h.update(readFileSync(f));
    h.update("\0");
  }
  const v = h.digest("hex").slice(0, 16);
  codeVersionMemo.set(scope, v);
  return v;
}

/** Versions (from package-lock.json) of the packages that compute results: tfjs and its backends. */
const RESULT_PACKAGES = ["@tensorflow/tfjs", "@tensorflow/tfjs-backend-wasm", "@tensorflow/tfjs-backend-webgpu", "@tensorflow/tfjs-node-gpu", "webgpu"];

let packagesMemo: Record<string, string | null> | null = null;

/** The locked versions of RESULT_PACKAGES (null: not in the lock file). */
export function resultPackageVersions(): Record<string, string | null> {
  if (packagesMemo) return packagesMemo;
  const lockPath = join(REPO_ROOT, "package-lock.json");
  const lock = existsSync(lockPath) ? (JSON.parse(readFileSync(lockPath, "utf8")) as { packages?: Record<string, { version?: string }> }) : {};
  packagesMemo = Object.fromEntries(RESULT_PACKAGES.map((p) => [p, lock.packages?.[`node_modules/${p}`]?.version ?? null]));
  return packagesMemo;
}

/**
 * What, besides the config and the code, decides a run's numbers: the tfjs backend, the decoder
 * implementation, the Node.js major version (V8's Math functions enter the data generators), and
 * the locked package versions. Part of every cache key.
 */
export function runEnvironment(backend: string, decoderImplementation: string): Record<string, unknown> {
  return { backend, decoderImplementation, node: process.versions.node.split(".")[0], packages: resultPackageVersions() };
}

/** What produced estimator numbers here: backend, decoder implementation ("auto" resolved), estimator code version. */
export function estimatorOrigin(backend: { name: string; gpu: boolean }): { backend: string; decoderImplementation: string; estimatorVersion: string } {
  return { backend: backend.name, decoderImplementation: backend.gpu ? "bank" : "fast", estimatorVersion: codeVersion("estimator") };
}

/** Hash of a config together with the code version (16 hex digits). */
export function configKey(config: unknown, version = codeVersion()): string {
  return createHash("sha256").update(canonicalJson({ config, version })).digest("hex").slice(0, 16);
}

export function cacheRoot(): string {
  return process.env.CLAIMS_CACHE_DIR ? resolve(process.env.CLAIMS_CACHE_DIR) : join(REPO_ROOT, ".cache", "claims");
}

/** A cache of JSON results under `root/<namespace>/<key>/seed-<seed>.json`. */
export class ResultCache<T> {
  constructor(
    readonly namespace: string,
    readonly root: string = cacheRoot(),
  ) {}

  path(key: string, seed: number): string {
    return join(this.root, this.namespace, key, `seed-${seed}.json`);
  }

  get(key: string, seed: number): T | null {
    const p = this.path(key, seed);
    if (!existsSync(p)) return null;
    try {
      return JSON.parse(readFileSync(p, "utf8")) as T;
    } catch (err) {
      throw new Error(`corrupt cache file ${p}: ${(err as Error).message}; delete it to recompute`);
    }
  }

  put(key: string, seed: number, value: T): void {
    writeFileAtomic(this.path(key, seed), JSON.stringify(value));
  }
}

/**
 * On-disk result cache: one JSON file per (config, seed), keyed by a hash of the canonical config
 * and the code version, written atomically (temp file in the same folder, then rename) so an
 * interrupted run never leaves a half-written result. Each file carries a checksum of its value
 * and is checked against the result's schema when read; a per-entry lock file lets concurrent
 * runs of the same seed compute it once (ResultCache below).
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, unlinkSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { breakLock, DEFAULT_STALE_LOCK_MS, lockStatus, tryLock } from "../runtime/file-lock.js";
import { canonicalJson, REPO_ROOT, writeFileAtomic } from "../runtime/files.js";
import { showValue } from "../runtime/format.js";
import { shapeProblems, type Check } from "../runtime/shape.js";
import { MEANING_VERSIONS } from "../runtime/versions.js";
import { formatDuration, stderrLog, type LogFn } from "./progress.js";

export { canonicalJson, REPO_ROOT, writeFileAtomic };


export type CodeScope = "checkerboard" | "cifar" | "estimator";

/** The module each kind of result starts from; its import graph is the scope of the code version. */
const SCOPE_ENTRIES: Record<CodeScope, string> = {
  checkerboard: "src/experiments/cb-runner.ts",
  cifar: "src/experiments/cifar-runner.ts",
  estimator: "src/info/core/estimate.ts",
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
 * (this file, its entry schemas, lock files and shape checks) and progress printing.
 */
export const UNVERSIONED_SOURCES = [
  "src/experiments/cache.ts",
  "src/experiments/cb-result-schema.ts",
  "src/experiments/cifar-result-schema.ts",
  "src/experiments/usable-info-schema.ts",
  "src/runtime/file-lock.ts",
  "src/runtime/shape.ts",
  "src/experiments/progress.ts",
];

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

/**
 * What produced estimator numbers here: backend, decoder implementation ("auto" resolved), and
 * the estimator's meaning version (src/runtime/versions.ts), not the byte hash of its code: a
 * refactor that keeps every number keeps the version, so baselines stay comparable exactly (and a
 * change that moves numbers without a version bump shows as a failed exact check).
 */
export function estimatorOrigin(backend: { name: string; gpu: boolean }): { backend: string; decoderImplementation: string; estimatorVersion: string } {
  return { backend: backend.name, decoderImplementation: backend.gpu ? "bank" : "fast", estimatorVersion: `meaning ${MEANING_VERSIONS.estimator}` };
}

/** Hash of a config together with the code version (16 hex digits). */
export function configKey(config: unknown, version = codeVersion()): string {
  return createHash("sha256").update(canonicalJson({ config, version })).digest("hex").slice(0, 16);
}

export function cacheRoot(): string {
  return process.env.CLAIMS_CACHE_DIR ? resolve(process.env.CLAIMS_CACHE_DIR) : join(REPO_ROOT, ".cache", "claims");
}

/** Format tag of every cache entry file. */
export const CACHE_ENTRY_FORMAT = "usable-info-claims/result/2";

/** Age after which a temporary file of an atomic write counts as abandoned, ms (writing an entry takes well under a second). */
export const STALE_TMP_MS = 60_000;

/** How often a process waiting for another's lock looks again, ms. */
const DEFAULT_POLL_MS = 1_000;

/** Thrown for a cache entry that cannot be used; the message names the file and how to fix it. */
export class CacheEntryError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`cache entry ${path}: ${problem}; it is not used: delete it to recompute (rm '${path}')`);
    this.name = "CacheEntryError";
  }
}

/** A cache entry read back: the value, its file, and when it was written. */
export interface CacheEntry<T> {
  value: T;
  path: string;
  /** ISO 8601 time the entry was written ("unknown" for a legacy entry). */
  writtenAt: string;
  /** "verified": the checksum matched; "legacy": an entry from before checksums (only with allowLegacy). */
  checksum: "verified" | "legacy";
}

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

/**
 * A cache entry file: {format, sha256, writtenAt, value}, sha256 over the JSON text of `value`
 * (JSON.stringify; parse then stringify gives the same text back, so the reader recomputes it).
 */
export function encodeCacheEntry(value: unknown, writtenAt = new Date()): string {
  if (value === null || typeof value !== "object") throw new Error(`a cache entry's value must be an object, got ${showValue(value)}`);
  const text = JSON.stringify(value);
  return `{"format":${JSON.stringify(CACHE_ENTRY_FORMAT)},"sha256":"${sha256(text)}","writtenAt":"${writtenAt.toISOString()}","value":${text}}\n`;
}

/**
 * Parse and check a cache entry: JSON, format, checksum, then `schema` on the value. Throws
 * CacheEntryError naming `path`. `allowLegacy` accepts a bare value without envelope (entries
 * written before checksums; schema-checked only), for tools that export old results.
 */
export function decodeCacheEntry<T>(text: string, path: string, schema?: Check, opts: { allowLegacy?: boolean } = {}): CacheEntry<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new CacheEntryError(path, `not valid JSON (${(err as Error).message})`);
  }
  const o = parsed as { format?: unknown; sha256?: unknown; writtenAt?: unknown; value?: unknown } | null;
  let entry: CacheEntry<T>;
  if (o && typeof o === "object" && o.format === CACHE_ENTRY_FORMAT) {
    if (typeof o.sha256 !== "string" || o.value === undefined) throw new CacheEntryError(path, "the envelope has no sha256 or no value");
    if (sha256(JSON.stringify(o.value)) !== o.sha256) throw new CacheEntryError(path, "checksum mismatch: the value was changed after it was written (edited or corrupted)");
    entry = { value: o.value as T, path, writtenAt: typeof o.writtenAt === "string" ? o.writtenAt : "unknown", checksum: "verified" };
  } else if (opts.allowLegacy && o && typeof o === "object" && !("format" in o)) {
    entry = { value: o as T, path, writtenAt: "unknown", checksum: "legacy" };
  } else {
    const what = o && typeof o === "object" && "format" in o ? `format ${showValue(o.format)}, not ${CACHE_ENTRY_FORMAT}` : `not a cache entry of format ${CACHE_ENTRY_FORMAT} (no envelope with a checksum)`;
    throw new CacheEntryError(path, what);
  }
  const problems = schema ? shapeProblems(entry.value, schema) : [];
  if (problems.length > 0) throw new CacheEntryError(path, `does not fit the result schema: ${problems.join("; ")}`);
  return entry;
}

/** Remove abandoned temporary files (`*.tmp`, older than STALE_TMP_MS) of atomic writes in `dir`; returns their names. */
export function removeStaleTemporaries(dir: string, maxAgeMs = STALE_TMP_MS): string[] {
  if (!existsSync(dir)) return [];
  const removed: string[] = [];
  for (const f of readdirSync(dir)) {
    if (!f.endsWith(".tmp")) continue;
    const p = join(dir, f);
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st || Date.now() - st.mtimeMs <= maxAgeMs) continue;
    try {
      unlinkSync(p);
      removed.push(f);
    } catch {
      // Renamed or removed meanwhile by its writer or another cleaner.
    }
  }
  return removed;
}

/** One log line for a cache hit: what was reused, from where, and that its wall times are the earlier run's. */
export function describeHit(entry: CacheEntry<unknown>, wallSeconds?: { train: number; decode: number }): string {
  const times = wallSeconds ? `; that earlier run took train ${formatDuration(wallSeconds.train)}, decoders ${formatDuration(wallSeconds.decode)}` : "";
  return `cache hit, not recomputed: ${entry.path} (written ${entry.writtenAt}${entry.checksum === "legacy" ? ", legacy entry without checksum" : ""})${times}`;
}

export interface ResultCacheOptions {
  /** Structural check of every value read or written (the runners': cb-result-schema.ts, cifar-result-schema.ts); without it only the envelope is checked. */
  schema?: Check;
  /** Where waits, broken locks and removed temporary files are reported (default stderr). */
  log?: LogFn;
  /** Lock age after which its holder counts as gone, ms (default DEFAULT_STALE_LOCK_MS). */
  staleLockMs?: number;
  /** How often a process waiting for another's lock looks again, ms (default 1000). */
  pollMs?: number;
}

/**
 * A cache of JSON results under `root/<namespace>/<key>/seed-<seed>.json`. Every entry carries a
 * checksum and is checked against the schema when read; a bad entry throws CacheEntryError (its
 * file, and to delete it) and is never used. `getOrCompute` holds a per-entry lock file
 * (`seed-<seed>.json.lock`, src/runtime/file-lock.ts) while computing, so concurrent runs of the
 * same seed compute it once: the others wait and read it.
 */
export class ResultCache<T> {
  constructor(
    readonly namespace: string,
    readonly root: string = cacheRoot(),
    readonly options: ResultCacheOptions = {},
  ) {}

  path(key: string, seed: number): string {
    return join(this.root, this.namespace, key, `seed-${seed}.json`);
  }

  private get log(): LogFn {
    return this.options.log ?? stderrLog;
  }

  /** The entry of (key, seed) with its file and time, or null; throws CacheEntryError for a bad one. */
  lookup(key: string, seed: number): CacheEntry<T> | null {
    const p = this.path(key, seed);
    let text: string;
    try {
      text = readFileSync(p, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw new CacheEntryError(p, `cannot be read (${(err as Error).message})`);
    }
    return decodeCacheEntry<T>(text, p, this.options.schema);
  }

  /** The value of (key, seed), or null; throws CacheEntryError for a bad entry. */
  get(key: string, seed: number): T | null {
    return this.lookup(key, seed)?.value ?? null;
  }

  /** Store a value (checked against the schema first) atomically, removing abandoned temporary files beside it. */
  put(key: string, seed: number, value: T): void {
    const p = this.path(key, seed);
    const problems = this.options.schema ? shapeProblems(value, this.options.schema) : [];
    if (problems.length > 0) throw new Error(`refusing to cache a value that does not fit the result schema (${p}): ${problems.join("; ")}`);
    for (const f of removeStaleTemporaries(dirname(p))) this.log(`cache: removed an abandoned temporary file ${join(dirname(p), f)}`);
    writeFileAtomic(p, encodeCacheEntry(value));
  }

  /**
   * The entry of (key, seed), computed and stored under a lock when absent. While another process
   * (or call) holds the lock, waits and reads its result; a stale lock (holder gone) is broken.
   * `computed` says whether this call computed it; either way the value is the one read back
   * from the file, so a fresh result and a cached one are the same data. A failed computation
   * releases the lock and writes nothing.
   */
  async getOrCompute(key: string, seed: number, compute: () => Promise<T>): Promise<CacheEntry<T> & { computed: boolean }> {
    const p = this.path(key, seed);
    const lockPath = `${p}.lock`;
    const staleMs = this.options.staleLockMs ?? DEFAULT_STALE_LOCK_MS;
    for (const f of removeStaleTemporaries(dirname(p))) this.log(`cache: removed an abandoned temporary file ${join(dirname(p), f)}`);
    let announced = false;
    for (;;) {
      const hit = this.lookup(key, seed);
      if (hit) return { ...hit, computed: false };
      const lock = tryLock(lockPath);
      if (lock) {
        try {
          const late = this.lookup(key, seed); // finished between our lookup and our lock
          if (late) return { ...late, computed: false };
          const value = await compute();
          this.put(key, seed, value);
          return { ...this.lookup(key, seed)!, computed: true };
        } finally {
          lock.release();
        }
      }
      const status = lockStatus(lockPath, staleMs);
      if (status?.stale) {
        this.log(`cache: breaking the lock ${lockPath}: ${status.why}`);
        breakLock(lockPath, status.info?.token ?? null);
        continue;
      }
      if (status && !announced) {
        announced = true;
        const who = status.info ? `process ${status.info.pid} on ${status.info.host}, since ${status.info.startedAt}` : "another process";
        this.log(`cache: ${p} is being computed by ${who}; waiting to read it (the lock counts as stale after ${staleMs / 1000} s without refresh)`);
      }
      await new Promise((r) => setTimeout(r, this.options.pollMs ?? DEFAULT_POLL_MS));
    }
  }
}

/**
 * On-disk result cache: one JSON file per (config, seed), keyed by a hash of the canonical config
 * and the code version, written atomically (temp file in the same folder, then rename) so an
 * interrupted run never leaves a half-written result.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root (two levels above this file). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

export type CodeScope = "checkerboard" | "cifar";

/** Sources (path prefixes) whose content changes the numbers a run of each kind produces. */
const SCOPE_SOURCES: Record<CodeScope, string[]> = {
  checkerboard: [
    "src/runtime/",
    "src/data/checkerboard.ts",
    "src/models/mlp.ts",
    "src/training/train-cb.ts",
    "src/training/train-cb-wasm.ts",
    "src/training/cb-setup.ts",
    "src/training/wasm/cbnet.",
    "src/experiments/cb-config.ts",
    "src/info/",
    "src/experiments/cb-runner.ts",
  ],
  cifar: [
    "src/runtime/",
    "src/data/cifar",
    "src/data/augment.ts",
    "src/models/",
    "src/training/cifar-",
    "src/training/sgd-momentum.ts",
    "src/info/",
    "src/experiments/cifar-",
  ],
};
/** Never part of a code version: test-only channels and estimator-regression tooling. */
const UNVERSIONED = ["src/info/channels/", "src/info/regression.ts", "src/info/battery.ts"];

function listSources(dir: string, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) listSources(p, out);
    // Sources and the committed WebAssembly kernels they load (src/**/wasm/*.c, *.wasm).
    else if (/\.(ts|c|h|wasm)$/.test(name)) out.push(p);
  }
}

const codeVersionMemo = new Map<CodeScope, string>();

/**
 * Code version of a kind of run: sha256 over the sources that produce its results (any edit
 * there, even a comment, invalidates cached results: stale numbers are worse than a rerun).
 * `CLAIMS_CODE_VERSION` overrides it where the sources are not on disk (a bundled build).
 */
export function codeVersion(scope: CodeScope = "checkerboard"): string {
  if (process.env.CLAIMS_CODE_VERSION) return process.env.CLAIMS_CODE_VERSION;
  const memo = codeVersionMemo.get(scope);
  if (memo) return memo;
  const all: string[] = [];
  listSources(join(REPO_ROOT, "src"), all);
  const files = all.filter((f) => {
    const rel = relative(REPO_ROOT, f).split("\\").join("/");
    return SCOPE_SOURCES[scope].some((p) => rel.startsWith(p)) && !UNVERSIONED.some((u) => rel.startsWith(u));
  });
  if (files.length === 0) throw new Error(`cannot compute the code version: no sources under ${REPO_ROOT}/src (set CLAIMS_CODE_VERSION)`);
  const h = createHash("sha256");
  for (const f of files) {
    h.update(relative(REPO_ROOT, f));
    h.update("\0");
    h.update(readFileSync(f));
    h.update("\0");
  }
  const v = h.digest("hex").slice(0, 16);
  codeVersionMemo.set(scope, v);
  return v;
}

/** JSON with object keys sorted, so equal configs hash equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]));
    }
    return v;
  });
}

/** Hash of a config together with the code version (16 hex digits). */
export function configKey(config: unknown, version = codeVersion()): string {
  return createHash("sha256").update(canonicalJson({ config, version })).digest("hex").slice(0, 16);
}

export function cacheRoot(): string {
  return process.env.CLAIMS_CACHE_DIR ? resolve(process.env.CLAIMS_CACHE_DIR) : join(REPO_ROOT, ".cache", "claims");
}

let tmpCounter = 0;

/** Write a file atomically: temp file beside it, then rename. */
export function writeFileAtomic(path: string, contents: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.${tmpCounter++}.tmp`;
  try {
    writeFileSync(tmp, contents);
    renameSync(tmp, path);
  } catch (err) {
    if (existsSync(tmp)) unlinkSync(tmp);
    throw err;
  }
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

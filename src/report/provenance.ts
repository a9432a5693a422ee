/**
 * Provenance of a report page and of each claim on it: which commit and code produced the numbers,
 * on which packages, Node, backend and hardware, at which scale, when, and how long it took. A
 * reader can tell sections measured by different code apart (ClaimProvenance.sameCodeAsPage).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import type { Scale } from "../interfaces.js";
import type { ClaimProvenance, ClaimRecord } from "../claim-interfaces.js";
import { codeVersion, type CodeScope } from "../experiments/cache.js";
import { REPO_ROOT } from "../runtime/files.js";
import { registeredRecord } from "../claims/registry.js";

/** Provenance of the whole page. */
export interface PageProvenance {
  /** Git commit of the working tree (CLAIMS_COMMIT or GITHUB_SHA where there is no .git), null when unknown. */
  commit: string | null;
  /** Whether the tree had uncommitted changes outside reports/ (null when unknown). */
  dirty: boolean | null;
  /** Code versions of each kind of run and of the estimator (src/experiments/cache.ts codeVersion). */
  codeVersion: Record<CodeScope, string>;
  /** Installed versions of the packages that compute results or draw the report (null: not installed). */
  packages: Record<string, string | null>;
  /** Node.js version, e.g. "v20.20.2". */
  node: string;
  /** OS and architecture, e.g. "linux x64". */
  platform: string;
  /** tfjs backends the claims of this page ran on (empty: nothing was computed here, e.g. regenerated from seed data). */
  backends: string[];
  cpuModel: string | null;
  cpuCount: number;
  /** GPU names from nvidia-smi, null when there is none (or no driver). */
  gpu: string | null;
  scale: Scale;
  /** When the run (or the regeneration) started, ISO 8601. */
  startedAt: string;
  /** Wall time of the run in seconds; null for a regeneration from seed data (deterministic output). */
  wallSeconds: number | null;
  /** The command that produced the page. */
  command: string;
}

/** Packages whose versions the page records. */
export const PROVENANCE_PACKAGES = [
  "@tensorflow/tfjs",
  "@tensorflow/tfjs-backend-wasm",
  "@tensorflow/tfjs-backend-webgpu",
  "@tensorflow/tfjs-node-gpu",
  "webgpu",
  "vitest",
  "vega",
  "vega-lite",
  "ajv",
];

function git(args: string[]): string | null {
  try {
    return execFileSync("git", args, { cwd: REPO_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 10_000 }).trim();
  } catch {
    return null;
  }
}

/** Commit and dirty flag of the repository (reports/ does not count as dirty: it is the output). */
export function gitState(): { commit: string | null; dirty: boolean | null } {
  const commit = git(["rev-parse", "HEAD"]) ?? process.env.CLAIMS_COMMIT ?? process.env.GITHUB_SHA ?? null;
  const status = git(["status", "--porcelain", "--", ".", ":(exclude)reports"]);
  return { commit, dirty: status === null ? null : status.length > 0 };
}

/** Installed version of a package (from its package.json under node_modules), null when absent. */
export function installedVersion(name: string): string | null {
  const p = join(REPO_ROOT, "node_modules", name, "package.json");
  if (!existsSync(p)) return null;
  try {
    return (JSON.parse(readFileSync(p, "utf8")) as { version?: string }).version ?? null;
  } catch {
    return null;
  }
}

/** GPU names reported by nvidia-smi (comma-separated), null without one. */
export function gpuName(): string | null {
  try {
    const out = execFileSync("nvidia-smi", ["--query-gpu=name", "--format=csv,noheader"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 10_000 }).trim();
    return out ? out.split("\n").map((s) => s.trim()).join(", ") : null;
  } catch {
    return null;
  }
}

/** The page provenance of this process. `wallSeconds` null for deterministic regenerations. */
export function pageProvenance(opts: { scale: Scale; startedAt: Date; wallSeconds: number | null; backends: string[]; command: string }): PageProvenance {
  const cpu = cpus();
  return {
    ...gitState(),
    codeVersion: { checkerboard: codeVersion("checkerboard"), cifar: codeVersion("cifar"), estimator: codeVersion("estimator") },
    packages: Object.fromEntries(PROVENANCE_PACKAGES.map((p) => [p, installedVersion(p)])),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    backends: [...new Set(opts.backends)].sort(),
    cpuModel: cpu[0]?.model?.trim() ?? null,
    cpuCount: cpu.length,
    gpu: gpuName(),
    scale: opts.scale,
    startedAt: opts.startedAt.toISOString(),
    wallSeconds: opts.wallSeconds,
    command: opts.command,
  };
}

/** Which code-version scope a record rests on: its registry entry's family (checkerboard for a record no entry writes). */
export function scopeOf(id: string): CodeScope {
  return registeredRecord(id)?.entry.family ?? "checkerboard";
}

/** Provenance of a record evaluated by a claim spec in this run (its results are keyed by the page's code version). */
export function vitestRunProvenance(record: ClaimRecord, page: PageProvenance): ClaimProvenance {
  return { source: "vitest-run", codeVersions: [page.codeVersion[scopeOf(record.id)]], backends: [record.backend], sameCodeAsPage: true };
}

/** What a seed file says about how it was measured (a subset of CbSeedResult). */
export interface SeedOrigin {
  codeVersion: string;
  backend: string;
  decoderImplementation: string;
  measuredAt: string;
}

/** Provenance of a record regenerated from seed files. */
export function seedDataProvenance(id: string, seeds: readonly SeedOrigin[], files: readonly string[], page: PageProvenance): ClaimProvenance {
  const uniq = (xs: string[]) => [...new Set(xs)].sort();
  const codeVersions = uniq(seeds.map((s) => s.codeVersion));
  const dates = seeds.map((s) => s.measuredAt).sort();
  return {
    source: "seed-data",
    codeVersions,
    backends: uniq(seeds.map((s) => s.backend)),
    decoderImplementations: uniq(seeds.map((s) => s.decoderImplementation)),
    ...(dates.length ? { measured: { from: dates[0], to: dates[dates.length - 1] } } : {}),
    dataFiles: uniq([...files]),
    sameCodeAsPage: codeVersions.length > 0 && codeVersions.every((v) => v === page.codeVersion[scopeOf(id)]),
  };
}

/** A sentence when a record was measured by other code than the page's (null when the same). */
export function otherCodeNote(p: ClaimProvenance | undefined, page: PageProvenance, id: string): string | null {
  if (!p || p.sameCodeAsPage) return null;
  return `measured by other code than this page's: code version ${p.codeVersions.join(", ") || "unknown"} (this page: ${page.codeVersion[scopeOf(id)]})`;
}

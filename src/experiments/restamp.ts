/**
 * Restamping committed checkerboard data (src/runtime/versions.ts): a committed seed-run keeps its
 * meaning versions across a refactor only when the current code recomputes its numbers bit for
 * bit. These are the pure parts: what must be identical, and the stamp a verified file gets;
 * scripts/restamp.ts recomputes the sample and rewrites the files.
 */
import { MEANING_VERSIONS, versionsOf, type MeaningScope } from "../runtime/versions.js";
import type { CbSeedResult } from "./cb-runner.js";

/**
 * Fields of a seed-run that describe how and when it was measured rather than what it holds:
 * they may differ between two computations of the same numbers.
 */
export const UNVERIFIED_FIELDS = ["key", "codeVersion", "versions", "stamps", "wallSeconds", "peakRssMiB", "measuredAt", "decoderImplementation"] as const;

/**
 * Where `fresh` (recomputed now) departs from `committed`, as "path: committed -> fresh" lines
 * (empty: every number and label bitwise identical). Object keys are compared as sets, numbers
 * with Object.is (so -0 and 0 differ, and NaN equals NaN), arrays element by element.
 */
export function seedRunDifferences(committed: CbSeedResult, fresh: CbSeedResult, limit = 20): string[] {
  const out: string[] = [];
  const skip = new Set<string>(UNVERIFIED_FIELDS);
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (out.length >= limit) return;
    if (typeof a === "number" && typeof b === "number") {
      if (!Object.is(a, b)) out.push(`${path}: ${a} -> ${b}`);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length !== b.length) out.push(`${path}: ${a.length} entries -> ${b.length}`);
      for (let i = 0; i < Math.min(a.length, b.length); i++) walk(a[i], b[i], `${path}[${i}]`);
      return;
    }
    if (a && b && typeof a === "object" && typeof b === "object") {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const k of [...keys].sort()) {
        if (path === "" && skip.has(k)) continue;
        const [x, y] = [(a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]];
        if (x === undefined || y === undefined) {
          if (x !== y) out.push(`${path}${path ? "." : ""}${k}: ${x === undefined ? "absent" : "present"} -> ${y === undefined ? "absent" : "present"}`);
          continue;
        }
        walk(x, y, `${path}${path ? "." : ""}${k}`);
      }
      return;
    }
    if (a !== b) out.push(`${path}: ${JSON.stringify(a)} -> ${JSON.stringify(b)}`);
  };
  walk(committed, fresh, "");
  return out;
}

/** One verification of a committed seed-run by a later code hash (the trail in CbSeedResult.stamps). */
export interface Stamp {
  /** The code hash that recomputed the sample and found it identical. */
  codeVersion: string;
  /** When (ISO 8601). */
  verified: string;
  /** The seed-runs recomputed: "<run folder>/seed-<n>". */
  sample: string[];
}

/**
 * The meaning versions a stored seed-run claims: `versions` when present, else those of the code
 * that produced the committed paper data before versions existed (checkerboard 3, estimator 3:
 * only files whose points carry a reading can be that code; older ones have no version).
 */
export function storedVersions(r: CbSeedResult): Partial<Record<MeaningScope, number>> | null {
  if (r.versions) return r.versions;
  return r.reading ? versionsOf("checkerboard") : null;
}

/** Why a stored seed-run cannot be restamped to the current versions (null: it can). */
export function versionMismatch(r: CbSeedResult): string | null {
  const v = storedVersions(r);
  if (!v) return "measured before versions existed and before the 2026-12-02 layout (no reading recorded): re-measure it";
  const want = versionsOf("checkerboard");
  for (const k of Object.keys(want) as MeaningScope[]) {
    if (v[k] !== want[k]) return `measured at ${k} version ${v[k] ?? "none"}, the code is at ${MEANING_VERSIONS[k]}: a change of meaning needs a new measurement, not a restamp`;
  }
  return null;
}

/** The file after a verified restamp: the current code hash, the versions, and the trail. */
export function restamped(r: CbSeedResult, codeVersion: string, stamp: Stamp): CbSeedResult {
  return { ...r, codeVersion, versions: versionsOf("checkerboard"), stamps: [...(r.stamps ?? []), stamp] };
}

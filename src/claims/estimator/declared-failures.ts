/**
 * Known failures of a property claim over drawn cases, in the form a claim judges them: which
 * cases a declaration covers, the largest statistic its mechanism explains for each, and the
 * witnesses that must still break the registered threshold. The declarations themselves are
 * entries of the suite's one known-failure table (src/claims/known-failures.ts); a claim turns
 * its entries into DeclaredFailure values (e.g. nullKnownFailures) and judges its cases here.
 */
import type { ClaimCheck, ReportTable } from "../../claim-interfaces.js";
import { check, f4 } from "./record.js";

/**
 * A property that one decoder family truly fails on part of the drawn cases (a limit of the family
 * at the registered rows and epochs, not a defect of the code), declared with its mechanism and its
 * measured size (known failures are data with their size, never skips). A covered case may break the
 * registered threshold up to `limit`; any other case that breaks it, or a covered case beyond its
 * limit, fails the property. The witnesses, fixed cases run at every scale, must still break the
 * threshold: when a change makes the failure go away, the claim turns red until the entry is removed.
 */
export interface DeclaredFailure<C> {
  /** Stable id, e.g. "linear-overfits-independent-data". */
  id: string;
  family: string;
  /** The cases it covers, in words. */
  region: string;
  covers: (c: C) => boolean;
  /** Largest statistic the mechanism explains for a covered case (the property's units; above the registered threshold). */
  limit: (c: C) => number;
  /** The mechanism, with the measured numbers and the command that prints them. */
  reason: string;
  /** Fixed cases, run at every scale, of which at least one must still break the registered threshold. */
  witnesses: readonly C[];
}

export interface CaseJudgement {
  /** holds: statistic <= threshold; known: breaks it inside a declared failure, within its limit; breaks: anything else. */
  verdict: "holds" | "known" | "breaks";
  /** The declared failure that covers the case (breaking or not). */
  entry: string | null;
  /** That entry's limit for the case. */
  limit: number | null;
}

/** Judge one case's statistic (larger is worse) against the threshold and the declared failures of its family. */
export function judgeCase<C>(c: C, familyName: string, statistic: number, threshold: number, declared: readonly DeclaredFailure<C>[]): CaseJudgement {
  const entry = declared.find((d) => d.family === familyName && d.covers(c)) ?? null;
  const limit = entry ? entry.limit(c) : null;
  if (!(statistic > threshold)) return { verdict: Number.isNaN(statistic) ? "breaks" : "holds", entry: entry?.id ?? null, limit };
  return { verdict: entry && limit !== null && statistic <= limit ? "known" : "breaks", entry: entry?.id ?? null, limit };
}

/**
 * The check that a declared failure is still what it says: at least one witness breaks the
 * registered threshold (else it now holds: remove the entry) and none exceeds its limit (else the
 * failure grew beyond its measured size).
 */
export function declaredFailureCheck<C>(d: DeclaredFailure<C>, stats: readonly number[], threshold: number, label: (c: C) => string): ClaimCheck {
  if (stats.length !== d.witnesses.length || stats.length === 0) throw new Error(`declared failure ${d.id}: ${stats.length} witness statistics for ${d.witnesses.length} witnesses`);
  const worst = Math.max(...stats);
  const still = worst > threshold;
  const beyond = d.witnesses.map((w, i) => ({ w, s: stats[i], lim: d.limit(w) })).filter((x) => !(x.s <= x.lim));
  const pass = still && beyond.length === 0;
  const per = d.witnesses.map((w, i) => `${label(w)}: ${f4(stats[i])}`).join("; ");
  const why = !still
    ? `the declared failure NOW HOLDS on every witness (largest ${f4(worst)} <= ${threshold}): remove its entry`
    : beyond.length
      ? `witnesses beyond the declared size: ${beyond.map((x) => `${label(x.w)} ${f4(x.s)} > limit ${f4(x.lim)}`).join("; ")}`
      : `still fails as declared (largest ${f4(worst)} > ${threshold}, every witness within its limit)`;
  // The statistic is the worst witness, held above the threshold (the failure must still be there).
  return check(`${d.family}: declared failure ${d.id} still fails within its measured size`, pass, worst, threshold, `${d.region}; witnesses ${per}; ${why}`, ">");
}

/** Table of the declared failures of a claim. */
export function declaredFailureTable<C>(declared: readonly DeclaredFailure<C>[]): ReportTable {
  return { title: "Known failures (declared, measured): the family, the cases they cover, the mechanism", columns: ["id", "family", "region", "mechanism and measured size"], rows: declared.map((d) => [d.id, d.family, d.region, d.reason]) };
}

/** The record's known-failure note: which declared failures this run saw, or null when none did. */
export function declaredFailureNote<C>(declared: readonly DeclaredFailure<C>[], seen: ReadonlySet<string>): string | null {
  const hit = declared.filter((d) => seen.has(d.id));
  if (hit.length === 0) return null;
  return `declared in src/claims/known-failures.ts: ${hit.map((d) => `${d.id} (${d.family}; ${d.region})`).join("; ")}. The registered rule holds on every other case.`;
}

/**
 * Merging a run's records into the report it continues: claims this run did not evaluate are
 * carried over from the earlier report, and a skip never replaces a measured verdict: the
 * measured record stays (with its own date) and notes that this run skipped it and why.
 */
import type { ClaimRecord } from "../claim-interfaces.js";
import type { ClaimsReport } from "./document.js";
import { scopeOf, type PageProvenance } from "./provenance.js";
import { registeredRecord } from "../claims/registry.js";

/** Where the earlier records come from (for their provenance). */
export interface EarlierReport {
  /** Path of its claims.json, relative to the repository. */
  path: string;
  report: ClaimsReport;
}

/** An earlier record as carried into a new page: provenance `carried-over` (keeping where it was first measured). */
function carried(r: ClaimRecord, from: EarlierReport, page: PageProvenance): ClaimRecord {
  const p = r.provenance;
  const codeVersions = p?.codeVersions ?? [];
  const { skippedThisRun: _stale, ...rest } = r;
  return {
    ...rest,
    provenance: {
      source: "carried-over",
      codeVersions,
      backends: p?.backends ?? [r.backend],
      ...(p?.decoderImplementations ? { decoderImplementations: p.decoderImplementations } : {}),
      ...(p?.measured ? { measured: p.measured } : {}),
      ...(p?.dataFiles ? { dataFiles: p.dataFiles } : {}),
      sameCodeAsPage: codeVersions.length > 0 && codeVersions.every((v) => v === page.codeVersion[scopeOf(r.id)]),
      from: p?.source === "carried-over" && p.from ? p.from : { report: from.path, commit: from.report.provenance.commit, generated: from.report.generated },
    },
  };
}

/**
 * The records of a page: `fresh` (this run's, in their order) merged over `earlier`. A fresh
 * skip of a claim the earlier report had measured keeps the measured record with
 * `skippedThisRun`; earlier claims this run did not touch are carried over unchanged, as long as
 * a registry entry still writes them: the record of a claim or control since removed or renamed
 * (e.g. control-fig6-no-pretraining, replaced on 2026-12-02) is dropped, not carried forever.
 */
export function mergeRecords(fresh: readonly ClaimRecord[], earlier: EarlierReport | null, page: PageProvenance): ClaimRecord[] {
  const before = new Map((earlier?.report.claims ?? []).map((r) => [r.id, r]));
  const out = new Map<string, ClaimRecord>();
  for (const r of fresh) {
    const prev = before.get(r.id);
    if (r.status === "skipped" && prev && prev.status !== "skipped" && earlier) {
      out.set(r.id, { ...carried(prev, earlier, page), skippedThisRun: { reason: r.reason ?? "skipped", at: r.evaluatedAt ?? new Date().toISOString() } });
    } else out.set(r.id, r);
  }
  for (const [id, prev] of before) if (!out.has(id) && earlier && registeredRecord(id)) out.set(id, carried(prev, earlier, page));
  return [...out.values()];
}

/**
 * The summary of a report: per claim the verdict as what it is (a three-way verdict, an export, a
 * pipeline check, a skip, an error, a pinned known failure, a negative control), the key number
 * against its bound, seeds learned, robustness and the skip reason; and the compact terminal table.
 */
import type { ClaimCheck, ClaimRecord, ClaimStatus } from "../claim-interfaces.js";
import { registeredRecord } from "../claims/registry.js";

/** What kind of row a record is. */
export type RowKind = "claim" | "control" | "export" | "pipeline" | "estimator";

export interface SummaryRow {
  id: string;
  paper: string;
  kind: RowKind;
  status: ClaimStatus;
  /** The verdict in words, with what qualifies it (scale, pinned known failure, carried over). */
  verdict: string;
  /** The same in a few words (terminal). */
  short: string;
  knownFailure: boolean;
  /** The deciding rule (first contradicted, else first inconclusive, else first) with its number and bound. */
  key: { rule: string; statistic: number | null; ci: [number, number] | null; comparison: string; threshold: number; outcome: string } | null;
  /** The key number as one line, e.g. "last-layer-colour 0.127 [0, 0.378] <= 0.1". */
  keyText: string;
  seeds: { total: number; learned: number | null };
  /** Robust to the sensitivity views (second decoder seed, flagged points left out); null when not evaluated. */
  robust: boolean | null;
  /** Verdicts under the registered (whitened), raw and standardised readings of Z; null when the record has none. */
  readings: { registered: ClaimStatus; raw: ClaimStatus | null; standardised: ClaimStatus | null; dependent: boolean } | null;
  /** The verdict on a subset of the seeds (paper scale: seeds 9-16 alone), when judged. */
  subset: { name: string; status: ClaimStatus } | null;
  /** Why this run skipped it (a skip, or a measured verdict kept from an earlier run). */
  skipReason: string | null;
  scale: string;
  evaluatedAt: string | null;
}

const WORDS: Record<ClaimStatus, string> = {
  reproduced: "reproduced",
  contradicted: "contradicted",
  inconclusive: "inconclusive",
  "task-not-learned": "task not learned",
  exported: "exported (data, not a claim)",
  "pipeline-ok": "pipeline check ok (not a reproduction)",
  "pipeline-failed": "pipeline check FAILED",
  error: "error",
  skipped: "skipped",
};

export function rowKind(r: ClaimRecord): RowKind {
  const registered = registeredRecord(r.id);
  if (registered?.entry.kind === "control") return "control";
  if (registered?.entry.kind === "estimator-claim") return "estimator";
  if (r.status === "exported") return "export";
  if (r.status === "pipeline-ok" || r.status === "pipeline-failed" || registered?.pipelineCheck) return "pipeline";
  return "claim";
}

/** The verdict in words. */
export function verdictText(r: ClaimRecord): string {
  const kind = rowKind(r);
  let v = WORDS[r.status];
  if (kind === "control") v = `negative control, ${r.status}${r.testOutcome === "pass" ? ": its rules reject it (control works)" : r.testOutcome === "fail" ? ": a rule ACCEPTS it (control fails)" : ""}`;
  if (r.status === "reproduced" && r.scale !== "paper" && kind === "claim") v += ` at ${r.scale} scale (smoke-level, never a paper-scale reproduction)`;
  if (r.readings?.dependent && kind === "claim") v += `; reading-dependent (${readingsText(r.readings)})`;
  if (r.knownFailure) v += "; known failure (pinned)";
  if (r.skippedThisRun) v += `; measured ${r.evaluatedAt?.slice(0, 10) ?? "earlier"}, skipped this run`;
  return v;
}

/** "raw: inconclusive, standardised: reproduced" (the sensitivity readings' verdicts). */
export function readingsText(x: { raw: ClaimStatus | null; standardised: ClaimStatus | null }): string {
  return `raw: ${x.raw ? WORDS[x.raw] : "not measured"}, standardised: ${x.standardised ? WORDS[x.standardised] : "not measured"}`;
}

/** The verdict in a few words for the terminal table (the report pages use verdictText). */
export function shortVerdict(r: ClaimRecord): string {
  const kind = rowKind(r);
  if (kind === "control") return r.testOutcome === "fail" ? "control FAILS (a rule accepts it)" : r.testOutcome === "pass" ? "control works" : `control, ${r.status}`;
  let v = WORDS[r.status].split(" (")[0];
  if (kind === "pipeline") v = r.status === "pipeline-ok" ? "pipeline ok (not a reproduction)" : "pipeline FAILED";
  if (r.status === "exported") v = "exported (not a claim)";
  if (r.status === "reproduced" && r.scale !== "paper" && kind === "claim") v = `reproduced (${r.scale}: smoke only)`;
  if (r.readings?.dependent && kind === "claim") v += " (reading-dependent)";
  if (r.knownFailure) v += " (known failure)";
  if (r.skippedThisRun) v += ` (measured ${r.evaluatedAt?.slice(0, 10) ?? "earlier"}; skipped now)`;
  return v;
}

/** The check that decides a record's verdict. */
export function keyCheck(r: ClaimRecord): ClaimCheck | null {
  return r.checks.find((c) => c.outcome === "contradicted") ?? r.checks.find((c) => c.outcome === "inconclusive") ?? r.checks[0] ?? null;
}

/** A number in at most 3 decimals (trailing zeros dropped), tiny ones in exponent form. */
export function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return x === null || x === undefined ? "–" : String(x);
  if (x === 0) return "0";
  if (Math.abs(x) < 0.001) return x.toExponential(1);
  return String(Number(x.toFixed(3)));
}

export function keyText(c: ClaimCheck | null): string {
  if (!c) return "–";
  const ci = c.ci ? ` [${fmt(c.ci[0])}, ${fmt(c.ci[1])}]` : "";
  return `${c.rule} ${fmt(c.statistic)}${ci} ${c.comparison} ${fmt(c.threshold)}`;
}

export function summaryRow(r: ClaimRecord): SummaryRow {
  const k = keyCheck(r);
  return {
    id: r.id,
    paper: r.paper,
    kind: rowKind(r),
    status: r.status,
    verdict: verdictText(r),
    short: shortVerdict(r),
    knownFailure: Boolean(r.knownFailure),
    key: k ? { rule: k.rule, statistic: Number.isFinite(k.statistic) ? k.statistic : null, ci: k.ci, comparison: k.comparison, threshold: k.threshold, outcome: k.outcome } : null,
    keyText: keyText(k),
    seeds: r.seeds,
    robust: r.sensitivity ? r.sensitivity.robust : null,
    readings: r.readings ? { registered: r.readings.status, raw: r.readings.raw, standardised: r.readings.standardised, dependent: r.readings.dependent } : null,
    subset: r.subsets?.[0] ? { name: r.subsets[0].name, status: r.subsets[0].status } : null,
    skipReason: r.status === "skipped" ? (r.reason ?? "skipped") : (r.skippedThisRun?.reason ?? null),
    scale: r.scale,
    evaluatedAt: r.evaluatedAt ?? null,
  };
}

/** Counts for the terminal's claims line, e.g. "4 reproduced, 2 known failures (pinned), 1 inconclusive". */
export function countsLine(rows: readonly SummaryRow[]): string {
  const counts = new Map<string, number>();
  const add = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
  for (const r of rows) {
    if (r.kind === "control") add(r.verdict.includes("control works") ? "controls working" : r.verdict.includes("control fails") ? "controls FAILING" : "controls");
    else if (r.knownFailure) add("known failures (pinned)");
    else add(r.kind === "pipeline" ? (r.status === "pipeline-ok" ? "pipeline checks ok" : "pipeline checks failed") : WORDS[r.status].split(" (")[0]);
    if (r.kind === "claim" && r.readings?.dependent) add("reading-dependent");
  }
  return [...counts].map(([k, n]) => `${n} ${k}`).join(", ");
}

/** Cut a string to `n` characters with an ellipsis. */
function cut(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

/** The compact terminal table: claim, verdict, key number, skip reason (cut to fit ~160 columns). */
export function terminalTable(rows: readonly SummaryRow[]): string {
  const head = ["claim", "verdict", "key number (rule statistic [95% CI] bound)", "skip reason"];
  const body = rows.map((r) => [r.id, r.short, cut(r.keyText, 58), r.skipReason ? cut(r.skipReason, 70) : ""]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}

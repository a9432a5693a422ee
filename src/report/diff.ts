/**
 * What changed between two reports (the nightly compares tonight's with the previous night's):
 * the job's colour then means "something changed", not "a claim is not reproduced" (a claim that
 * stays contradicted night after night is a known result, not news). A change is:
 * - a claim's verdict changed (status, pinned known failure, or a negative control's test outcome),
 *   a claim appeared or disappeared, or was measured before and skipped now;
 * - a rule's outcome changed;
 * - a rule's statistic moved beyond the previous night's 95% CI (without a CI: by more than
 *   NO_CI_RELATIVE_TOLERANCE of its magnitude);
 * - an estimator regression: any estimator claim (claims/estimator) not reproduced, every night it
 *   happens (its baselines are the reference, not yesterday);
 * - tonight's report is partial (the run was cut off).
 */
import type { ClaimCheck, ClaimRecord } from "../claim-interfaces.js";
import type { ClaimsReport } from "./document.js";
import { fmt, rowKind, summaryRow, verdictText } from "./summary.js";

/**
 * Relative change of a statistic without a CI (a p-value, a Spearman rho over runs, a count) that
 * counts as moved. Results come from the cache and are deterministic for a code version, so any
 * real change is a change of code or data; 1% leaves float formatting and summation order alone.
 */
export const NO_CI_RELATIVE_TOLERANCE = 0.01;

export type ChangeKind = "partial" | "verdict" | "appeared" | "disappeared" | "newly-skipped" | "rule-outcome" | "moved" | "estimator-regression";

export interface Change {
  kind: ChangeKind;
  id: string;
  rule?: string;
  message: string;
}

export interface ReportDiff {
  changes: Change[];
  /** Context that is not a change (e.g. no previous report). */
  notes: string[];
}

/** Whether `now` lies outside the previous check's CI (or, without one, moved by more than the tolerance). */
export function movedBeyondCi(prev: ClaimCheck, now: ClaimCheck): boolean {
  const a = prev.statistic;
  const b = now.statistic;
  if (a === null || b === null || !Number.isFinite(a) || !Number.isFinite(b)) return (a === null || !Number.isFinite(a)) !== (b === null || !Number.isFinite(b));
  if (prev.ci && prev.ci[0] !== null && prev.ci[1] !== null) return b < prev.ci[0] || b > prev.ci[1];
  return Math.abs(b - a) > NO_CI_RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b), 1e-12);
}

function verdictKey(r: ClaimRecord): string {
  return rowKind(r) === "control" ? `${r.status} (control test ${r.testOutcome ?? "?"})` : `${r.status}${r.knownFailure ? " (known failure, pinned)" : ""}`;
}

/** Estimator regressions of a report: estimator claims that were evaluated and not reproduced. */
export function estimatorRegressions(report: ClaimsReport): Change[] {
  return report.claims
    .filter((r) => rowKind(r) === "estimator" && r.status !== "reproduced" && r.status !== "skipped")
    .map((r) => ({ kind: "estimator-regression" as const, id: r.id, message: `${r.id}: ${r.status}${r.checks[0] ? ` (${r.checks[0].message.split("\n")[0]})` : r.reason ? ` (${r.reason})` : ""}` }));
}

/** The changes from `previous` to `current` (null previous: nothing to compare, noted). */
export function diffReports(previous: ClaimsReport | null, current: ClaimsReport): ReportDiff {
  const changes: Change[] = [];
  const notes: string[] = [];
  if (current.partial) changes.push({ kind: "partial", id: "*", message: `tonight's report is PARTIAL (${current.claims.length} records): the run was cut off before every claim was evaluated` });
  changes.push(...estimatorRegressions(current));
  if (!previous) {
    notes.push("no previous report: nothing to compare (first night, or the previous report was lost)");
    return { changes, notes };
  }
  if (previous.scale !== current.scale) throw new Error(`cannot compare a ${previous.scale}-scale report with a ${current.scale}-scale one`);
  const before = new Map(previous.claims.map((r) => [r.id, r]));
  const after = new Map(current.claims.map((r) => [r.id, r]));
  for (const [id, r] of after) {
    const p = before.get(id);
    if (!p) {
      changes.push({ kind: "appeared", id, message: `${id}: new in tonight's report (${verdictText(r)})` });
      continue;
    }
    const measuredBefore = p.status !== "skipped" && !p.skippedThisRun;
    const skippedNow = r.status === "skipped" || Boolean(r.skippedThisRun);
    if (measuredBefore && skippedNow) {
      changes.push({ kind: "newly-skipped", id, message: `${id}: measured before, skipped tonight (${r.skippedThisRun?.reason ?? r.reason ?? "no reason"})` });
      continue;
    }
    const flipped: string[] = [];
    const ruleChanges: Change[] = [];
    for (const k of r.checks) {
      const pk = p.checks.find((c) => c.rule === k.rule);
      if (!pk) continue;
      if (pk.outcome !== k.outcome) {
        const text = `${k.rule}: ${pk.outcome} -> ${k.outcome} (${fmt(pk.statistic)} -> ${fmt(k.statistic)})`;
        flipped.push(text);
        ruleChanges.push({ kind: "rule-outcome", id, rule: k.rule, message: `${id} ${text}` });
      } else if (movedBeyondCi(pk, k)) {
        const ci = pk.ci ? `previous 95% CI [${fmt(pk.ci[0])}, ${fmt(pk.ci[1])}]` : `no CI; more than ${NO_CI_RELATIVE_TOLERANCE * 100}%`;
        ruleChanges.push({ kind: "moved", id, rule: k.rule, message: `${id} ${k.rule}: ${fmt(pk.statistic)} -> ${fmt(k.statistic)}, beyond the ${ci}` });
      }
    }
    if (verdictKey(p) !== verdictKey(r)) {
      // One entry per claim: the rules that flipped are named in it.
      changes.push({ kind: "verdict", id, message: `${id}: ${verdictKey(p)} -> ${verdictKey(r)}${flipped.length ? ` (${flipped.join("; ")})` : ""}` });
      changes.push(...ruleChanges.filter((c) => c.kind === "moved"));
    } else changes.push(...ruleChanges);
  }
  for (const id of before.keys()) if (!after.has(id)) changes.push({ kind: "disappeared", id, message: `${id}: in the previous report, missing tonight` });
  return { changes, notes };
}

/** Markdown for a job summary: the verdict of the comparison, the changes, and tonight's summary table. */
export function diffMarkdown(d: ReportDiff, current: ClaimsReport, previousLabel: string): string {
  const head = d.changes.length ? `## Nightly report: ${d.changes.length} change${d.changes.length === 1 ? "" : "s"} since ${previousLabel}` : `## Nightly report: no change since ${previousLabel}`;
  const rows = current.claims.map(summaryRow);
  const esc = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
  return [
    head,
    "",
    ...d.changes.map((c) => `- **${c.kind}** ${esc(c.message)}`),
    ...d.notes.map((n) => `- _${n}_`),
    "",
    `### Tonight (${current.scale} scale, ${current.generated}${current.partial ? ", PARTIAL" : ""}; commit ${current.provenance.commit ?? "unknown"})`,
    "",
    "| claim | verdict | key number | seeds learned | robust | skip reason |",
    "|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.id} | ${esc(r.verdict)} | ${esc(r.keyText)} | ${r.seeds.learned ?? "–"} of ${r.seeds.total} | ${r.robust === null ? "–" : r.robust ? "yes" : "NO"} | ${esc(r.skipReason ?? "")} |`),
    "",
  ].join("\n");
}

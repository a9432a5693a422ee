/** The report as Markdown (claims.md): provenance, summary table, then each claim. */
import type { ClaimRecord, ReportTable } from "../claim-interfaces.js";
import type { ClaimsReport } from "./document.js";
import type { SummaryRow } from "./summary.js";
import { readingsText } from "./summary.js";
import { cellText, checkText, claimProvenanceText, figurePath, provenanceRows, readingsTable, runMinutes, SCALE_NOTE, seedsText, subsetsText, tidyNumbers, valuesText } from "./text.js";

/** Markdown table-cell escaping (pipes and line breaks); used only here. */
function md(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

export function tableMarkdown(t: ReportTable): string {
  const head = `| ${t.columns.map(md).join(" | ")} |\n|${t.columns.map(() => "---").join("|")}|`;
  return `**${md(tidyNumbers(t.title))}**\n\n${head}\n${t.rows.map((r) => `| ${r.map((v) => md(cellText(v))).join(" | ")} |`).join("\n")}\n`;
}

function summaryMarkdown(rows: readonly SummaryRow[]): string {
  const head = "| claim | paper | verdict | key number (rule statistic [95% CI] bound) | seeds learned | robust | other readings | seeds 9-16 alone | skip reason |\n|---|---|---|---|---|---|---|---|---|";
  const body = rows.map(
    (r) =>
      `| [${r.id}](#${r.id}) | ${md(r.paper)} | ${md(r.verdict)} | ${md(r.keyText)} | ${r.seeds.learned ?? "–"} of ${r.seeds.total} | ${r.robust === null ? "–" : r.robust ? "yes" : "NO"} | ${r.readings ? md(readingsText(r.readings)) : "–"} | ${r.subset ? r.subset.status : "–"} | ${md(r.skipReason ?? "")} |`,
  );
  return `${head}\n${body.join("\n")}\n`;
}

export function claimMarkdown(c: ClaimRecord, row: SummaryRow, report: ClaimsReport): string {
  const lines = [`<a id="${c.id}"></a>`, `## ${c.id} (${c.paper}): ${row.verdict.toUpperCase()}`, "", `> ${c.statement}`, "", claimProvenanceText(c, report.provenance), "", seedsText(c), ""];
  if (c.skippedThisRun) lines.push(`This run skipped it (${c.skippedThisRun.at}): ${c.skippedThisRun.reason}. The verdict above is the measured one from ${c.evaluatedAt ?? "an earlier run"}.`, "");
  if (c.reason) lines.push(`Reason: ${c.reason}`, "");
  if (c.knownFailure) lines.push(`Known failure, pinned at this scale (src/claims/known-failures.ts): ${c.knownFailure}`, "");
  if (c.scaleNote) lines.push(`Protocol at this scale: ${c.scaleNote}`, "");
  for (const k of c.checks) {
    lines.push(`- ${md(checkText(k))}`);
    if (k.values) lines.push(`  - per-seed values: \`${valuesText(k.values)}\``);
  }
  if (c.checks.length) lines.push("");
  if (c.sensitivity) {
    const s = c.sensitivity;
    lines.push(`Sensitivity: registered ${s.registered}; second decoder seed ${s.secondDecoder ?? "n/a"}; without flagged points ${s.withoutFlagged ?? "n/a"}: ${s.robust ? "robust" : "NOT robust"}.`, "");
  }
  const readings = readingsTable(c);
  if (readings) lines.push(tableMarkdown(readings));
  const subsets = subsetsText(c);
  if (subsets) lines.push(subsets, "");
  if (c.flags) {
    const counts = Object.entries(c.flags.counts).map(([k, v]) => `${k} ${v}`).join(", ");
    lines.push(`Flagged points: ${c.flags.list.length} of ${c.flags.points} (${counts}); used by a rule: ${c.flags.list.filter((f) => f.usedByRule).length}.`, "");
    if (c.flags.list.length) {
      lines.push(
        tableMarkdown({
          title: "Flagged points",
          columns: ["run", "seed", "label", "layer", "epoch", "replicate", "bits", "flags", "used by a rule"],
          rows: c.flags.list.map((f) => [f.run, f.seed, f.label, f.layer, f.epoch, f.replicate, f.bits, f.flags.join(", "), f.usedByRule ? "yes" : "no"]),
        }),
      );
    }
  }
  for (const t of c.tables) lines.push(tableMarkdown(t));
  for (const f of c.figures ?? []) lines.push(`![${md(f.title)}](${figurePath(c, f.name)})`, "");
  if (c.runs.length) lines.push(`Seed-runs: ${c.runs.length}, total wall time ${runMinutes(c).toFixed(1)} min (train + decoders).`, "");
  return lines.join("\n");
}

export function reportMarkdown(report: ClaimsReport): string {
  const prov = provenanceRows(report.provenance, report).map(([k, v]) => `| ${k} | ${md(v)} |`).join("\n");
  return [
    `# Reproduction report (${report.scale} scale)`,
    "",
    `Generated ${report.generated}. ${SCALE_NOTE[report.scale] ?? ""}`,
    ...(report.partial ? ["", "**PARTIAL REPORT: the run was still going (or was cut off) when this was written; claims not listed were not reached.**"] : []),
    "",
    "## Provenance",
    "",
    "| | |\n|---|---|",
    prov,
    "",
    "## Summary",
    "",
    "Verdicts (reproduced / contradicted / inconclusive) judge a claim on the 95% evidence; exports, pipeline checks, skips, errors and negative controls are named as what they are.",
    "",
    summaryMarkdown(report.summary),
    ...report.claims.map((c, i) => claimMarkdown(c, report.summary[i], report)),
  ].join("\n");
}

/** The report as one HTML page (claims.html): provenance, summary table, each claim with figures. */
import type { ClaimRecord, ClaimStatus, ReportTable } from "../claim-interfaces.js";
import type { ClaimsReport } from "./document.js";
import type { SummaryRow } from "./summary.js";
import { readingsText } from "./summary.js";
import { cellText, checkText, claimProvenanceText, figurePath, provenanceRows, readingsTable, runMinutes, SCALE_NOTE, seedsText, subsetsText, tidyNumbers, valuesText } from "./text.js";

/** HTML escaping; used only here. */
function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Verdict colours: green only for a reproduction; grey for what did not test the claim. */
export const STATUS_CLASS: Record<ClaimStatus, string> = {
  reproduced: "ok",
  contradicted: "bad",
  inconclusive: "warn",
  "task-not-learned": "bad",
  exported: "neutral",
  "pipeline-ok": "neutral",
  "pipeline-failed": "bad",
  error: "bad",
  skipped: "neutral",
};

function rowClass(r: SummaryRow): string {
  if (r.kind === "control") return r.verdict.includes("control works") ? "neutral" : "bad";
  if (r.knownFailure) return "known";
  if (r.status === "reproduced" && r.scale !== "paper") return "smoke";
  return STATUS_CLASS[r.status];
}

function tableHtml(t: ReportTable): string {
  const head = t.columns.map((c) => `<th>${esc(c)}</th>`).join("");
  const rows = t.rows.map((r) => `<tr>${r.map((v) => `<td>${esc(cellText(v))}</td>`).join("")}</tr>`).join("\n");
  return `<h4>${esc(tidyNumbers(t.title))}</h4>\n<table><tr>${head}</tr>\n${rows}</table>`;
}

function readingsHtml(c: ClaimRecord): string {
  const t = readingsTable(c);
  return t ? tableHtml(t) : "";
}

function claimHtml(c: ClaimRecord, row: SummaryRow, report: ClaimsReport): string {
  // A control's rules are meant to reject it: its outcomes are not coloured as verdicts.
  const control = row.kind === "control";
  const checks = c.checks
    .map((k) => `<li class="${control ? "neutral" : STATUS_CLASS[k.outcome]}">${esc(checkText(k))}${k.values ? `<details><summary>per-seed values</summary><code>${esc(valuesText(k.values))}</code></details>` : ""}</li>`)
    .join("\n");
  const s = c.sensitivity;
  const flags = c.flags
    ? `<p>Flagged points: ${c.flags.list.length} of ${c.flags.points} (${esc(Object.entries(c.flags.counts).map(([k, v]) => `${k} ${v}`).join(", "))}); used by a rule: ${c.flags.list.filter((f) => f.usedByRule).length}.</p>` +
      (c.flags.list.length
        ? `<details><summary>flagged points</summary>${tableHtml({ title: "Flagged points", columns: ["run", "seed", "label", "layer", "epoch", "replicate", "bits", "flags", "used by a rule"], rows: c.flags.list.map((f) => [f.run, f.seed, f.label, f.layer, f.epoch, f.replicate, f.bits, f.flags.join(", "), f.usedByRule ? "yes" : "no"]) })}</details>`
        : "")
    : "";
  const figs = (c.figures ?? []).map((f) => `<figure><img src="${figurePath(c, f.name)}" alt="${esc(f.title)}"></figure>`).join("\n");
  return [
    `<section id="${esc(c.id)}"><h2>${esc(c.id)} (${esc(c.paper)}): <span class="${rowClass(row)}">${esc(row.verdict.toUpperCase())}</span></h2>`,
    `<blockquote>${esc(c.statement)}</blockquote>`,
    `<p class="prov">${esc(claimProvenanceText(c, report.provenance))}</p>`,
    `<p>${esc(seedsText(c))}</p>`,
    c.skippedThisRun ? `<p class="warn"><b>This run skipped it</b> (${esc(c.skippedThisRun.at)}): ${esc(c.skippedThisRun.reason)}. The verdict is the measured one from ${esc(c.evaluatedAt ?? "an earlier run")}.</p>` : "",
    c.reason ? `<p><b>Reason:</b> ${esc(c.reason)}</p>` : "",
    c.knownFailure ? `<p class="known"><b>Known failure, pinned at this scale</b> (src/claims/known-failures.ts): ${esc(c.knownFailure)}</p>` : "",
    c.scaleNote ? `<p><b>Protocol at this scale:</b> ${esc(c.scaleNote)}</p>` : "",
    checks ? `<ul>${checks}</ul>` : "",
    s ? `<p>Sensitivity: registered ${s.registered}; second decoder seed ${s.secondDecoder ?? "n/a"}; without flagged points ${s.withoutFlagged ?? "n/a"}: <b>${s.robust ? "robust" : "NOT robust"}</b>.</p>` : "",
    readingsHtml(c),
    subsetsText(c) ? `<p>${esc(subsetsText(c))}</p>` : "",
    flags,
    c.tables.map(tableHtml).join("\n"),
    figs ? `<div class="figs">${figs}</div>` : "",
    c.runs.length ? `<p>Seed-runs: ${c.runs.length}, total wall time ${runMinutes(c).toFixed(1)} min (train + decoders).</p>` : "",
    `</section>`,
  ]
    .filter(Boolean)
    .join("\n");
}

const CSS =
  "body{font-family:sans-serif;max-width:1150px;margin:auto;padding:0 12px;color:#1f2328}" +
  "table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #ccc;padding:2px 6px;font-size:13px;vertical-align:top}" +
  ".ok{color:#1a7f37}.bad{color:#cf222e}.warn{color:#9a6700}.neutral{color:#57606a}.known{color:#8250df}.smoke{color:#4d7c0f}" +
  ".prov{font-size:12px;color:#57606a}.partial{background:#fff8c5;padding:6px;border:1px solid #d4a72c}" +
  ".figs{display:flex;flex-wrap:wrap;gap:8px}figure{margin:4px}img{display:block;max-width:100%}code{font-size:11px;word-break:break-all}";

export function reportHtml(report: ClaimsReport): string {
  const prov = provenanceRows(report.provenance, report).map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join("");
  const summary = report.summary
    .map(
      (r) =>
        `<tr><td><a href="#${esc(r.id)}">${esc(r.id)}</a></td><td>${esc(r.paper)}</td><td class="${rowClass(r)}"><b>${esc(r.verdict)}</b></td><td>${esc(r.keyText)}</td>` +
        `<td>${r.seeds.learned ?? "–"} of ${r.seeds.total}</td><td>${r.robust === null ? "–" : r.robust ? "yes" : "<b>NO</b>"}</td>` +
        `<td>${r.readings ? esc(readingsText(r.readings)) : "–"}</td><td>${r.subset ? esc(r.subset.status) : "–"}</td><td>${esc(r.skipReason ?? "")}</td></tr>`,
    )
    .join("\n");
  return (
    `<!doctype html><html><head><meta charset="utf-8"><title>Reproduction report (${esc(report.scale)} scale)</title><style>${CSS}</style></head><body>` +
    `<h1>Reproduction report (${esc(report.scale)} scale)</h1><p>Generated ${esc(report.generated)}. ${esc(SCALE_NOTE[report.scale] ?? "")}</p>` +
    (report.partial ? `<p class="partial"><b>PARTIAL REPORT:</b> the run was still going (or was cut off) when this was written; claims not listed were not reached.</p>` : "") +
    `<h2>Provenance</h2><table>${prov}</table>` +
    `<h2>Summary</h2><p>Verdicts (reproduced / contradicted / inconclusive) judge a claim on the 95% evidence; exports, pipeline checks, skips, errors and negative controls are named as what they are.</p>` +
    `<table><tr><th>claim</th><th>paper</th><th>verdict</th><th>key number (rule statistic [95% CI] bound)</th><th>seeds learned</th><th>robust</th><th>other readings</th><th>seeds 9-16 alone</th><th>skip reason</th></tr>\n${summary}</table>\n` +
    report.claims.map((c, i) => claimHtml(c, report.summary[i], report)).join("\n") +
    `</body></html>\n`
  );
}

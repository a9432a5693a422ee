/**
 * Report writers: JSON and Markdown of the claim records of one run, one folder per scale so a
 * ci-scale run never overwrites (or passes for) a paper-scale report.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ClaimRecord, ReportTable } from "../claim-interfaces.js";
import { REPO_ROOT, writeFileAtomic } from "../runtime/files.js";
import { figureSvg } from "./svg.js";

export type { ClaimRecord };

export function reportDir(scale: string): string {
  return join(process.env.CLAIMS_REPORT_DIR ?? join(REPO_ROOT, "reports"), scale);
}

function cell(v: string | number | null): string {
  if (v === null) return "–";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : v.toFixed(3);
  return v.replace(/\|/g, "\\|");
}

export function tableMarkdown(t: ReportTable): string {
  const head = `| ${t.columns.join(" | ")} |\n|${t.columns.map(() => "---").join("|")}|`;
  return `**${t.title}**\n\n${head}\n${t.rows.map((r) => `| ${r.map(cell).join(" | ")} |`).join("\n")}\n`;
}

const SCALE_NOTE: Record<string, string> = {
  paper: "Scale: paper (the CLAIMS.md protocol).",
  ci: "Scale: ci (a reduced protocol for a 2-core CPU: fewer seeds, epochs and decoder epochs; see README). A pass here is a smoke-level agreement, NOT a paper-scale reproduction.",
};

export function claimMarkdown(c: ClaimRecord): string {
  const lines = [
    `## ${c.id} (${c.paper}): ${c.status.toUpperCase()}${c.testOutcome && c.testOutcome !== c.status ? ` [test: ${c.testOutcome}]` : ""}`,
    "",
    `> ${c.statement}`,
    "",
    `Evaluated ${c.evaluatedAt ?? "?"}. Scale ${c.scale}; backend ${c.backend}; seeds ${c.seeds.total}${c.seeds.learned !== null ? `, learned ${c.seeds.learned}` : ""}; ` +
      `usable-information points ${c.clipping.points}, clipped at 0: ${c.clipping.clipped}, decoder failures (< -0.05 bit): ${c.clipping.decoderFailures}.`,
    "",
  ];
  if (c.reason) lines.push(`Reason: ${c.reason}`, "");
  if (c.knownFailure) lines.push(`Declared known failure at this scale: ${c.knownFailure}`, "");
  if (c.scaleNote) lines.push(`Protocol at this scale: ${c.scaleNote}`, "");
  // Each check's message starts with PASS/FAIL and names what was measured.
  for (const k of c.checks) lines.push(`- ${k.message}`);
  lines.push("");
  for (const t of c.tables) lines.push(tableMarkdown(t));
  for (const f of c.figures ?? []) lines.push(`![${f.title}](figures/${c.id}-${f.name}.svg)`, "");
  if (c.runs.length) {
    const total = c.runs.reduce((s, r) => s + r.trainSeconds + r.decodeSeconds, 0);
    lines.push(`Seed-runs: ${c.runs.length}, total wall time ${(total / 60).toFixed(1)} min (train + decoders).`, "");
  }
  return lines.join("\n");
}

function escHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function tableHtml(t: ReportTable): string {
  const head = t.columns.map((c) => `<th>${escHtml(c)}</th>`).join("");
  const rows = t.rows.map((r) => `<tr>${r.map((v) => `<td>${escHtml(cell(v))}</td>`).join("")}</tr>`).join("\n");
  return `<h4>${escHtml(t.title)}</h4>\n<table><tr>${head}</tr>\n${rows}</table>`;
}

/** The report as one HTML page: verdict summary, then each claim with its checks, tables and figures. */
export function reportHtml(scale: string, claims: readonly ClaimRecord[], when: Date): string {
  const colour: Record<string, string> = {
    reproduced: "#1a7f37",
    contradicted: "#cf222e",
    inconclusive: "#9a6700",
    "task-not-learned": "#cf222e",
    exported: "#57606a",
    "pipeline-ok": "#57606a",
    "pipeline-failed": "#cf222e",
    error: "#cf222e",
    skipped: "#9a6700",
  };
  const summary = claims.map((c) => `<tr><td><a href="#${c.id}">${c.id}</a></td><td>${escHtml(c.paper)}</td><td style="color:${colour[c.status]}"><b>${c.status}</b></td></tr>`).join("\n");
  const sections = claims
    .map((c) => {
      const checks = c.checks.map((k) => `<li style="color:${colour[k.outcome]}">${escHtml(k.message)}</li>`).join("\n");
      const figs = (c.figures ?? []).map((f) => `<img src="figures/${c.id}-${f.name}.svg" alt="${escHtml(f.title)}">`).join("\n");
      return (
        `<section id="${c.id}"><h2>${c.id} (${escHtml(c.paper)}): <span style="color:${colour[c.status]}">${c.status.toUpperCase()}</span></h2>\n` +
        `<blockquote>${escHtml(c.statement)}</blockquote>\n` +
        `<p>Evaluated ${escHtml(c.evaluatedAt ?? "?")}; scale ${c.scale}; backend ${escHtml(c.backend)}; seeds ${c.seeds.total}${c.seeds.learned !== null ? `, learned ${c.seeds.learned}` : ""}; ` +
        `points ${c.clipping.points}, clipped ${c.clipping.clipped}, decoder failures ${c.clipping.decoderFailures}.</p>\n` +
        (c.reason ? `<p><b>Reason:</b> ${escHtml(c.reason)}</p>\n` : "") +
        (c.knownFailure ? `<p><b>Declared known failure at this scale:</b> ${escHtml(c.knownFailure)}</p>\n` : "") +
        (c.scaleNote ? `<p><b>Protocol at this scale:</b> ${escHtml(c.scaleNote)}</p>\n` : "") +
        `<ul>${checks}</ul>\n${c.tables.map(tableHtml).join("\n")}\n${figs}</section>`
      );
    })
    .join("\n");
  return (
    `<!doctype html><html><head><meta charset="utf-8"><title>Reproduction report (${scale})</title>` +
    `<style>body{font-family:sans-serif;max-width:1100px;margin:auto}table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #ccc;padding:2px 6px;font-size:13px}img{margin:4px}</style></head><body>` +
    `<h1>Reproduction report (${scale} scale)</h1><p>Updated ${when.toISOString()}. ${escHtml(SCALE_NOTE[scale] ?? "")}</p>` +
    `<table><tr><th>claim</th><th>paper</th><th>verdict</th></tr>${summary}</table>${sections}</body></html>`
  );
}

/** Claims already in a report file (empty when there is none or it cannot be read). */
function previousClaims(json: string): ClaimRecord[] {
  if (!existsSync(json)) return [];
  try {
    return (JSON.parse(readFileSync(json, "utf8")) as { claims?: ClaimRecord[] }).claims ?? [];
  } catch {
    return [];
  }
}

/**
 * Write reports/<scale>/claims.json and claims.md for each scale present; returns the paths.
 * Claims of earlier runs at the same scale are kept unless this run re-ran them, so running the
 * claim groups one at a time (several sittings) builds one report.
 */
export function writeReport(claims: ClaimRecord[], when = new Date()): string[] {
  const written: string[] = [];
  for (const scale of [...new Set(claims.map((c) => c.scale))]) {
    const dir = reportDir(scale);
    const json = join(dir, "claims.json");
    const fresh = claims.filter((c) => c.scale === scale);
    const ids = new Set(fresh.map((c) => c.id));
    const these = [...previousClaims(json).filter((c) => !ids.has(c.id)), ...fresh].sort((a, b) => a.id.localeCompare(b.id));
    writeFileAtomic(json, JSON.stringify({ generated: when.toISOString(), scale, claims: these }, null, 2));
    const md = join(dir, "claims.md");
    const summary = these.map((c) => `| ${c.id} | ${c.paper} | ${c.status}${c.knownFailure ? " (declared known failure at this scale)" : ""} |`).join("\n");
    writeFileAtomic(
      md,
      `# Reproduction report (${scale} scale)\n\nUpdated ${when.toISOString()} (each claim section shows the run that produced it). ${SCALE_NOTE[scale] ?? ""}\n\n| claim | paper | verdict |\n|---|---|---|\n${summary}\n\n${these.map(claimMarkdown).join("\n")}`,
    );
    const html = join(dir, "claims.html");
    writeFileAtomic(html, reportHtml(scale, these, when));
    written.push(json, md, html);
    for (const c of these) {
      for (const f of c.figures ?? []) {
        const p = join(dir, "figures", `${c.id}-${f.name}.svg`);
        writeFileAtomic(p, figureSvg(f));
        written.push(p);
      }
    }
  }
  return written;
}

/**
 * Report writers: JSON and Markdown of the claim records of one run, one folder per scale so a
 * ci-scale run never overwrites (or passes for) a paper-scale report.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ClaimRecord, ReportTable } from "../interfaces.js";
import { REPO_ROOT, writeFileAtomic } from "../experiments/cache.js";
import { scatterSvg } from "./svg.js";

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
    const summary = these.map((c) => `| ${c.id} | ${c.paper} | ${c.status} |`).join("\n");
    writeFileAtomic(
      md,
      `# Reproduction report (${scale} scale)\n\nUpdated ${when.toISOString()} (each claim section shows the run that produced it). ${SCALE_NOTE[scale] ?? ""}\n\n| claim | paper | verdict |\n|---|---|---|\n${summary}\n\n${these.map(claimMarkdown).join("\n")}`,
    );
    written.push(json, md);
    for (const c of these) {
      for (const f of c.figures ?? []) {
        const p = join(dir, "figures", `${c.id}-${f.name}.svg`);
        writeFileAtomic(p, scatterSvg(f));
        written.push(p);
      }
    }
  }
  return written;
}

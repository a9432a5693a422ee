/**
 * Shared text pieces of the Markdown and HTML pages: number and cell formatting, the scale note,
 * the provenance lines, and per-claim sentences. Markdown escaping lives only in markdown.ts and
 * HTML escaping only in html.ts, so neither leaks into the other.
 */
import type { ClaimCheck, ClaimRecord, ReportTable } from "../claim-interfaces.js";
import type { ClaimsReport } from "./document.js";
import { otherCodeNote, type PageProvenance } from "./provenance.js";
import { fmt } from "./summary.js";

/** Numbers inside text with float noise ("0.30000000000000004") cut to 6 significant digits. */
export function tidyNumbers(s: string): string {
  return s.replace(/-?\d+\.\d{7,}(?:e[-+]?\d+)?/g, (m) => String(Number(Number(m).toPrecision(6))));
}

/** A table cell as text (numbers: integers as they are, else 3 decimals). */
export function cellText(v: string | number | null): string {
  if (v === null) return "–";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : Number.isFinite(v) ? v.toFixed(3) : String(v);
  return tidyNumbers(v);
}

export const SCALE_NOTE: Record<string, string> = {
  paper: "Scale: paper, the full pre-registered protocol (README, Scale).",
  ci: "Scale: ci, a reduced protocol for a 2-core CPU (fewer seeds, epochs and decoder epochs; README, Scale). A reproduced claim here is a smoke-level agreement, NEVER a paper-scale reproduction.",
};

/** One line per provenance field of the page: [name, value]. */
export function provenanceRows(p: PageProvenance, report: ClaimsReport): [string, string][] {
  const pk = Object.entries(p.packages)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  return [
    ["commit", `${p.commit ?? "unknown"}${p.dirty === null ? "" : p.dirty ? " (with uncommitted changes outside reports/)" : " (clean)"}`],
    ["code version", `checkerboard ${p.codeVersion.checkerboard}, cifar ${p.codeVersion.cifar}, estimator ${p.codeVersion.estimator} (src/experiments/cache.ts)`],
    ["packages", pk],
    ["Node", `${p.node} (${p.platform})`],
    ["backend", p.backends.length ? p.backends.join(", ") : report.source === "seed-data" ? "none here: regenerated from committed seed data (each claim names the backends that measured it)" : "none"],
    ["CPU", `${p.cpuCount} x ${p.cpuModel ?? "unknown"}`],
    ["GPU", p.gpu ?? "none"],
    ["scale", p.scale],
    ["date", `${report.generated}${p.startedAt !== report.generated ? ` (run started ${p.startedAt})` : ""}`],
    ["wall time", p.wallSeconds === null ? "– (regenerated from data; see each claim's seed-runs)" : `${(p.wallSeconds / 60).toFixed(1)} min`],
    ["command", p.command],
    ["source", report.source === "seed-data" ? "regenerated from committed per-seed data" : "vitest run of the claim specs"],
  ];
}

/** The record's provenance in one sentence. */
export function claimProvenanceText(c: ClaimRecord, page: PageProvenance): string {
  const p = c.provenance;
  const parts = [`Evaluated ${c.evaluatedAt ?? "?"}`, `scale ${c.scale}`, `backend ${p?.backends.join(", ") || c.backend}`];
  if (p) {
    parts.push(`code version ${p.codeVersions.join(", ") || "unknown"}`);
    if (p.decoderImplementations?.length) parts.push(`decoders ${p.decoderImplementations.join(", ")}`);
    if (p.measured) parts.push(`seed-runs measured ${p.measured.from.slice(0, 10)}${p.measured.to.slice(0, 10) !== p.measured.from.slice(0, 10) ? ` to ${p.measured.to.slice(0, 10)}` : ""}`);
    if (p.dataFiles?.length) parts.push(`${p.dataFiles.length} seed files (listed in claims.json)`);
    if (p.source === "carried-over" && p.from) parts.push(`carried over from ${p.from.report} (generated ${p.from.generated}, commit ${p.from.commit ?? "unknown"})`);
  }
  const other = otherCodeNote(p, page, c.id);
  return `${parts.join("; ")}.${other ? ` NOTE: ${other}.` : ""}`;
}

/** Seeds and points in one sentence. */
export function seedsText(c: ClaimRecord): string {
  return (
    `Seeds ${c.seeds.total}${c.seeds.learned !== null ? `, learned ${c.seeds.learned}` : ""}; usable-information points ${c.clipping.points}, ` +
    `clipped at 0: ${c.clipping.clipped}, decoder failures (< -0.05 bit): ${c.clipping.decoderFailures}.`
  );
}

/** A check as one sentence: outcome, statistic, CI, bound, undecided part, seeds needed, sensitivity. */
export function checkText(k: ClaimCheck): string {
  const ci = k.ci ? ` (95% CI [${fmt(k.ci[0])}, ${fmt(k.ci[1])}])` : "";
  const extra = [
    k.undecided ? `undecided: ${k.undecided}` : "",
    k.seedsNeeded !== undefined ? `seeds needed for a decisive verdict: ${k.seedsNeeded ?? "none would do"}` : "",
    k.sensitivity ? `second decoder seed: ${k.sensitivity.secondDecoder ?? "n/a"}; without flagged points: ${k.sensitivity.withoutFlagged ?? "n/a"}` : "",
  ].filter(Boolean);
  return `${k.outcome.toUpperCase()} ${k.rule}: ${tidyNumbers(k.name)}${k.statisticName ? `: ${k.statisticName}` : ""} = ${fmt(k.statistic)}${ci}; rule ${k.comparison} ${fmt(k.threshold)}${extra.length ? `. ${extra.join("; ")}` : ""}`;
}

/** A rule's outcome, statistic and interval in one cell: "inconclusive 0.225 [0.113, 0.336]". */
export function outcomeCell(o: { outcome: string; statistic: number; ci: [number, number] | null } | null): string {
  if (!o) return "not measured";
  return `${o.outcome} ${fmt(o.statistic)}${o.ci ? ` [${fmt(o.ci[0])}, ${fmt(o.ci[1])}]` : ""}`;
}

/**
 * The rules of a record under its three readings, side by side (PROTOCOL.md section 0, amended
 * 2026-12-02), with the claim's verdict under each in the last row; null when the record has no readings.
 */
export function readingsTable(c: ClaimRecord): ReportTable | null {
  if (!c.readings) return null;
  const reg = c.readings.registered;
  const rows: (string | number | null)[][] = c.checks.map((k) => [k.rule, `${k.comparison} ${fmt(k.threshold)}`, outcomeCell(k), outcomeCell(k.readings?.raw ?? null), outcomeCell(k.readings?.standardised ?? null)]);
  rows.push(["verdict", "", c.readings.status, c.readings.raw ?? "not measured", c.readings.standardised ?? "not measured"]);
  return {
    title: `Readings of Z: the rules on ${reg === "whitened" ? "whitened (registered)" : `${reg} (the reading registered when these seed-runs were measured)`}, raw and per-unit standardised decoder inputs (same points and decoder seeds)${c.readings.dependent ? "; READING-DEPENDENT" : ""}`,
    columns: ["rule", "bound", `${reg}${reg === "whitened" ? " (registered)" : ""}`, "raw", "standardised"],
    rows,
  };
}

/** The subsets' verdicts in one sentence ("Seeds 9-16 alone: inconclusive (last-layer-colour ...)."), or "". */
export function subsetsText(c: ClaimRecord): string {
  return (c.subsets ?? []).map((s) => `${s.name} (seeds ${s.seeds.join(", ")}): ${s.status} (${s.keyText}).`).join(" ");
}

/** Per-seed values of a check as compact JSON (numbers to 6 significant digits). */
export function valuesText(values: Record<string, unknown>): string {
  return JSON.stringify(values, (_k, v) => (typeof v === "number" ? (Number.isFinite(v) ? Number(v.toPrecision(6)) : null) : v));
}

/** File name of a figure, relative to the report folder. */
export function figurePath(c: ClaimRecord, name: string): string {
  return `figures/${c.id}-${name}.svg`;
}

/** Total wall time of a record's seed-runs, minutes. */
export function runMinutes(c: ClaimRecord): number {
  return c.runs.reduce((s, r) => s + (r.trainSeconds ?? 0) + (r.decodeSeconds ?? 0), 0) / 60;
}

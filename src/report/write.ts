/**
 * Where reports go and how they are written. A vitest run writes a new folder
 * `reports/<scale>/runs/<timestamp>/` (never a committed report) and points
 * `reports/<scale>/latest` at it: a one-line text file holding the run folder relative to
 * reports/<scale>/ (e.g. `runs/2026-12-01T02-00-00Z`), chosen over a symlink because symlinks do
 * not survive every checkout, archive and artifact upload. Both are git-ignored. The committed
 * paper report (reports/paper/claims.*) is written only by `npm run report:paper`.
 * `CLAIMS_REPORT_DIR` moves the whole reports root.
 */
import { existsSync, readdirSync, readFileSync, unlinkSync } from "node:fs";
import { join, relative } from "node:path";
import type { Scale } from "../interfaces.js";
import { REPO_ROOT, writeFileAtomic } from "../runtime/files.js";
import { REPORT_SCHEMA_VERSION, reportJson, type ClaimsReport } from "./document.js";
import { reportHtml } from "./html.js";
import { reportMarkdown } from "./markdown.js";
import { relativizePaths } from "./paths.js";
import { figureSvg } from "./vega.js";

/** The reports root: CLAIMS_REPORT_DIR, else <repo>/reports. */
export function reportsRoot(): string {
  return process.env.CLAIMS_REPORT_DIR ?? join(REPO_ROOT, "reports");
}

/** Folder of a scale's reports. */
export function scaleDir(scale: Scale, root = reportsRoot()): string {
  return join(root, scale);
}

/** Folder-safe UTC timestamp of a run, e.g. 2026-12-01T02-03-04Z. */
export function runStamp(when: Date): string {
  return when.toISOString().replace(/\.\d+Z$/, "Z").replace(/:/g, "-");
}

/** The run folder of a stamp at a scale. */
export function runDir(scale: Scale, stamp: string, root = reportsRoot()): string {
  return join(scaleDir(scale, root), "runs", stamp);
}

/** Point reports/<scale>/latest at a run folder. */
export function setLatest(scale: Scale, dir: string, root = reportsRoot()): void {
  writeFileAtomic(join(scaleDir(scale, root), "latest"), `${relative(scaleDir(scale, root), dir).split("\\").join("/")}\n`);
}

/** The folder reports/<scale>/latest points at, or null. */
export function latestDir(scale: Scale, root = reportsRoot()): string | null {
  const p = join(scaleDir(scale, root), "latest");
  if (!existsSync(p)) return null;
  const dir = join(scaleDir(scale, root), readFileSync(p, "utf8").trim());
  return existsSync(join(dir, "claims.json")) ? dir : null;
}

/**
 * A report document from a claims.json path or the folder holding one; null when absent. A file
 * of another schema version (or none: reports written before v1) is not read: throws when
 * `strict`, else null with a warning on stderr.
 */
export function readReport(path: string, strict = false): ClaimsReport | null {
  const file = path.endsWith(".json") ? path : join(path, "claims.json");
  if (!existsSync(file)) return null;
  const doc = JSON.parse(readFileSync(file, "utf8")) as Partial<ClaimsReport>;
  if (doc.schemaVersion !== REPORT_SCHEMA_VERSION) {
    const msg = `${relativizePaths(file)} has schema version ${doc.schemaVersion ?? "none (written before v1)"}, not ${REPORT_SCHEMA_VERSION}; its records are not carried over`;
    if (strict) throw new Error(msg);
    process.stderr.write(`claims report: ${msg}\n`);
    return null;
  }
  return doc as ClaimsReport;
}

/**
 * Write a report into `dir`: claims.json, claims.md, claims.html and figures/<claim>-<name>.svg
 * (figures of earlier writes that the report no longer has are removed). Returns the paths.
 */
export async function writeReportFiles(dir: string, report: ClaimsReport): Promise<string[]> {
  const written: string[] = [];
  const figDir = join(dir, "figures");
  const figures = new Map<string, string>();
  for (const c of report.claims) for (const f of c.figures ?? []) figures.set(`${c.id}-${f.name}.svg`, await figureSvg(f));
  for (const [name, svg] of figures) {
    const p = join(figDir, name);
    writeFileAtomic(p, svg);
    written.push(p);
  }
  if (existsSync(figDir)) for (const f of readdirSync(figDir)) if (f.endsWith(".svg") && !figures.has(f)) unlinkSync(join(figDir, f));
  const files: [string, string][] = [
    ["claims.md", reportMarkdown(report)],
    ["claims.html", reportHtml(report)],
    // JSON last: a reader polling claims.json finds the pages and figures it describes.
    ["claims.json", reportJson(report)],
  ];
  for (const [name, text] of files) {
    const p = join(dir, name);
    writeFileAtomic(p, text);
    written.push(p);
  }
  return written;
}

/** `path` relative to the repository for messages (absolute when outside it). */
export function repoRelative(path: string): string {
  const r = relative(REPO_ROOT, path);
  return r.startsWith("..") ? relativizePaths(path) : r || ".";
}


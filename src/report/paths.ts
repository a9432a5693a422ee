/**
 * Machine paths out of report text: a report is read on other machines, so every absolute path
 * is written relative to the repository (`src/x.ts`, `../shared/data/...`), or as `$TMPDIR/...`
 * and `~/...` for temporary and home folders. Only these known prefixes are rewritten, so text
 * such as "1/sqrt(n)" or "and/or" is left alone.
 */
import { homedir, tmpdir } from "node:os";
import { dirname, relative, sep } from "node:path";
import { REPO_ROOT } from "../runtime/files.js";

export interface PathRoots {
  repo: string;
  tmp: string;
  home: string;
}

const DEFAULT_ROOTS: PathRoots = { repo: REPO_ROOT, tmp: tmpdir(), home: homedir() };

/** `text` with absolute paths under the repository, its parent folder, $TMPDIR or ~ rewritten. */
export function relativizePaths(text: string, roots: PathRoots = DEFAULT_ROOTS): string {
  const repo = roots.repo.replace(/\/+$/, "");
  const parent = dirname(repo);
  // Longest prefix first: the repository lies inside its parent, which may lie inside home.
  const rules: [string, (rest: string) => string][] = [
    [repo, (rest) => (rest === "" ? "." : rest.slice(1))],
    ...(parent !== "/" ? ([[parent, (rest: string) => relative(repo, parent + rest).split(sep).join("/") || "."]] as [string, (rest: string) => string][]) : []),
    [roots.tmp.replace(/\/+$/, ""), (rest) => `$TMPDIR${rest}`],
    [roots.home.replace(/\/+$/, ""), (rest) => `~${rest}`],
  ];
  rules.sort((a, b) => b[0].length - a[0].length);
  let out = text;
  for (const [prefix, map] of rules) {
    if (prefix === "" || prefix === "/") continue;
    // The prefix as a whole absolute path: not inside another path, and followed by "/" + more path or a non-path character.
    const re = new RegExp(`(?<![\\w.~$/-])${escapeRegExp(prefix)}((?:/[^\\s"'\`()\\[\\],;:]*)?)(?=$|[\\s"'\`()\\[\\],;:])`, "g");
    out = out.replace(re, (_m, rest: string) => map(rest));
  }
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A deep copy of a JSON value with relativizePaths applied to every string. */
export function relativizeDeep<T>(value: T, roots: PathRoots = DEFAULT_ROOTS): T {
  if (typeof value === "string") return relativizePaths(value, roots) as T;
  if (Array.isArray(value)) return value.map((v) => relativizeDeep(v, roots)) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, relativizeDeep(v, roots)])) as T;
  return value;
}

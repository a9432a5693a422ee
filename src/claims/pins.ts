/**
 * Exact pins of the ci-scale checkerboard records (issue 19: pins that catch drift). ci runs are
 * deterministic on a backend, so every rule of every checkerboard claim, check and control is
 * pinned to the last bit: its outcome, statistic and interval, with the claim's verdict and
 * learned seeds. A pin applies while the code is at the meaning versions it was taken at
 * (src/runtime/versions.ts) on the same backend; then any moved number is a change nobody
 * declared and fails the claim's test. After an intended change of meaning (a version bump),
 * `npm run pins` rewrites the file from the latest ci report and prints what moved.
 * The pins live in fixtures/pins/ci.json.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ClaimRecord, ClaimStatus, Outcome } from "../claim-interfaces.js";
import { REPO_ROOT } from "../runtime/files.js";
import { versionsOf, versionsText, type MeaningScope } from "../runtime/versions.js";

export const PINS_FILE = join(REPO_ROOT, "fixtures", "pins", "ci.json");

export interface RulePin {
  rule: string;
  outcome: Outcome;
  statistic: number | null;
  ci: [number, number] | null;
}

export interface RecordPin {
  id: string;
  status: ClaimStatus;
  learned: number | null;
  rules: RulePin[];
}

export interface PinFile {
  format: "claim-pins";
  version: 1;
  scale: "ci";
  backend: string;
  /** Meaning versions the pins were taken at. */
  versions: Partial<Record<MeaningScope, number>>;
  /** The report they were taken from and when. */
  source: string;
  taken: string;
  records: RecordPin[];
}

/** The pin of one record (numbers as JSON keeps them: non-finite ones become null). */
export function pinOf(r: ClaimRecord): RecordPin {
  const num = (x: number): number | null => (Number.isFinite(x) ? x : null);
  return { id: r.id, status: r.status, learned: r.seeds.learned, rules: r.checks.map((c) => ({ rule: c.rule, outcome: c.outcome, statistic: num(c.statistic), ci: c.ci })) };
}

/** Every way a record departs from its pin (empty: identical to the last bit). */
export function pinDifferences(r: ClaimRecord, pin: RecordPin): string[] {
  const now = pinOf(r);
  const out: string[] = [];
  if (now.status !== pin.status) out.push(`verdict ${now.status}, pinned ${pin.status}`);
  if (now.learned !== pin.learned) out.push(`learned seeds ${now.learned}, pinned ${pin.learned}`);
  const rules = new Set([...now.rules.map((x) => x.rule), ...pin.rules.map((x) => x.rule)]);
  for (const rule of rules) {
    const a = now.rules.find((x) => x.rule === rule);
    const b = pin.rules.find((x) => x.rule === rule);
    if (!a || !b) {
      out.push(`rule ${rule} ${a ? "is new" : "is gone"}`);
      continue;
    }
    if (a.outcome !== b.outcome) out.push(`rule ${rule}: ${a.outcome}, pinned ${b.outcome}`);
    if (!Object.is(a.statistic, b.statistic)) out.push(`rule ${rule}: statistic ${a.statistic}, pinned ${b.statistic}`);
    if (JSON.stringify(a.ci) !== JSON.stringify(b.ci)) out.push(`rule ${rule}: CI ${JSON.stringify(a.ci)}, pinned ${JSON.stringify(b.ci)}`);
  }
  return out;
}

export function readPins(path = PINS_FILE): PinFile | null {
  if (!existsSync(path)) return null;
  const f = JSON.parse(readFileSync(path, "utf8")) as PinFile;
  if (f.format !== "claim-pins" || f.version !== 1 || !Array.isArray(f.records)) throw new Error(`${path}: not a claim-pins file of version 1`);
  return f;
}

/**
 * The pin problems of a ci-scale checkerboard record: none when the record matches its pin, or
 * when it has no pin; a message when its pin was taken at other meaning versions or on another
 * backend (re-pin, or run on the pins' backend).
 */
export function pinProblems(r: ClaimRecord, file: PinFile | null = readPins()): string[] {
  if (r.scale !== "ci" || !file) return [];
  const pin = file.records.find((p) => p.id === r.id);
  if (!pin) return [];
  const want = versionsOf("checkerboard");
  if (versionsText(file.versions) !== versionsText(want)) {
    return [`the ci pins (fixtures/pins/ci.json) were taken at ${versionsText(file.versions)}, the code is at ${versionsText(want)}: after a change of meaning run the ci claims, then npm run pins`];
  }
  if (r.backend !== file.backend) return [];
  return pinDifferences(r, pin).map((d) => `${r.id}: ${d}`);
}

/**
 * Re-pin the ci-scale checkerboard records (src/claims/pins.ts) from a ci report, after an
 * intended change of meaning: prints every rule that moved, then writes fixtures/pins/ci.json.
 *
 *   npm run pins [-- --from reports/ci/latest] [--check]
 *
 * --check prints what moved and writes nothing (exit 1 if anything did). The report must hold
 * every checkerboard claim, check and control (run `npm test` or `CLAIMS_SCALE=ci npx vitest run
 * claims/checkerboard` first).
 */
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { ClaimRecord } from "../src/claim-interfaces.js";
import { CB_DEFS, registeredClaim, registeredRecord } from "../src/claims/registry.js";
import { pinDifferences, pinOf, PINS_FILE, readPins, type PinFile } from "../src/claims/pins.js";
import { REPO_ROOT, writeFileAtomic } from "../src/runtime/files.js";
import { versionsOf, versionsText } from "../src/runtime/versions.js";
import { runScript, UsageError } from "./lib/cli.js";

/** Whether a record is a checkerboard claim's, check's or control's (what the pins cover). */
function isCheckerboard(r: ClaimRecord): boolean {
  return registeredRecord(r.id)?.entry.family === "checkerboard";
}

await runScript({ usage: "npm run pins [-- --from reports/ci/latest] [--check]", options: { from: { type: "string" }, check: { type: "boolean" } } }, ({ values }) => {
  let from = values.from ?? join(REPO_ROOT, "reports", "ci", "latest");
  // reports/<scale>/latest is a pointer file holding "runs/<timestamp>".
  if (existsSync(from) && !from.endsWith(".json") && readFileSync(from).length < 200 && !existsSync(join(from, "claims.json"))) from = join(from, "..", readFileSync(from, "utf8").trim());
  const file = from.endsWith(".json") ? from : join(from, "claims.json");
  if (!existsSync(file)) throw new UsageError(`no report at ${file}: run the ci claims first (npm test)`);
  const report = JSON.parse(readFileSync(file, "utf8")) as { scale: string; claims: ClaimRecord[] };
  if (report.scale !== "ci") throw new UsageError(`${file} is a ${report.scale}-scale report; the pins are ci-scale`);
  const records = report.claims.filter((r) => isCheckerboard(r) && r.status !== "skipped" && !r.skippedThisRun);
  // Every record of every checkerboard claim, check and control that runs at ci scale.
  const expected = CB_DEFS.filter(({ def }) => def.runsAt("ci")).flatMap(({ def }) => registeredClaim(def.id).records("ci").map((r) => r.id));
  const missing = expected.filter((id) => !records.some((r) => r.id === id));
  if (missing.length) throw new Error(`${file} lacks ${missing.join(", ")}: run every ci checkerboard claim first`);
  const backends = [...new Set(records.map((r) => r.backend))];
  if (backends.length !== 1) throw new Error(`the records come from several backends (${backends.join(", ")}); pins are per backend`);
  const old = readPins();
  const moved: string[] = [];
  for (const r of records) {
    const pin = old?.records.find((p) => p.id === r.id);
    if (!pin) moved.push(`${r.id}: new`);
    else moved.push(...pinDifferences(r, pin).map((d) => `${r.id}: ${d}`));
  }
  for (const p of old?.records ?? []) if (!records.some((r) => r.id === p.id)) moved.push(`${p.id}: gone`);
  console.log(moved.length ? `moved since the last pins (${old ? versionsText(old.versions) : "none"}):\n  ${moved.join("\n  ")}` : "nothing moved");
  if (values.check) {
    if (moved.length) process.exitCode = 1;
    return;
  }
  const pins: PinFile = {
    format: "claim-pins",
    version: 1,
    scale: "ci",
    backend: backends[0],
    versions: versionsOf("checkerboard"),
    source: relative(REPO_ROOT, file),
    taken: new Date().toISOString(),
    records: records.map(pinOf).sort((a, b) => a.id.localeCompare(b.id)),
  };
  writeFileAtomic(PINS_FILE, JSON.stringify(pins, null, 1) + "\n");
  console.log(`wrote ${relative(REPO_ROOT, PINS_FILE)}: ${pins.records.length} records, ${pins.records.reduce((s, r) => s + r.rules.length, 0)} rules, ${versionsText(pins.versions)}, backend ${pins.backend}`);
});

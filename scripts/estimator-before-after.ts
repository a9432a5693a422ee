/**
 * The estimator's accuracy table and battery before and after an amendment of the estimator, per
 * decoder family, on the same data and decoder seeds. Two changes:
 * - `--change batch-rule` (PROTOCOL.md amendment 2026-12-01): before = the remainder batch kept under
 *   batch-norm (`keepPartialBatch: true`, as the decoders did before; the three implementations
 *   keep it bit for bit), after = dropped (the registered rule). Both on raw decoder inputs, as
 *   registered then. Writes reports/estimator/before-after.md.
 * - `--change whitening` (PROTOCOL.md amendment 2026-12-02): before = raw decoder inputs, after =
 *   whitened ones (the registered reading), both with the amended batch rule. Writes
 *   reports/estimator/whitening-before-after.md.
 * Families and cases are those of claims/estimator/accuracy.claim.ts (src/info/checks/accuracy.ts) and
 * the battery of test/info/battery.test.ts (src/info/checks/battery.ts), with the known failures of
 * src/claims/known-failures.ts.
 *
 *   npx tsx scripts/estimator-before-after.ts [--change batch-rule|whitening] [--out FILE]
 *
 * Writes FILE atomically and prints it. ~1 min on 2 cores.
 */
import { join } from "node:path";
import type { DecoderConfig, DecoderInput } from "../src/interfaces.js";
import { knownFailuresOf } from "../src/claims/known-failures.js";
import { accuracyFamilies, accuracyTable, type AccuracyRow } from "../src/info/checks/accuracy.js";
import { DEFAULT_BATTERY, runBattery, type BatteryResult } from "../src/info/checks/battery.js";
import { initBackend } from "../src/runtime/backend.js";
import { REPO_ROOT, writeFileAtomic } from "../src/runtime/files.js";
import { runScript, UsageError } from "./lib/cli.js";

const f3 = (x: number): string => x.toFixed(3);

interface Change {
  file: string;
  title: string;
  intro: string;
  /** Decoder config and input reading of each side. */
  side: (cfg: DecoderConfig, when: "before" | "after") => { cfg: DecoderConfig; input: DecoderInput };
}

const CHANGES: Record<string, Change> = {
  "batch-rule": {
    file: "before-after.md",
    title: "Estimator accuracy table and battery, before and after the amended batch rule",
    intro: "Before = the remainder batch kept under batch-norm (`keepPartialBatch: true`), after = dropped (the registered rule); raw decoder inputs on both sides (the reading registered at the time).",
    side: (cfg, when) => ({ cfg: when === "before" ? { ...cfg, keepPartialBatch: true } : cfg, input: "raw" }),
  },
  whitening: {
    file: "whitening-before-after.md",
    title: "Estimator accuracy table and battery, raw decoder inputs (before) and whitened ones (after, registered since 2026-12-02)",
    intro: "Before = the decoders read Z as given (the reading registered until 2026-12-02), after = Z whitened with a map fitted on the decoder-train rows (src/info/core/whiten.ts); the amended batch rule on both sides.",
    side: (cfg, when) => ({ cfg, input: when === "before" ? "raw" : "whitened" }),
  },
};

await runScript({ usage: "npx tsx scripts/estimator-before-after.ts [--change batch-rule|whitening] [--out FILE]", options: { change: { type: "string" }, out: { type: "string" } } }, async ({ values }) => {
  const change = CHANGES[values.change ?? "whitening"];
  if (!change) throw new UsageError(`--change must be one of ${Object.keys(CHANGES).join(", ")}, got ${values.change}`);
  const out = values.out ?? join(REPO_ROOT, "reports", "estimator", change.file);
  const backend = await initBackend(process.env.CLAIMS_BACKEND ?? "wasm");
  const t0 = performance.now();
  const md: string[] = [
    `# ${change.title}`,
    "",
    `Written by \`npx tsx scripts/estimator-before-after.ts --change ${values.change ?? "whitening"}\` (backend ${backend.name}). ${change.intro} Same data and decoder seeds; 1250 / 3750 rows; each family at its protocol epochs. A row *holds* when I_u <= I + 3 SE and I - I_u is within the tolerance of its kind (src/info/checks/accuracy.ts); "pinned" marks the declared known failures of today's table.`,
    "",
  ];
  const summary: string[] = ["| family | rows holding before | rows holding after | battery checks passing before | after |", "|---|---|---|---|---|"];
  const knownRows = knownFailuresOf("accuracy-row");
  const knownChecks = knownFailuresOf("battery-check");
  for (const fam of accuracyFamilies()) {
    const b = change.side(fam.cfg, "before");
    const a = change.side(fam.cfg, "after");
    const before: AccuracyRow[] = await accuracyTable(fam.name, b.cfg, knownRows, { input: b.input });
    const after: AccuracyRow[] = await accuracyTable(fam.name, a.cfg, knownRows, { input: a.input });
    const bBefore: BatteryResult[] = await runBattery(fam.name, b.cfg, knownChecks, DEFAULT_BATTERY, b.input);
    const bAfter: BatteryResult[] = await runBattery(fam.name, a.cfg, knownChecks, DEFAULT_BATTERY, a.input);
    console.error(`${fam.name} done (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    summary.push(`| ${fam.name} | ${before.filter((r) => r.holds).length} / ${before.length} | ${after.filter((r) => r.holds).length} / ${after.length} | ${bBefore.filter((r) => r.pass).length} / ${bBefore.length} | ${bAfter.filter((r) => r.pass).length} / ${bAfter.length} |`);
    md.push(`## ${fam.name}`, "", "| channel | true I | before: I_u (test acc., max grad norm) | after: I_u (test acc., max grad norm) | holds before -> after |", "|---|---|---|---|---|");
    after.forEach((a, i) => {
      const b = before[i];
      md.push(`| ${a.channel} | ${f3(a.trueBits)} | ${f3(b.iuBits)} (${f3(b.testAccuracy)}, ${b.maxGradNorm.toPrecision(3)}) | ${f3(a.iuBits)} (${f3(a.testAccuracy)}, ${a.maxGradNorm.toPrecision(3)}) | ${b.holds ? "yes" : "no"} -> ${a.holds ? "yes" : "no"}${a.knownFailure ? " (pinned)" : ""} |`);
    });
    md.push("", "Battery (src/info/checks/battery.ts, 1000 / 1000 rows):", "");
    bAfter.forEach((a, i) => md.push(`- ${a.check}: before ${bBefore[i].pass ? "pass" : "FAIL"} (${bBefore[i].detail.replace(`${fam.name}: ${a.check}: `, "")}); after ${a.pass ? "pass" : "FAIL"} (${a.detail.replace(`${fam.name}: ${a.check}: `, "")})`));
    md.push("");
  }
  const text = [...md.slice(0, 4), "## Summary", "", ...summary, "", ...md.slice(4)].join("\n") + `\nWall time ${((performance.now() - t0) / 1000).toFixed(0)} s.\n`;
  writeFileAtomic(out, text);
  console.log(text);
});

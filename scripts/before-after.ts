/**
 * The decoder batch-rule fix (PROTOCOL.md amendment 2026-12-01), before and after, on identical
 * networks: every checkerboard claim evaluated twice at a scale, once with the amended decoders
 * (the registered protocol) and once with decoders that keep the final 2-row batch under
 * batch-norm (the plan before the amendment). Training, probes and decoder seeds are the same;
 * only the decoders' batch plan differs. Prints and writes a side-by-side table per claim:
 * verdict, each rule's statistic, flagged-point counts, and (after) the sensitivity verdicts.
 *
 *   npx tsx scripts/before-after.ts --scale paper [--from reports/paper/pilot-2026-12-01] [--out reports/paper/before-after.md]
 *
 * Both variants come from the per-seed data store when present there, else they are computed
 * (and cached, then written to the store). At paper scale the store is the 8-seed pilot of
 * 2026-12-01 (seeds 1-8, raw decoder inputs, as registered then), which holds both variants.
 */
import { join, relative } from "node:path";
import type { ClaimRecord } from "../src/claim-interfaces.js";
import { CB_CLAIMS, PILOT_SEEDS, type CbSource } from "../src/claims/checkerboard-claims.js";
import { cbRunConfig, cbSeeds, type CbRunId, type CbRunOptions } from "../src/experiments/cb-config.js";
import { runCheckerboard } from "../src/experiments/cb-runner.js";
import { readSeedData, writeSeedData } from "../src/experiments/seed-data.js";
import { currentScale } from "../src/experiments/scale.js";
import { initBackend } from "../src/runtime/backend.js";
import { REPO_ROOT, writeFileAtomic } from "../src/runtime/files.js";
import { runScript } from "./lib/cli.js";

function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "–";
  return Math.abs(x) >= 1e-3 || x === 0 ? x.toFixed(3) : x.toExponential(2);
}

function flagText(r: ClaimRecord): string {
  if (!r.flags) return "–";
  const c = r.flags.counts;
  return `${r.flags.list.length} of ${r.flags.points} (failure ${c.failure}, collapse ${c.collapse}, unstable ${c.unstable}, non-finite ${c["non-finite"]}; used by a rule ${r.flags.list.filter((f) => f.usedByRule).length})`;
}

/** Markdown comparison of one claim's records before and after. */
export function compareRecords(before: ClaimRecord, after: ClaimRecord): string {
  const lines = [`### ${after.id} (${after.paper})`, "", `| | before (2-row batch kept) | after (amended) |`, "|---|---|---|"];
  lines.push(`| verdict | ${before.status} | **${after.status}** |`);
  lines.push(`| seeds learned | ${before.seeds.learned ?? "–"} of ${before.seeds.total} | ${after.seeds.learned ?? "–"} of ${after.seeds.total} |`);
  for (const c of after.checks) {
    const b = before.checks.find((x) => x.rule === c.rule);
    const cell = (k: typeof c | undefined) => (k ? `${k.outcome}: ${fmt(k.statistic)}${k.ci ? ` [${fmt(k.ci[0])}, ${fmt(k.ci[1])}]` : ""} (${k.comparison} ${fmt(k.threshold)})` : "–");
    lines.push(`| ${c.rule} | ${cell(b)} | ${cell(c)} |`);
  }
  lines.push(`| flagged points | ${flagText(before)} | ${flagText(after)} |`);
  if (after.sensitivity) lines.push(`| sensitivity (after) | | second decoder seed: ${after.sensitivity.secondDecoder ?? "n/a"}; flagged points left out: ${after.sensitivity.withoutFlagged ?? "n/a"}; ${after.sensitivity.robust ? "robust" : "NOT robust"} |`);
  return lines.join("\n");
}

await runScript(
  { usage: "npx tsx scripts/before-after.ts --scale paper|ci [--from DIR] [--out FILE]", options: { scale: { type: "string" }, from: { type: "string" }, out: { type: "string" } } },
  async ({ values }) => {
    const scale = currentScale(values.scale ?? process.env.CLAIMS_SCALE);
    const store = values.from ?? (scale === "paper" ? join(REPO_ROOT, "reports", "paper", "pilot-2026-12-01") : join(REPO_ROOT, "reports", scale, "data"));
    const out = values.out ?? join(REPO_ROOT, "reports", scale, "before-after.md");
    const backend = await initBackend();
    const source = (legacy: boolean): CbSource => async (run: CbRunId, opts: CbRunOptions) => {
      const cfg = cbRunConfig(run, scale, { ...opts, ...(legacy ? { legacyDecoderBatches: true } : {}) });
      // The pilot had seeds 1-8 (the paper scale since 2026-12-02 has 16).
      const seeds = scale === "paper" ? cbSeeds(scale, run).filter((s) => s <= PILOT_SEEDS) : cbSeeds(scale, run);
      try {
        return readSeedData(store, cfg, seeds);
      } catch {
        const rs = await runCheckerboard(cfg, seeds);
        writeSeedData(store, rs);
        return rs;
      }
    };
    const sections: string[] = [];
    for (const def of CB_CLAIMS) {
      if (!def.runsAt(scale) || def.id === "fig2d") continue;
      const [after] = await def.build({ scale, backend: backend.name, source: source(false) });
      const [before] = await def.build({ scale, backend: backend.name, source: source(true) });
      const s = compareRecords(before.record, after.record);
      console.log(`${s}\n`);
      sections.push(s);
    }
    const head =
      `# The decoder batch-rule fix, before and after (${scale} scale)\n\n` +
      `Generated by \`npx tsx scripts/before-after.ts --scale ${scale}\` from the per-seed data in ${relative(REPO_ROOT, store)}. ` +
      `Same networks, probes and decoder seeds; "before" decoders keep the final 2-row batch under batch-norm (1250 = 39 x 32 + 2), ` +
      `"after" drop it (PROTOCOL.md section 0, amended 2026-12-01). Each rule: outcome: statistic [95% CI] (claimed side).\n`;
    writeFileAtomic(out, `${head}\n${sections.join("\n\n")}\n`);
    console.log(`wrote ${relative(REPO_ROOT, out)}`);
  },
);

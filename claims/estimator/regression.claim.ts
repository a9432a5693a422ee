/**
 * estimator regression (issues 3 and 23). Claim: the estimator still gives the baselined I_u on
 * real checkerboard activation snapshots (fixtures/estimator/*.usnap), per snapshot x label x
 * decoder family ("entry").
 * Statistic: per entry, the mean shift over the baselines' decoder seeds (16), paired by seed,
 * with its simultaneous CI (Bonferroni over the entries, family-wise alpha 0.05).
 * Pass: no entry whose shift is significant and larger than 0.02 bit; on the baselines' backend,
 * decoder implementation and estimator version (src/runtime/versions.ts) also every seed's reading within 1e-9 bit
 * (re-estimation is deterministic). Every run reports every shift with its CI, largest first, and
 * the minimum detectable shift per family (80% power) from the baselines' seed spread
 * (src/info/checks/regression.ts). A scale without baselines is skipped visibly with the command that
 * creates them.
 * Protocol: the scale's (ci: CB 15, CIFAR 8, linear 50 decoder epochs; paper: 100, 50, 50).
 * After an intended change: CLAIMS_SCALE=<scale> npm run estimator:rebaseline; to compare with
 * another commit's baselines: npm run estimator:compare -- --base REF.
 */
import { join } from "node:path";
import { expect, test } from "vitest";
import { claimSummary, skipClaim } from "../../src/claims/spec.js";
import { estimatorOrigin } from "../../src/experiments/cache.js";
import { REPO_ROOT } from "../../src/runtime/files.js";
import { currentScale } from "../../src/experiments/scale.js";
import {
  BASELINES_FILE,
  changedSnapshots,
  comparisonMode,
  EXACT_TOLERANCE_BITS,
  fixturesDir,
  formatReport,
  loadSnapshots,
  measureSnapshots,
  POWER_COLUMNS,
  powerCells,
  readBaselines,
  REGRESSION_ALPHA,
  REGRESSION_MARGIN_BITS,
  REGRESSION_POWER,
  regressionReport,
  reportHeadline,
  SHIFT_COLUMNS,
  shiftCells,
  snapshotIds,
} from "../../src/info/checks/regression.js";
import { DECODER_FAILURE_BITS } from "../../src/interfaces.js";
import type { ClaimRecord } from "../../src/claim-interfaces.js";
import { initBackend } from "../../src/runtime/backend.js";
import { check } from "./shared.js";

test("estimator regression: no baselined entry's I_u shifted (paired over decoder seeds, Bonferroni, margin 0.02 bit; exactly reproduced on the baselines' backend and code)", async (context) => {
  const scale = currentScale();
  const backend = await initBackend();
  const dir = fixturesDir(REPO_ROOT);
  const file = readBaselines(join(dir, BASELINES_FILE));
  const base = file.scales[scale];
  const claim = {
    id: "estimator-regression",
    paper: "App. A.1",
    statement: `No snapshot x label x decoder family entry's I_u shifted: per entry the mean shift over the baselines' decoder seeds, paired by seed, with a simultaneous CI (Bonferroni, family-wise alpha ${REGRESSION_ALPHA}); an entry fails when its CI excludes 0 and |shift| > ${REGRESSION_MARGIN_BITS} bit; on the baselines' backend, decoder implementation and estimator code every reading also reproduces within ${EXACT_TOLERANCE_BITS} bit`,
  };
  if (!base) {
    // Visible skip (never a silent pass): the report shows it with the reason.
    return skipClaim(context, claim, { scale, backend: backend.name }, `no ${scale}-scale baselines in fixtures/estimator/${BASELINES_FILE}; create them with: CLAIMS_SCALE=${scale} npm run estimator:rebaseline`);
  }
  const snaps = loadSnapshots(dir);
  const changed = changedSnapshots(base, snapshotIds(snaps));
  if (changed.length > 0) throw new Error(`estimator regression: snapshot data changed since the ${scale} baselines (${changed.join(", ")}); re-create them with: CLAIMS_SCALE=${scale} npm run estimator:rebaseline`);
  const origin = estimatorOrigin(backend);
  const mode = comparisonMode(base, origin);
  const t0 = Date.now();
  const measured = await measureSnapshots(snaps, scale, { seeds: base.seeds });
  const report = regressionReport(base.entries, measured, mode);
  const seconds = (Date.now() - t0) / 1000;
  const c = report.comparison;
  const originNote = `${mode} mode: baselines from ${base.backend}/${base.decoderImplementation}/estimator ${base.estimatorVersion}, now ${origin.backend}/${origin.decoderImplementation}/estimator ${origin.estimatorVersion}; decoder seeds ${base.seeds.join(",")}; ${seconds.toFixed(0)} s`;
  const text = formatReport(report);
  // On the terminal: every shift with its CI, largest first, and the power per family.
  console.log(`estimator regression (${scale}, ${originNote})\n${text}`);
  const largestSignificant = Math.max(0, ...c.rows.filter((r) => r.significant).map((r) => Math.abs(r.shiftBits)));
  const checks = [
    check("no entry shifted beyond the margin", c.pass, largestSignificant, REGRESSION_MARGIN_BITS, `${reportHeadline(report)} (${originNote})\n${text}`),
  ];
  if (mode === "exact") {
    const worst = Math.max(0, ...c.rows.map((r) => (Number.isNaN(r.maxSeedDeltaBits) ? Infinity : r.maxSeedDeltaBits)));
    checks.push(
      check(
        "every seed's reading reproduced exactly",
        report.notReproduced.length === 0,
        worst,
        EXACT_TOLERANCE_BITS,
        `${report.notReproduced.length} of ${c.entries} entries with a seed reading off by more than ${EXACT_TOLERANCE_BITS} bit (largest ${worst.toExponential(2)}): ${report.notReproduced.map((r) => r.key).join(", ") || "none"}`,
      ),
    );
  }
  const readings = measured.flatMap((m) => m.bits);
  const record: ClaimRecord = {
    ...claim,
    scale,
    backend: backend.name,
    status: report.pass ? "reproduced" : "contradicted",
    checks,
    seeds: { total: base.seeds.length, learned: null },
    clipping: { points: readings.length, clipped: 0, decoderFailures: readings.filter((b) => b < DECODER_FAILURE_BITS).length },
    tables: [
      {
        title: `Every entry's shift, largest first (bits; mean over ${base.seeds.length} decoder seeds paired by seed; simultaneous ${(100 * (1 - c.alpha)).toFixed(0)}% CI, Bonferroni over ${c.entries} entries; fails when significant and |shift| > ${c.marginBits}; ${mode} mode)`,
        columns: SHIFT_COLUMNS,
        rows: c.rows.map((r) => shiftCells(r, report.mds)),
      },
      {
        title: `Minimum detectable shift per family (bits; ${Math.round(REGRESSION_POWER * 100)}% power, from the baselines' seed sd, before and after drawn independently)`,
        columns: POWER_COLUMNS,
        rows: report.power.map(powerCells),
      },
    ],
    runs: [],
  };
  context.task.meta.claim = record;
  expect(record.status, claimSummary(record)).toBe("reproduced");
});

/**
 * estimator regression (issues 3 and 23): the estimator still gives the baselined I_u on real
 * checkerboard activation snapshots (fixtures/estimator/*.usnap). Claim, statistic, pass rule and
 * the commands after an intended change: claims/estimator/regression.claim.ts. A scale without
 * baselines returns a skipped record with the command that creates them.
 */
import { join } from "node:path";
import type { ClaimRecord } from "../../claim-interfaces.js";
import { estimatorOrigin } from "../../experiments/cache.js";
import { currentScale } from "../../experiments/scale.js";
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
} from "../../info/checks/regression.js";
import { DECODER_FAILURE_BITS } from "../../interfaces.js";
import { initBackend } from "../../runtime/backend.js";
import { REPO_ROOT } from "../../runtime/files.js";
import { skippedRecord } from "../common.js";
import { check, type EstimatorClaimDef } from "./record.js";

export const REGRESSION: EstimatorClaimDef = {
  id: "estimator-regression",
  title: "estimator regression: no baselined entry's I_u shifted (paired over decoder seeds, Bonferroni, margin 0.02 bit; exactly reproduced on the baselines' backend and code)",
  build: async (): Promise<ClaimRecord> => {
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
      return skippedRecord(claim, { scale, backend: backend.name }, `no ${scale}-scale baselines in fixtures/estimator/${BASELINES_FILE}; create them with: CLAIMS_SCALE=${scale} npm run estimator:rebaseline`);
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
    return {
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
  },
};

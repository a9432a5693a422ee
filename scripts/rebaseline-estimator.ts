/**
 * Re-baselines the estimator regression (fixtures/estimator/baselines.json) after an intended
 * change to the estimator: re-estimates every snapshot x label x family with the decoder seeds
 * REGRESSION_SEEDS (src/info/checks/regression.ts), prints the paired check of the new readings against
 * the old baselines (every shift with its CI, largest first), each entry's mean, seed sd and
 * minimum detectable shift, the minimum detectable shift per family, and writes the file
 * atomically. Only the chosen scale's section is replaced; other scales' baselines are kept.
 * Usage: npx tsx scripts/rebaseline-estimator.ts [--scale ci|paper] [--dir fixtures/estimator]
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../src/runtime/files.js";
import { estimatorOrigin } from "../src/experiments/cache.js";
import {
  BASELINES_FILE,
  baselinesFrom,
  CB_TARGET_SHIFT_BITS,
  comparisonMode,
  detectableShifts,
  emptyBaselineFile,
  fixturesDir,
  formatPower,
  formatReport,
  loadSnapshots,
  measureSnapshots,
  powerByFamily,
  powerItemsOfBaselines,
  readBaselines,
  regressionReport,
  REGRESSION_PROTOCOL,
  REGRESSION_SEEDS,
  snapshotIds,
  writeBaselines,
} from "../src/info/checks/regression.js";
import { initBackend } from "../src/runtime/backend.js";
import { parseScale, runScript, UsageError } from "./lib/cli.js";

await runScript(
  {
    usage: "npx tsx scripts/rebaseline-estimator.ts [--scale ci|paper] [--dir fixtures/estimator]",
    options: { scale: { type: "string" }, dir: { type: "string" } },
  },
  async ({ values }) => {
    const scale = parseScale(values.scale, "ci");
    const dir = values.dir ?? fixturesDir(REPO_ROOT);
    if (!existsSync(dir)) throw new UsageError(`--dir ${dir}: no such folder`);
    const path = join(dir, BASELINES_FILE);
    const backend = await initBackend();
    const snaps = loadSnapshots(dir);
    console.log(`backend ${backend.name}; scale ${scale}; ${snaps.length} snapshots; decoder seeds ${REGRESSION_SEEDS.join(",")}`);
    const t0 = Date.now();
    const ms = await measureSnapshots(snaps, scale, { seeds: REGRESSION_SEEDS });
    const { seeds, entries } = baselinesFrom(ms);
    console.log(`measured ${entries.length} entries x ${seeds.length} seeds in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const file = existsSync(path) ? readBaselines(path) : emptyBaselineFile();
    const old = file.scales[scale];
    if (old) {
      const mode = comparisonMode(old, estimatorOrigin(backend));
      const report = regressionReport(old.entries, entries, mode);
      console.log(`\nold -> new (${scale}; old baselines: ${old.backend}/${old.decoderImplementation}/estimator ${old.estimatorVersion}, seeds ${old.seeds.join(",")}):\n${formatReport(report)}`);
      const gone = old.entries.filter((e) => !entries.some((n) => n.key === e.key)).map((e) => e.key);
      const added = entries.filter((n) => !old.entries.some((e) => e.key === n.key)).map((e) => e.key);
      if (gone.length) console.log(`removed entries: ${gone.join(", ")}`);
      if (added.length) console.log(`new entries: ${added.join(", ")}`);
    } else {
      console.log(`no previous ${scale} baselines: all ${entries.length} entries are new`);
    }

    const items = powerItemsOfBaselines(entries);
    const mds = detectableShifts(items, entries.length);
    console.log(`\nnew baselines (${scale}): mean, seed sd, minimum detectable shift, bits`);
    for (const e of entries) {
      const m = e.bits.reduce((a, b) => a + b, 0) / e.bits.length;
      const it = items.find((x) => x.key === e.key)!;
      console.log(`  ${e.key.padEnd(42)} ${m.toFixed(4)}  sd ${it.sdBits.toFixed(4)}  MDS ${mds.get(e.key)!.toFixed(4)}`);
    }
    const power = powerByFamily(items, mds, entries.length);
    console.log(formatPower(power));
    const cb = power.find((p) => p.family === "cb");
    if (cb && cb.largestBits > CB_TARGET_SHIFT_BITS) console.log(`WARNING: a CB entry's minimum detectable shift ${cb.largestBits.toFixed(4)} bit exceeds ${CB_TARGET_SHIFT_BITS} bit (${cb.largestKey}): more seeds needed (REGRESSION_SEEDS)`);

    file.rule = emptyBaselineFile().rule;
    file.scales[scale] = { protocol: REGRESSION_PROTOCOL[scale], ...estimatorOrigin(backend), seeds, snapshots: snapshotIds(snaps), entries };
    writeBaselines(path, file);
    console.log(`wrote ${path} (${((Date.now() - t0) / 1000).toFixed(1)} s in all)`);
  },
);

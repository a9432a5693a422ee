/**
 * Re-baselines the estimator regression (fixtures/estimator/baselines.json) after an intended
 * change to the estimator: re-estimates every snapshot x label x family with the decoder seeds
 * REGRESSION_SPREAD_SEEDS, sets baseline = I_u at the reference seed and tolerance =
 * max(floor, K * sd) (src/info/regression.ts), writes the file atomically, and prints every entry
 * that moved by more than its old tolerance (and the full old -> new table).
 * Usage: npx tsx scripts/rebaseline-estimator.ts [--scale ci|paper] [--dir fixtures/estimator]
 * Only the chosen scale's section is replaced; other scales' baselines are kept.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../src/runtime/files.js";
import { estimatorOrigin } from "../src/experiments/cache.js";
import { currentScale } from "../src/experiments/scale.js";
import {
  BASELINES_FILE,
  baselinesFrom,
  compareToBaselines,
  comparisonMode,
  emptyBaselineFile,
  fixturesDir,
  formatComparison,
  loadSnapshots,
  measureSnapshots,
  readBaselines,
  REGRESSION_PROTOCOL,
  REGRESSION_SPREAD_SEEDS,
  writeBaselines,
} from "../src/info/regression.js";
import { initBackend } from "../src/runtime/backend.js";

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}

const scale = currentScale(arg("scale", process.env.CLAIMS_SCALE ?? "ci"));
const dir = arg("dir", fixturesDir(REPO_ROOT));
const path = join(dir, BASELINES_FILE);
const backend = await initBackend();
const snaps = loadSnapshots(dir);
console.log(`backend ${backend.name}; scale ${scale}; ${snaps.length} snapshots; decoder seeds ${REGRESSION_SPREAD_SEEDS.join(",")}`);
const t0 = Date.now();
const ms = await measureSnapshots(snaps, scale, { seeds: REGRESSION_SPREAD_SEEDS });
const entries = baselinesFrom(ms);
console.log(`measured ${entries.length} entries in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

// Baselines of an older format are replaced (their entries lack what the comparison needs).
const file = existsSync(path) && JSON.parse(readFileSync(path, "utf8")).version === 2 ? readBaselines(path) : emptyBaselineFile();
const old = file.scales[scale];
if (old) {
  const rows = compareToBaselines(old.entries, ms, comparisonMode(old, estimatorOrigin(backend)));
  const moved = rows.filter((r) => !r.pass);
  console.log(`\nold -> new (${scale}):\n${formatComparison(rows)}`);
  console.log(moved.length === 0 ? "\nnothing moved beyond its old tolerance" : `\n${moved.length} entr${moved.length === 1 ? "y" : "ies"} moved beyond the old tolerance:\n${moved.map((r) => `  ${r.key}: ${r.baselineBits.toFixed(4)} -> ${r.measuredBits.toFixed(4)}`).join("\n")}`);
  const gone = old.entries.filter((e) => !entries.some((n) => n.key === e.key)).map((e) => e.key);
  const added = entries.filter((n) => !old.entries.some((e) => e.key === n.key)).map((e) => e.key);
  if (gone.length) console.log(`removed entries: ${gone.join(", ")}`);
  if (added.length) console.log(`new entries: ${added.join(", ")}`);
} else {
  console.log(`no previous ${scale} baselines: all ${entries.length} entries are new`);
}
for (const e of entries) console.log(`  ${e.key.padEnd(42)} ${e.bits.toFixed(4)}  sd ${e.sdBits.toFixed(4)}  spread tol ${e.toleranceBits.toFixed(4)}${e.degenerate ? "  DEGENERATE" : ""}`);
file.scales[scale] = { protocol: REGRESSION_PROTOCOL[scale], ...estimatorOrigin(backend), entries };
writeBaselines(path, file);
console.log(`wrote ${path}`);

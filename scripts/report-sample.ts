/**
 * Writes the planted per-seed sample under fixtures/report-sample/data: every checkerboard
 * seed-run the claims and negative controls read at ci scale, in the layout of the committed
 * paper data (src/experiments/seed-data.ts), with planted numbers (test/report/sample-data.ts; no
 * training). The report tests regenerate a report from it (test/report/paper.test.ts), as
 * `npm run report:paper` does from reports/paper/data.
 *
 *   npx tsx scripts/report-sample.ts [--out fixtures/report-sample/data]
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { CB_CHECKS, CB_CLAIMS, CB_CONTROLS } from "../src/claims/checkerboard-claims.js";
import { cbSeeds, type CbRunId, type CbRunOptions } from "../src/experiments/cb-config.js";
import type { CbSeedResult } from "../src/experiments/cb-runner.js";
import { writeSeedData } from "../src/experiments/seed-data.js";
import { REPO_ROOT } from "../src/runtime/files.js";
import { plantSeed } from "../test/report/sample-data.js";

const SCALE = "ci" as const;
const outArg = process.argv.indexOf("--out");
const out = outArg >= 0 ? process.argv[outArg + 1] : join(REPO_ROOT, "fixtures", "report-sample", "data");
rmSync(join(out, "checkerboard"), { recursive: true, force: true });
const written = new Set<string>();
// Whatever the claims and controls ask for is planted: the source records each (run, options).
const source = async (run: CbRunId, opts: CbRunOptions): Promise<CbSeedResult[]> => {
  const results = cbSeeds(SCALE, run).map((s) => plantSeed(run, opts, s, SCALE));
  for (const p of writeSeedData(out, results)) written.add(p);
  return results;
};
for (const def of [...CB_CLAIMS, ...CB_CHECKS, ...CB_CONTROLS]) if (def.runsAt(SCALE)) await def.build({ scale: SCALE, backend: "planted", source });
console.log(`wrote ${written.size} seed files under ${out}`);

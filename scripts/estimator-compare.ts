/**
 * Compares two estimator versions with the regression check (src/info/checks/regression.ts): the
 * baselines of commit BASE (`git show BASE:fixtures/estimator/baselines.json`) against either the
 * working tree's estimator, re-estimated now on the working tree's snapshots with BASE's decoder
 * seeds (default), or the baselines of commit HEAD (--head: no training, the two files' readings
 * paired on their common seeds). Prints a Markdown report: every entry's shift with its
 * simultaneous CI, largest first, and the minimum detectable shift per family; --out also writes
 * it to a file. Exit 1 when the check fails (an entry shifted significantly and beyond the margin,
 * or, on BASE's own backend and code version, a reading that did not reproduce).
 *
 * --plant NAME measures a planted change instead of the working tree's estimator (PLANTED_CHANGES:
 * cb-first-hidden-64, offset-0.05), compared in paired mode; the README's numbers for the planted
 * width change come from `--base HEAD --plant cb-first-hidden-64 --families cb`.
 *
 * Usage: npm run estimator:compare -- --base REF [--head REF] [--scale ci|paper]
 *        [--families cb,cifar,linear] [--plant NAME] [--out FILE.md]
 */
import { resolve } from "node:path";
import { REPO_ROOT, writeFileAtomic } from "../src/runtime/files.js";
import { estimatorOrigin } from "../src/experiments/cache.js";
import {
  changedSnapshots,
  comparisonMode,
  fixturesDir,
  formatReport,
  loadSnapshots,
  measureSnapshots,
  PLANTED_CHANGES,
  readBaselinesAtRef,
  REGRESSION_FAMILIES,
  regressionReport,
  snapshotIds,
  type ComparisonMode,
  type Measurement,
  type RegressionFamily,
  type ScaleBaselines,
} from "../src/info/checks/regression.js";
import { initBackend } from "../src/runtime/backend.js";
import { parseChoice, parseScale, runScript, UsageError } from "./lib/cli.js";

const USAGE = "npm run estimator:compare -- --base REF [--head REF] [--scale ci|paper] [--families cb,cifar,linear] [--plant NAME] [--out FILE.md]";

await runScript(
  {
    usage: USAGE,
    options: { base: { type: "string" }, head: { type: "string" }, scale: { type: "string" }, families: { type: "string" }, plant: { type: "string" }, out: { type: "string" } },
  },
  async ({ values }) => {
    if (!values.base) throw new UsageError("--base REF is required (a git commit or ref whose fixtures/estimator/baselines.json is the 'before')");
    const scale = parseScale(values.scale, "ci");
    const families = (values.families ?? REGRESSION_FAMILIES.join(",")).split(",").map((f) => parseChoice("families", f.trim(), REGRESSION_FAMILIES)) as RegressionFamily[];
    const plant = values.plant === undefined ? undefined : PLANTED_CHANGES[parseChoice("plant", values.plant, Object.keys(PLANTED_CHANGES))];
    if (plant && values.head) throw new UsageError("--plant measures a planted change now; it cannot be combined with --head");

    const baseFile = readBaselinesAtRef(values.base, REPO_ROOT);
    const base = baseFile.scales[scale];
    if (!base) throw new Error(`${values.base}: its baselines have no ${scale} scale (has ${Object.keys(baseFile.scales).join(", ") || "none"})`);
    const before = base.entries.filter((e) => families.includes(e.family));
    if (before.length === 0) throw new Error(`${values.base}: no ${scale} entries of families ${families.join(",")}`);

    let after: Measurement[];
    let mode: ComparisonMode;
    let afterWhat: string;
    const t0 = Date.now();
    if (values.head) {
      const headFile = readBaselinesAtRef(values.head, REPO_ROOT);
      const head: ScaleBaselines | undefined = headFile.scales[scale];
      if (!head) throw new Error(`${values.head}: its baselines have no ${scale} scale (has ${Object.keys(headFile.scales).join(", ") || "none"})`);
      const changed = head.snapshots ? changedSnapshots(base, head.snapshots) : [];
      if (changed.length) throw new Error(`snapshot data differ between ${values.base} and ${values.head} (${changed.join(", ")}): their readings are not comparable`);
      after = head.entries;
      mode = comparisonMode(base, head);
      afterWhat = `baselines of ${values.head} (${head.backend}/${head.decoderImplementation}/estimator ${head.estimatorVersion}, seeds ${head.seeds.join(",")})`;
    } else {
      const backend = await initBackend();
      const dir = fixturesDir(REPO_ROOT);
      const snaps = loadSnapshots(dir);
      const changed = changedSnapshots(base, snapshotIds(snaps));
      if (changed.length) throw new Error(`snapshot data in ${dir} differ from those of ${values.base}'s baselines (${changed.join(", ")}): not comparable`);
      const origin = estimatorOrigin(backend);
      console.error(`measuring ${before.length} entries x ${base.seeds.length} decoder seeds (${scale} protocol, ${origin.backend}/${origin.decoderImplementation}/estimator ${origin.estimatorVersion})${plant ? `, planted: ${plant.description}` : ""} ...`);
      after = await measureSnapshots(snaps, scale, { seeds: base.seeds, families, override: plant?.override });
      if (plant?.readings) after = after.map(plant.readings);
      // A planted change is not the baselines' estimator even on their code version.
      mode = plant ? "paired" : comparisonMode(base, origin);
      afterWhat = `${plant ? `planted change (${plant.description}) on ` : ""}the working tree's estimator (${origin.backend}/${origin.decoderImplementation}/estimator ${origin.estimatorVersion}), measured now in ${((Date.now() - t0) / 1000).toFixed(0)} s`;
    }

    const report = regressionReport(before, after, mode);
    const md = [
      `# Estimator regression: ${values.base} -> ${values.head ?? (plant ? `planted ${values.plant}` : "working tree")} (${scale})`,
      "",
      `- before: baselines of ${values.base} (${base.backend}/${base.decoderImplementation}/estimator ${base.estimatorVersion}, seeds ${base.seeds.join(",")})`,
      `- after: ${afterWhat}`,
      `- ${mode} mode; families ${families.join(", ")}; verdict: ${report.pass ? "PASS" : "FAIL"}`,
      "",
      formatReport(report, "markdown"),
    ].join("\n");
    console.log(md);
    if (values.out) {
      const out = resolve(values.out);
      writeFileAtomic(out, md);
      console.error(`wrote ${out}`);
    }
    if (!report.pass) process.exit(1);
  },
);

/**
 * Regenerate the committed paper report from the committed per-seed data; the only command that
 * writes reports/paper/claims.{json,md,html} and reports/paper/figures (src/report/paper.ts).
 *
 *   npm run report:paper [-- --data reports/paper/data] [--out reports/paper] [--scale paper]
 *                        [--include-run reports/paper/runs/<timestamp>] ... [--only fig2a,fig6]
 *
 * --include-run takes the measured CIFAR records of a paper-scale vitest run (e.g. the nightly's)
 * into the page, with that run as their provenance. --only regenerates the named claims (or
 * control groups) and carries the others over from the earlier report. Exits 1, writing nothing, when the store is
 * empty or the report does not validate against reports/schema/claims-report.v1.json.
 */
import { join, resolve } from "node:path";
import type { Scale } from "../src/interfaces.js";
import { writePaperReport } from "../src/report/paper.js";
import { countsLine, terminalTable } from "../src/report/summary.js";
import { repoRelative } from "../src/report/write.js";
import { REPO_ROOT } from "../src/runtime/files.js";

function parse(argv: string[]): { data: string; out: string; scale: Scale; includeRuns: string[]; only: string[] | undefined } {
  const a = { data: join(REPO_ROOT, "reports", "paper", "data"), out: join(REPO_ROOT, "reports", "paper"), scale: "paper" as Scale, includeRuns: [] as string[], only: undefined as string[] | undefined };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1];
    const need = () => {
      if (v === undefined || v.startsWith("--")) throw new Error(`${argv[i]} needs a value`);
      i++;
      return v;
    };
    switch (argv[i]) {
      case "--data": a.data = resolve(need()); break;
      case "--out": a.out = resolve(need()); break;
      case "--scale": {
        const s = need();
        if (s !== "paper" && s !== "ci") throw new Error(`--scale must be paper or ci, got ${JSON.stringify(s)}`);
        a.scale = s;
        break;
      }
      case "--include-run": a.includeRuns.push(resolve(need())); break;
      case "--only": a.only = need().split(","); break;
      case "--help":
      case "-h":
        console.log("usage: npm run report:paper -- [--data DIR] [--out DIR] [--scale paper|ci] [--include-run RUN_DIR]... [--only fig2a,fig6]");
        process.exit(0);
        break;
      default: throw new Error(`unknown argument ${JSON.stringify(argv[i])} (see --help)`);
    }
  }
  return a;
}

try {
  const a = parse(process.argv.slice(2));
  const { report } = await writePaperReport({ dataRoot: a.data, outDir: a.out, scale: a.scale, includeRuns: a.includeRuns, only: a.only, command: `npm run report:paper -- ${process.argv.slice(2).join(" ")}`.trim() });
  console.log(terminalTable(report.summary));
  console.log(`claims report: ${repoRelative(a.out)}/claims.html (also claims.md, claims.json, figures/)`);
  console.log(`claims: ${countsLine(report.summary)}`);
} catch (err) {
  console.error(`report:paper failed: ${(err as Error).message}`);
  process.exit(1);
}

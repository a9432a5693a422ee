/**
 * Compare tonight's report with the previous night's (src/report/diff.ts) and say whether anything
 * changed: exit 0 when nothing did, 1 when something did (a verdict, a rule outcome, a number
 * beyond its CI, a claim appearing, disappearing or newly skipped, an estimator regression, a
 * partial report), 2 when a report cannot be read.
 *
 *   npm run report:diff -- --previous DIR_OR_JSON --current DIR_OR_JSON [--also DIR_OR_JSON]...
 *                          [--markdown FILE]
 *
 * A missing --previous file means "no previous night" (noted, not a change). --also adds reports
 * checked only for estimator regressions (the nightly's ci-scale estimator run). --markdown
 * appends the changes and tonight's summary table to FILE (e.g. "$GITHUB_STEP_SUMMARY").
 */
import { appendFileSync, existsSync } from "node:fs";
import { resolve } from "node:path";
import { diffMarkdown, diffReports, estimatorRegressions } from "../src/report/diff.js";
import { readReport, repoRelative } from "../src/report/write.js";

function parse(argv: string[]): { previous?: string; current?: string; also: string[]; markdown?: string } {
  const a: { previous?: string; current?: string; also: string[]; markdown?: string } = { also: [] };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--")) throw new Error(`${argv[i]} needs a value`);
    switch (argv[i]) {
      case "--previous": a.previous = resolve(v); break;
      case "--current": a.current = resolve(v); break;
      case "--also": a.also.push(resolve(v)); break;
      case "--markdown": a.markdown = v; break;
      default: throw new Error(`unknown argument ${JSON.stringify(argv[i])}`);
    }
    i++;
  }
  return a;
}

try {
  const a = parse(process.argv.slice(2));
  if (!a.current) throw new Error("--current is required");
  const current = readReport(a.current, true);
  if (!current) throw new Error(`no report at ${a.current} (tonight's run wrote none: it failed before its first claim)`);
  const previous = a.previous && existsSync(a.previous) ? readReport(a.previous, true) : null;
  const d = diffReports(previous, current);
  for (const extra of a.also) {
    const r = readReport(extra, true);
    if (!r) throw new Error(`no report at ${extra}`);
    d.changes.push(...estimatorRegressions(r));
  }
  const label = previous ? `${previous.generated} (${a.previous ? repoRelative(a.previous) : ""})` : "the previous night (none)";
  const text = diffMarkdown(d, current, label);
  if (a.markdown) appendFileSync(a.markdown, text);
  console.log(text);
  process.exit(d.changes.length ? 1 : 0);
} catch (err) {
  console.error(`report:diff failed: ${(err as Error).message}`);
  process.exit(2);
}

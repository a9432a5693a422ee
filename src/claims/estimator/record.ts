/**
 * The records of the estimator claims: the check of a property (deterministic, so reproduced or
 * contradicted, never inconclusive), the per-case table, the ClaimRecord every claim returns, the
 * check that judges a claim's failing parts against the known-failure table, and the shape of a
 * claim's definition (EstimatorClaimDef).
 */
import type { ClaimCheck, ClaimRecord, ReportTable } from "../../claim-interfaces.js";
import { currentScale } from "../../experiments/scale.js";
import { initBackend } from "../../runtime/backend.js";
import type { CaseRow, PropertyOutcome } from "./harness.js";

/** Four decimals, for tables and messages (a non-finite value as it is). */
export const f4 = (x: number): string => (Number.isFinite(x) ? x.toFixed(4) : String(x));

/** Per-case table: channel, N, true I, I_u, SE, gap = I - I_u (bits). */
export function caseTable(title: string, rows: CaseRow[], extra?: { column: string; value: (r: CaseRow) => string }): ReportTable {
  return {
    title,
    columns: ["family", "channel", "N train/test", "true I (bits)", "I_u (bits)", "SE (bits)", "gap I - I_u (bits)", ...(extra ? [extra.column] : [])],
    rows: rows.map((r) => [r.family, r.channel, `${r.nTrain}/${r.nTest}`, f4(r.trueBits), f4(r.iuBits), f4(r.seBits), f4(r.trueBits - r.iuBits), ...(extra ? [extra.value(r)] : [])]),
  };
}

/**
 * A check of an estimator property: deterministic (seeded fast-check runs), so it is reproduced
 * when the property held on every generated case and contradicted when a case broke it. The rule
 * id is the check's name in kebab case; `statistic <= threshold` is the property's worst case.
 */
export function check(name: string, pass: boolean, statistic: number, threshold: number, message: string, comparison: ClaimCheck["comparison"] = "<="): ClaimCheck {
  const rule = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  return { rule, name, outcome: pass ? "reproduced" : "contradicted", pass, statistic, ci: null, comparison, threshold, message: `${pass ? "REPRODUCED" : "CONTRADICTED"} ${name}: ${message}` };
}

/** A check from a property outcome plus its worst-case statistic. */
export function propertyCheck(name: string, out: PropertyOutcome, statistic: number, threshold: number, rule: string): ClaimCheck {
  const head = `${rule}; worst case ${f4(statistic)} vs ${threshold} over ${out.runs} of ${out.requested} fast-check run(s)`;
  return check(name, out.pass, statistic, threshold, out.report ? `${head}\n${out.report}` : head);
}

/**
 * The record of an estimator claim ("estimator-<id>", App. A.1): reproduced when it has checks and
 * every one passes, else contradicted; `rows` are the estimated cases (points and decoder failures).
 */
export async function estimatorRecord(args: { id: string; statement: string; checks: ClaimCheck[]; tables: ReportTable[]; rows: CaseRow[]; runs: number }): Promise<ClaimRecord> {
  const backend = await initBackend();
  return {
    id: `estimator-${args.id}`,
    paper: "App. A.1",
    statement: args.statement,
    scale: currentScale(),
    backend: backend.name,
    status: args.checks.length > 0 && args.checks.every((c) => c.pass) ? "reproduced" : "contradicted",
    checks: args.checks,
    seeds: { total: args.runs, learned: null },
    clipping: { points: args.rows.length, clipped: 0, decoderFailures: args.rows.filter((r) => r.decoderFailure).length },
    tables: args.tables,
    runs: [],
  };
}

/**
 * An estimator claim as data (issue 20: one claim registry): its record id, the title of its test
 * (the mutant battery names killer tests by it) and how its record is built. Importing a claim
 * module runs nothing; the spec file under claims/estimator registers the claim by name.
 */
export interface EstimatorClaimDef {
  /** ClaimRecord.id: "estimator-<name>". */
  id: string;
  /** The vitest title of its test. */
  title: string;
  /**
   * Runs the claim and returns its record: status "skipped" with the reason when it cannot run
   * here. A claim with declared known failures in parts of it judges every part against them in a
   * check of rule AS_DECLARED_RULE; its test then requires that check's problems to be none.
   */
  build: () => Promise<ClaimRecord>;
}

/** Rule of the check that judges a claim's parts against its declared known failures; its `values.problems` lists every mismatch. */
export const AS_DECLARED_RULE = "failures-as-declared";

/** The check of rule AS_DECLARED_RULE: holds when `problems` (every mismatch with the declared known failures) is empty. */
export function asDeclaredCheck(problems: readonly string[]): ClaimCheck {
  const c = check(
    "failures as declared",
    problems.length === 0,
    problems.length,
    0,
    problems.length ? `${problems.length} mismatch(es) with the declared known failures:\n  ${problems.join("\n  ")}` : "every failing part is declared, and every declared one still fails within its declared size",
  );
  return { ...c, rule: AS_DECLARED_RULE, values: { problems: [...problems] } };
}

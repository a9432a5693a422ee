/**
 * estimator null (PROTOCOL.md section 3; paper App. A.1): independent Z and Y read about 0.
 * Claim, statistic, draws, seeds and pass rule: claims/estimator/null.claim.ts. Its declared
 * known failures are the null-family entries of src/claims/known-failures.ts, judged per case
 * (judgeCase) and per declaration (its witnesses must still break 0.02 bit) in the record's checks.
 */
import type { ClaimCheck, ClaimRecord } from "../../claim-interfaces.js";
import { currentScale } from "../../experiments/scale.js";
import { NULL_MAX_ABS_BITS, NULL_N } from "../estimator-protocol.js";
import { knownFailuresOf } from "../known-failures.js";
import { declaredFailureCheck, declaredFailureNote, declaredFailureTable, judgeCase } from "./declared-failures.js";
import { checkProperty, estimateCases, families, requireNone, SETTINGS, splitRows, type CaseRow, type Family } from "./harness.js";
import { caseLabel, labelsOnlyBits, mlOverfitBits, nullCases, nullChannel, nullKnownFailures, nullRows, nullRunArb, type NullCase } from "./null-draws.js";
import { caseTable, check, estimatorRecord, f4, type EstimatorClaimDef } from "./record.js";

const NULL_SEED = 50;

/** What the labels alone read, per case, memoised (the same case is judged for every family). */
function labelsOnlyMemo(): (c: NullCase) => number {
  const memo = new Map<string, number>();
  return (c) => {
    const key = JSON.stringify(c);
    let v = memo.get(key);
    if (v === undefined) memo.set(key, (v = labelsOnlyBits(nullRows(c))));
    return v;
  };
}

async function estimateNull(cases: NullCase[], fam: Family): Promise<CaseRow[]> {
  const { nTrain, nTest } = splitRows(NULL_N);
  return estimateCases(
    cases.map((c, i) => ({ id: `c${i}`, channel: nullChannel(c), nTrain, nTest, dataSeed: c.dataSeed, decoderSeed: c.decoderSeed, exactEntropy: false, note: caseLabel(c) })),
    fam,
  );
}

export const NULL: EstimatorClaimDef = {
  id: "estimator-null",
  title: "estimator null: |I_u| <= 0.02 bit for independent Z and Y at N = 5000, every family (declared finite-sample failures pinned)",
  build: async (): Promise<ClaimRecord> => {
    const scale = currentScale();
    const s = SETTINGS[scale];
    const rows: CaseRow[] = [];
    const detail: (string | number)[][] = [];
    const checks: ClaimCheck[] = [];
    const seen = new Set<string>();
    const labelsOnly = labelsOnlyMemo();
    const declared = nullKnownFailures(knownFailuresOf("null-family", scale), labelsOnly);
    let total = 0;
    for (const fam of families()) {
      let worstRegistered = 0;
      // Largest |I_u| - allowed, allowed = 0.02 bit or the covering declaration's limit.
      let worstOverAllowed = -Infinity;
      let broken = 0;
      let known = 0;
      const out = await checkProperty(
        nullRunArb,
        async (r) => {
          const cases = nullCases(r);
          const got = await estimateNull(cases, fam);
          rows.push(...got);
          const bad: string[] = [];
          got.forEach((g, i) => {
            const c = cases[i];
            const stat = Math.abs(g.iuBits);
            const j = judgeCase({ c, above: g.iuBits > 0 }, fam.name, stat, NULL_MAX_ABS_BITS, declared);
            worstRegistered = Math.max(worstRegistered, stat);
            worstOverAllowed = Math.max(worstOverAllowed, stat - (j.limit ?? NULL_MAX_ABS_BITS));
            if (j.verdict === "known") (known++, seen.add(j.entry!));
            if (j.verdict !== "holds") broken++;
            detail.push([fam.name, caseLabel(c), f4(labelsOnly(c)), f4(mlOverfitBits(c)), f4(g.iuBits), j.limit === null ? "–" : f4(j.limit), j.verdict]);
            if (j.verdict === "breaks") bad.push(`${caseLabel(c)}: |I_u| = ${f4(stat)} > ${NULL_MAX_ABS_BITS}${j.limit !== null ? ` and beyond the declared limit ${f4(j.limit)} (${j.entry})` : " (no declared failure covers it)"}`);
          });
          requireNone(bad, `${fam.name} decoder: |I_u| on independent data beyond the registered bound and the declared failures`);
        },
        { seed: NULL_SEED, numRuns: s.runs.null, timeLimitMs: s.timeLimitMs },
      );
      total += out.runs;
      checks.push(
        check(
          `${fam.name}: |I_u| - allowed <= 0 (allowed: 0.02 bit, or a declared failure's limit)`,
          out.pass,
          worstOverAllowed,
          0,
          `${fam.name} decoder (${fam.cfg.epochs} epochs), N = ${NULL_N}: ${out.runs} of ${out.requested} fast-check runs; largest |I_u| ${f4(worstRegistered)} bit; ` +
            `${broken} case(s) break the registered 0.02 bit, ${known} of them within the declared limit; largest |I_u| - allowed ${f4(worstOverAllowed)}` +
            (out.report ? `\n${out.report}` : ""),
        ),
      );
      for (const d of declared.filter((x) => x.family === fam.name)) {
        const witnesses = d.witnesses.map((w) => w.c);
        const got = await estimateNull(witnesses, fam);
        got.forEach((g, i) => detail.push([fam.name, `witness of ${d.id}: ${caseLabel(witnesses[i])}`, f4(labelsOnly(witnesses[i])), f4(mlOverfitBits(witnesses[i])), f4(g.iuBits), f4(d.limit(d.witnesses[i])), g.iuBits < -NULL_MAX_ABS_BITS ? "breaks 0.02 (as declared)" : "holds"]));
        // A witness reads below 0 by construction; one that reads above 0 counts as holding for the declaration (its statistic is clipped to 0).
        checks.push(declaredFailureCheck(d, got.map((g) => Math.max(0, -g.iuBits)), NULL_MAX_ABS_BITS, (w) => caseLabel(w.c)));
        seen.add(d.id);
      }
    }
    const record = await estimatorRecord({
      id: "null",
      statement:
        "Independent Z and Y give |I_u| <= 0.02 bit at N = 5000 for every decoder family, over label skews up to 20:1 and widths up to 10; " +
        "declared known failures: the plug-in H(Y) under label skew (every family) and overfitting of the linear and CIFAR decoders (P / (2 n_train))",
      checks,
      tables: [
        {
          title: "Independent Z and Y (true I = 0): I_u against what the labels alone read (r0) and the linear ML overfitting cost P / (2 n_train), bits",
          columns: ["family", "case", "r0 (labels alone)", "P / (2 n_train)", "I_u", "declared limit on |I_u| (on I_u's side)", "verdict"],
          rows: detail,
        },
        declaredFailureTable(declared),
        caseTable("Independent Z and Y: every estimate", rows, { column: "case", value: (r) => r.note ?? "" }),
      ],
      rows,
      runs: total,
    });
    const note = declaredFailureNote(declared, seen);
    return note ? { ...record, knownFailure: note } : record;
  },
};

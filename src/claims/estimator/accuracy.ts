/**
 * estimator accuracy table (issue 9 item 5; after scikit-learn's estimator checks: a property is tested against data whose answer is known): every decoder family reads
 * every known-MI channel of a fixed list within the tolerance of its kind (src/info/checks/accuracy.ts).
 * Claim and pass rule: claims/estimator/accuracy.claim.ts. Failing rows are the accuracy-row
 * entries of src/claims/known-failures.ts: a declared row must still fail (so a fix is noticed)
 * and any other failing row fails the claim.
 */
import type { ClaimRecord } from "../../claim-interfaces.js";
import { currentScale } from "../../experiments/scale.js";
import { accuracyFamilies, accuracyTable, ACCURACY_TOLERANCE_BITS, type AccuracyRow } from "../../info/checks/accuracy.js";
import { knownFailuresOf, scopeProblems } from "../known-failures.js";
import { check, estimatorRecord, f4, type EstimatorClaimDef } from "./record.js";

export const ACCURACY: EstimatorClaimDef = {
  id: "estimator-accuracy",
  title: "estimator accuracy table: every family within its named tolerance on every known-MI channel (declared failures pinned)",
  build: async (): Promise<ClaimRecord> => {
    const known = knownFailuresOf("accuracy-row", currentScale());
    const rows: AccuracyRow[] = [];
    for (const f of accuracyFamilies()) rows.push(...(await accuracyTable(f.name, f.cfg, known)));
    const { unexpected, fixed, unmatched: missing } = scopeProblems(rows, known, { result: (r) => `${r.family} on ${r.channel}`, entry: (k) => `${k.family} on ${k.channel}` }, (r) => r.holds);
    const checks = [
      check(
        "every row within tolerance or a pinned known failure",
        unexpected.length === 0 && fixed.length === 0 && missing.length === 0,
        unexpected.length + fixed.length + missing.length,
        0,
        `${rows.length} rows, ${rows.filter((r) => r.knownFailure).length} pinned known failures; ` +
          (unexpected.length ? `unexpected failures: ${unexpected.map((r) => `${r.family} on ${r.channel}: I_u ${f4(r.iuBits)} of ${f4(r.trueBits)}`).join("; ")}; ` : "") +
          (fixed.length ? `pinned failures that now hold (remove the entry): ${fixed.map((r) => `${r.family} on ${r.channel}`).join("; ")}; ` : "") +
          (missing.length ? `pinned entries with no row: ${missing.map((k) => `${k.family} on ${k.channel}`).join("; ")}` : ""),
      ),
    ];
    return estimatorRecord({
      id: "accuracy",
      statement: `Every decoder family reads every known-MI channel within its named tolerance (codes ${ACCURACY_TOLERANCE_BITS.code} bit, smooth channels ${ACCURACY_TOLERANCE_BITS.smooth} bit, independence |I_u| <= ${ACCURACY_TOLERANCE_BITS.independence}) and never above I + 3 SE, at 1250 / 3750 rows`,
      checks,
      tables: [
        {
          title: "Accuracy table: family x channel (bits)",
          columns: ["family", "channel", "true I", "I_u", "SE", "I - I_u", "tolerance", "decoder test acc", "max grad norm", "holds", "known failure (measured explanation)"],
          rows: rows.map((r) => [r.family, r.channel, f4(r.trueBits), f4(r.iuBits), f4(r.seBits), f4(r.gapBits), r.toleranceBits, f4(r.testAccuracy), r.maxGradNorm.toFixed(1), r.holds ? "yes" : "NO", r.knownFailure ?? ""]),
        },
      ],
      rows: rows.map((r) => ({ family: r.family, channel: r.channel, nTrain: 1250, nTest: 3750, trueBits: r.trueBits, miErrorBits: 0, iuBits: r.iuBits, seBits: r.seBits, hYBits: 0, testCeNats: 0, decoderFailure: r.iuBits < -0.05 })),
      runs: 1,
    });
  },
};

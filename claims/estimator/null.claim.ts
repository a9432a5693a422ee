/**
 * estimator null (PROTOCOL.md section 3; paper App. A.1). Claim: independent Z and Y give ~0.
 * Statistic: |I_u| (bits) for Z ~ N(0, I_dim) independent of Y, Y with a random, mildly skewed
 * label distribution (largest / smallest P(y) <= 3) on k in 2..5, width 1..10 with (dim + 1)(k - 1) <= 20,
 * N = 5000 rows (1250 decoder-train, 3750 test: the CB protocol) at every scale. H(Y) is the
 * estimator's default, the plug-in entropy of the sample.
 * Why the regime: (1) a maximum-likelihood decoder with P free parameters loses ~P / (2 n_train)
 * nats on test data; the linear decoder has P = (dim + 1)(k - 1), so P <= 20 keeps this <= 0.012
 * bit at 1250 rows (at k = 5, dim = 10 it is ~0.025 bit: the 0.02 bound would measure the
 * parameter count, not the estimator). (2) With strongly skewed labels the plug-in H(Y) of train
 * and test rows differs from the test rows' own label entropy to first order in the train/test
 * frequency difference (observed |I_u| ~0.02-0.03 bit at P(y) ~ 0.9 for every family), so the
 * skew is bounded; see the suite's report (open problems). Decoders at the claims' own protocol (CB 30 epochs at ci, 100 at paper scale), since
 * overfitting, the way a decoder leaves 0, grows with epochs.
 * Seeds: fast-check seed NULL_SEED. Pass: |I_u| <= 0.02 bit on every case, every family.
 */
import fc from "fast-check";
import { expect, test } from "vitest";
import { claimSummary } from "../../src/claims/spec.js";
import { currentScale } from "../../src/experiments/scale.js";
import { independence } from "../../src/info/channels/index.js";
import { caseTable, checkProperty, estimateCases, estimatorRecord, families, labelProbsArb, propertyCheck, requireNone, SETTINGS, splitRows, f4, type CaseRow } from "./shared.js";
import { NULL_MAX_ABS_BITS, NULL_N } from "../../src/claims/estimator-protocol.js";

const NULL_SEED = 50;
const CHANNELS_PER_RUN = 3;

/** Decoder parameters (dim + 1)(k - 1) of the linear decoder allowed in the draws (see above). */
export const NULL_MAX_LINEAR_PARAMS = 20;
/** Mildly skewed labels: weights in [1, 3] normalised, so largest / smallest P(y) <= 3. */
const mildProbsArb = (k: number): fc.Arbitrary<number[]> =>
  labelProbsArb(k).map((p) => {
    const w = p.map((x) => 1 + 2 * x);
    const s = w.reduce((a, b) => a + b, 0);
    const q = w.map((x) => Math.round((x / s) * 1e4) / 1e4);
    q[k - 1] = Math.round((1 - q.slice(0, k - 1).reduce((a, b) => a + b, 0)) * 1e4) / 1e4;
    return q;
  });

const runArb = fc
  .record({ k: fc.integer({ min: 2, max: 5 }), dim: fc.integer({ min: 1, max: 10 }), dataSeed: fc.integer({ min: 1, max: 1_000_000 }) })
  .filter((r) => (r.dim + 1) * (r.k - 1) <= NULL_MAX_LINEAR_PARAMS)
  .chain((r) => fc.record({ dim: fc.constant(r.dim), dataSeed: fc.constant(r.dataSeed), probs: fc.array(mildProbsArb(r.k), { minLength: CHANNELS_PER_RUN, maxLength: CHANNELS_PER_RUN }) }));

test("estimator null: |I_u| <= 0.02 bit for independent Z and Y at N = 5000", async ({ task }) => {
  const scale = currentScale();
  const s = SETTINGS[scale];
  const rows: CaseRow[] = [];
  const checks = [];
  let total = 0;
  const { nTrain, nTest } = splitRows(NULL_N);
  for (const fam of families(scale, true)) {
    let worst = 0;
    const out = await checkProperty(
      runArb,
      async (r) => {
        const got = await estimateCases(
          r.probs.map((labelProbs, i) => ({ id: `c${i}`, channel: independence({ labelProbs, dim: r.dim }), nTrain, nTest, dataSeed: r.dataSeed + i, decoderSeed: 1 + i, exactEntropy: false })),
          fam,
        );
        rows.push(...got);
        const bad: string[] = [];
        for (const g of got) {
          worst = Math.max(worst, Math.abs(g.iuBits));
          if (Math.abs(g.iuBits) > NULL_MAX_ABS_BITS) bad.push(`${g.channel}: |I_u| = ${f4(Math.abs(g.iuBits))} > ${NULL_MAX_ABS_BITS}`);
        }
        requireNone(bad, `${fam.name} decoder finds information in independent data`);
      },
      { seed: NULL_SEED, numRuns: s.runs.null, timeLimitMs: s.timeLimitMs },
    );
    total += out.runs;
    checks.push(propertyCheck(`${fam.name}: max |I_u| <= 0.02 bit`, out, worst, NULL_MAX_ABS_BITS, `${fam.name} decoder (${fam.cfg.epochs} epochs), N = ${NULL_N}: |I_u|, bits`));
  }
  const record = await estimatorRecord({
    id: "null",
    statement: "Independent Z and Y give |I_u| <= 0.02 bit at N = 5000 for every decoder family",
    checks,
    tables: [caseTable("Independent Z and Y (true I = 0)", rows)],
    rows,
    runs: total,
  });
  task.meta.claim = record;
  expect(record.status, claimSummary(record)).toBe("reproduced");
});

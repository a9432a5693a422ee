/**
 * estimator tight (PROTOCOL.md section 3; paper App. A.1): with a decoder family that contains the
 * Bayes posterior and enough data, I_u approaches I. Claim, statistic, seeds and pass rule:
 * claims/estimator/tight.claim.ts.
 */
import fc from "fast-check";
import { currentScale } from "../../experiments/scale.js";
import { TIGHT_MAX_GAP_BITS, TIGHT_N } from "../estimator-protocol.js";
import { buildChannel, checkProperty, estimateCases, family, num, requireNone, SETTINGS, splitRows, type CaseRow, type ChannelSpec } from "./harness.js";
import { caseTable, estimatorRecord, f4, propertyCheck, type EstimatorClaimDef } from "./record.js";

const TIGHT_SEED = 20;
/** SNRs per run: same (k, width), so one batched bank. */
const CHANNELS_PER_RUN = 3;

const runArb = fc
  .record({ antipodal: fc.boolean(), k: fc.integer({ min: 2, max: 8 }), extra: fc.integer({ min: 0, max: 3 }), dataSeed: fc.integer({ min: 1, max: 1_000_000 }) })
  .chain((r) =>
    fc.record({
      dataSeed: fc.constant(r.dataSeed),
      specs: fc.array(
        fc.record({ snr: num(0.3, 4), sigma: num(0.5, 2) }).map(({ snr, sigma }): ChannelSpec =>
          r.antipodal ? { kind: "antipodal", snr, sigma } : { kind: "one-hot", k: r.k, snr, sigma, dim: r.k + r.extra },
        ),
        { minLength: CHANNELS_PER_RUN, maxLength: CHANNELS_PER_RUN },
      ),
    }),
  );

export const TIGHT: EstimatorClaimDef = {
  id: "estimator-tight",
  title: "estimator tight: linear decoder within 0.05 bit of I on Gaussian channels at N = 20000",
  build: async () => {
    const scale = currentScale();
    const s = SETTINGS[scale];
    const linear = family("linear");
    const rows: CaseRow[] = [];
    let worst = -Infinity;
    const { nTrain, nTest } = splitRows(TIGHT_N);
    const out = await checkProperty(
      runArb,
      async (r) => {
        const got = await estimateCases(
          r.specs.map((spec, i) => ({ id: `c${i}`, channel: buildChannel(spec), nTrain, nTest, dataSeed: r.dataSeed + i, decoderSeed: 1 + i })),
          linear,
        );
        rows.push(...got);
        const bad: string[] = [];
        for (const g of got) {
          const gap = g.trueBits - g.iuBits;
          worst = Math.max(worst, gap);
          if (gap > TIGHT_MAX_GAP_BITS) bad.push(`${g.channel}: I ${f4(g.trueBits)} - I_u ${f4(g.iuBits)} = ${f4(gap)} > ${TIGHT_MAX_GAP_BITS}`);
        }
        requireNone(bad, "linear decoder not tight");
      },
      { seed: TIGHT_SEED, numRuns: s.runs.tight, timeLimitMs: s.timeLimitMs },
    );
    return estimatorRecord({
      id: "tight",
      statement: "With the linear-softmax decoder (contains the Bayes posterior) on Gaussian channels at N = 20000, I - I_u <= 0.05 bit",
      checks: [propertyCheck("max(I - I_u) <= 0.05 bit", out, worst, TIGHT_MAX_GAP_BITS, `linear decoder (${linear.cfg.epochs} epochs), N = ${TIGHT_N} (${nTrain}/${nTest}): I - I_u, bits`)],
      tables: [caseTable("Gaussian channels, linear decoder", rows)],
      rows,
      runs: out.runs,
    });
  },
};

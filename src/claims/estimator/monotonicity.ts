/**
 * estimator monotonicity (issue 3; paper App. A.1): I_u does not decrease as the SNR grows.
 * Claim, statistic, tolerance, seeds and pass rule: claims/estimator/monotonicity.claim.ts.
 */
import fc from "fast-check";
import { currentScale } from "../../experiments/scale.js";
import { buildChannel, checkProperty, estimateCases, families, num, requireNone, SETTINGS, splitRows, type CaseRow, type ChannelSpec } from "./harness.js";
import { caseTable, estimatorRecord, f4, propertyCheck, type EstimatorClaimDef } from "./record.js";

/** Sampling error of each rung's test cross-entropy, in SE units (rungs share rows, so this is conservative). */
export const MONO_SE_MULT = 3;
/** Decoder-training noise: the CB decoder's seed-to-seed sd at lr 0.05 is 0.006-0.03 bit (measured), so 0.02 bit floor. */
export const MONO_FLOOR_BITS = 0.02;
const MONO_SEED = 4;
const RUNGS = 4;
const N = 5000;

const ladderArb = fc.record({
  antipodal: fc.boolean(),
  k: fc.integer({ min: 2, max: 5 }),
  sigma: num(0.5, 2),
  start: num(0.2, 1),
  ratios: fc.array(num(1.3, 2), { minLength: RUNGS - 1, maxLength: RUNGS - 1 }),
  dataSeed: fc.integer({ min: 1, max: 1_000_000 }),
});

export const MONOTONICITY: EstimatorClaimDef = {
  id: "estimator-monotonicity",
  title: "estimator monotonicity: I_u does not decrease (beyond noise) as the SNR grows",
  build: async () => {
    const scale = currentScale();
    const s = SETTINGS[scale];
    const rows: CaseRow[] = [];
    const checks = [];
    let total = 0;
    const { nTrain, nTest } = splitRows(N);
    for (const fam of families()) {
      let worst = -Infinity;
      const out = await checkProperty(
        ladderArb,
        async (l) => {
          const snrs = [l.start];
          for (const r of l.ratios) snrs.push(Math.round(snrs[snrs.length - 1] * r * 1000) / 1000);
          const specs: ChannelSpec[] = snrs.map((snr) => (l.antipodal ? { kind: "antipodal", snr, sigma: l.sigma } : { kind: "one-hot", k: l.k, snr, sigma: l.sigma, dim: l.k }));
          // Same dataSeed and decoder seed on every rung: paired noise, labels and decoder streams.
          const got = await estimateCases(specs.map((spec, i) => ({ id: `rung${i}`, channel: buildChannel(spec), nTrain, nTest, dataSeed: l.dataSeed, decoderSeed: 1, note: `rung ${i}` })), fam);
          rows.push(...got);
          const bad: string[] = [];
          for (let i = 0; i + 1 < got.length; i++) {
            const drop = got[i].iuBits - got[i + 1].iuBits;
            const tol = Math.max(MONO_FLOOR_BITS, MONO_SE_MULT * Math.hypot(got[i].seBits, got[i + 1].seBits));
            worst = Math.max(worst, drop - tol);
            if (drop > tol) bad.push(`${got[i].channel} -> ${got[i + 1].channel}: I_u ${f4(got[i].iuBits)} -> ${f4(got[i + 1].iuBits)} (drop ${f4(drop)} > tolerance ${f4(tol)})`);
          }
          requireNone(bad, `${fam.name} decoder: I_u falls as SNR grows`);
        },
        { seed: MONO_SEED, numRuns: s.runs.monotonicity, timeLimitMs: s.timeLimitMs },
      );
      total += out.runs;
      checks.push(propertyCheck(`${fam.name}: max(drop - tolerance) <= 0`, out, worst, 0, `${fam.name} decoder (${fam.cfg.epochs} epochs): drop between adjacent SNR rungs minus its tolerance max(${MONO_FLOOR_BITS}, ${MONO_SE_MULT} sqrt(SE_i^2 + SE_i+1^2)), bits`));
    }
    return estimatorRecord({
      id: "monotonicity",
      statement: "I_u does not decrease beyond noise as the SNR grows (paired rows and decoder seed)",
      checks,
      tables: [caseTable("SNR ladders (consecutive rows are rungs)", rows)],
      rows,
      runs: total,
    });
  },
};

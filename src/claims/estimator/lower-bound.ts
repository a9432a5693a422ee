/**
 * estimator lower-bound (PROTOCOL.md section 3; paper App. A.1): usable information never exceeds
 * the true I(Z;Y) beyond sampling error, for every decoder family. Claim, statistic, seeds and pass
 * rule: claims/estimator/lower-bound.claim.ts.
 */
import fc from "fast-check";
import { currentScale } from "../../experiments/scale.js";
import { LOWER_BOUND_SE_MULT } from "../estimator-protocol.js";
import { buildCase, channelArb, checkProperty, estimateCases, families, padWithNoise, requireNone, SETTINGS, splitRows, type Case, type CaseRow } from "./harness.js";
import { caseTable, estimatorRecord, f4, propertyCheck, type EstimatorClaimDef } from "./record.js";

const LOWER_BOUND_SEED = 31;
/** Channels per fast-check run, estimated together in one call per family. */
const CHANNELS_PER_RUN = 3;

const batchArb = fc
  .record({ k: fc.integer({ min: 2, max: 5 }), n: fc.integer({ min: 800, max: 5000 }), extraDims: fc.integer({ min: 0, max: 2 }), dataSeed: fc.integer({ min: 1, max: 1_000_000 }) })
  .chain((b) =>
    fc.record({
      k: fc.constant(b.k),
      n: fc.constant(b.n),
      extraDims: fc.constant(b.extraDims),
      dataSeed: fc.constant(b.dataSeed),
      cases: fc.array(fc.record({ channel: channelArb(b.k), affine: fc.option(fc.record({ seed: fc.integer({ min: 1, max: 1000 }), cond: fc.double({ min: 1, max: 10, noNaN: true }).map((c) => Math.round(c * 10) / 10) }), { freq: 3 }) }), { minLength: CHANNELS_PER_RUN, maxLength: CHANNELS_PER_RUN }),
    }),
  );

export const LOWER_BOUND: EstimatorClaimDef = {
  id: "estimator-lower-bound",
  title: "estimator lower-bound: I_u <= I + 3 SE for every decoder family on random channels",
  build: async () => {
    const scale = currentScale();
    const s = SETTINGS[scale];
    const rows: CaseRow[] = [];
    const checks = [];
    let totalRuns = 0;
    for (const fam of families()) {
      let worst = -Infinity;
      const out = await checkProperty(
        batchArb,
        async (b) => {
          const chans = b.cases.map(buildCase);
          const dim = Math.max(...chans.map((c) => c.dim)) + b.extraDims;
          const { nTrain, nTest } = splitRows(b.n);
          const cases: Case[] = chans.map((c, i) => ({ id: `c${i}`, channel: padWithNoise(c, dim), nTrain, nTest, dataSeed: b.dataSeed + i, decoderSeed: 1 + i }));
          const got = await estimateCases(cases, fam);
          rows.push(...got);
          const bad: string[] = [];
          for (const r of got) {
            const excess = r.iuBits - r.trueBits - LOWER_BOUND_SE_MULT * r.seBits - r.miErrorBits;
            worst = Math.max(worst, excess);
            if (excess > 0) bad.push(`${r.channel}: I_u ${f4(r.iuBits)} > I ${f4(r.trueBits)} + 3 SE (${f4(r.seBits)})`);
          }
          requireNone(bad, `${fam.name} decoder exceeds the true information`);
        },
        { seed: LOWER_BOUND_SEED, numRuns: s.runs.lowerBound, timeLimitMs: s.timeLimitMs },
      );
      totalRuns += out.runs;
      checks.push(propertyCheck(`${fam.name}: max(I_u - I - 3 SE) <= 0`, out, worst, 0, `${fam.name} decoder (${fam.cfg.epochs} epochs, lr ${fam.cfg.optimizer.lr}): I_u - I - 3 SE, bits`));
    }
    return estimatorRecord({
      id: "lower-bound",
      statement: "I_u never exceeds the true I(Z;Y) beyond sampling error (I_u <= I + 3 SE) for every decoder family",
      checks,
      tables: [caseTable("Random channels: every case", rows, { column: "I_u - I - 3 SE", value: (r) => f4(r.iuBits - r.trueBits - 3 * r.seBits) })],
      rows,
      runs: totalRuns,
    });
  },
};

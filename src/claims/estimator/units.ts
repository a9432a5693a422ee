/**
 * estimator units (issue 3; PROTOCOL.md section 0: I_u = H(Y) - L_CE / ln 2 bits): bits = nats /
 * ln 2 and H(Y) right for non-uniform labels. Claim, statistics, seeds and pass rule:
 * claims/estimator/units.claim.ts.
 */
import fc from "fast-check";
import { log } from "mathjs";
import { currentScale } from "../../experiments/scale.js";
import { independence } from "../../info/channels/index.js";
import { deriveSeed } from "../../runtime/rng.js";
import { checkProperty, estimateCases, family, labelProbsArb, requireNone, SETTINGS, splitRows, type CaseRow } from "./harness.js";
import { caseTable, estimatorRecord, f4, propertyCheck, type EstimatorClaimDef } from "./record.js";

/** Arithmetic identities: float64 rounding only. */
export const UNITS_EXACT_BITS = 1e-9;
/**
 * Bound on |I_u| for independent data with strongly skewed labels at N = 4000 (1000 train rows),
 * linear decoder: the null's 0.02 plus the two mechanisms measured in null-draws.ts, the linear
 * decoder's overfitting P / (2 n_train) (<= 0.018 bit at k = 6, dim = 4) and what the labels alone
 * read under the plug-in H(Y) (~0.01 bit sd under strong skew). A wrong H(Y) (log2 k) is 0.1-1.9 bit.
 */
export const UNITS_NULL_SLACK_BITS = 0.05;
const UNITS_SEED = 2;
const N = 4000;

function plugInBits(labels: Int32Array[], k: number): { log2: number; viaNats: number } {
  const counts = new Array(k).fill(0);
  let n = 0;
  for (const arr of labels) for (const y of arr) (counts[y]++, n++);
  let h2 = 0;
  let hn = 0;
  for (const c of counts) {
    if (c === 0) continue;
    const p = c / n;
    h2 -= p * (log(p, 2) as number);
    hn -= p * Math.log(p);
  }
  return { log2: h2, viaNats: hn / Math.LN2 };
}

export const UNITS: EstimatorClaimDef = {
  id: "estimator-units",
  title: "estimator units: bits = nats / ln 2, and H(Y) is right for non-uniform labels",
  build: async () => {
    const scale = currentScale();
    const s = SETTINGS[scale];
    const linear = family("linear");
    const rows: CaseRow[] = [];
    const detail: (string | number)[][] = [];
    let worstIdentity = 0;
    let worstEntropy = 0;
    let worstNull = 0;
    const { nTrain, nTest } = splitRows(N);
    const arb = fc.integer({ min: 2, max: 6 }).chain((k) => fc.record({ k: fc.constant(k), probs: labelProbsArb(k), dim: fc.integer({ min: 1, max: 4 }), dataSeed: fc.integer({ min: 1, max: 1_000_000 }) }));
    const out = await checkProperty(
      arb,
      async (c) => {
        const ch = independence({ labelProbs: c.probs, dim: c.dim });
        const [got] = await estimateCases([{ id: "u", channel: ch, nTrain, nTest, dataSeed: c.dataSeed, decoderSeed: 1, exactEntropy: false }], linear);
        rows.push(got);
        // The same rows estimateCases drew (its train / test streams are derived by name).
        const train = ch.sample(nTrain, deriveSeed(c.dataSeed, "train"));
        const test = ch.sample(nTest, deriveSeed(c.dataSeed, "test"));
        const h = plugInBits([train.labels, test.labels], c.k);
        const identity = Math.abs(got.iuBits - (got.hYBits - got.testCeNats / Math.LN2));
        const entropy = Math.max(Math.abs(got.hYBits - h.log2), Math.abs(h.log2 - h.viaNats));
        worstIdentity = Math.max(worstIdentity, identity);
        worstEntropy = Math.max(worstEntropy, entropy);
        worstNull = Math.max(worstNull, Math.abs(got.iuBits));
        detail.push([ch.id, f4(Math.log2(c.k)), f4(h.log2), f4(got.hYBits), f4(got.testCeNats), f4(got.iuBits)]);
        const bad: string[] = [];
        if (identity > UNITS_EXACT_BITS) bad.push(`bits ${got.iuBits} != hYBits - testCeNats / ln 2 = ${got.hYBits - got.testCeNats / Math.LN2}`);
        if (entropy > UNITS_EXACT_BITS) bad.push(`H(Y) reported ${got.hYBits}, plug-in ${h.log2} (via nats ${h.viaNats})`);
        if (Math.abs(got.iuBits) > UNITS_NULL_SLACK_BITS) bad.push(`independent data: I_u ${f4(got.iuBits)} (log2 k - H = ${f4(Math.log2(c.k) - h.log2)})`);
        requireNone(bad, `${ch.id}`);
      },
      { seed: UNITS_SEED, numRuns: s.runs.units, timeLimitMs: s.timeLimitMs },
    );
    const checks = [
      propertyCheck("bits = H(Y) - nats / ln 2", out, worstIdentity, UNITS_EXACT_BITS, "|bits - (hYBits - testCeNats / ln 2)|"),
      propertyCheck("H(Y) = plug-in entropy of the labels (non-uniform)", out, worstEntropy, UNITS_EXACT_BITS, "|hYBits - (-sum p log2 p)|"),
      propertyCheck("independent data with skewed labels: |I_u| small", out, worstNull, UNITS_NULL_SLACK_BITS, "|I_u|, bits"),
    ];
    return estimatorRecord({
      id: "units",
      statement: "I_u is in bits (bits = nats / ln 2) with H(Y) the entropy of the actual, possibly non-uniform, labels",
      checks,
      tables: [
        { title: "Label entropies", columns: ["channel", "log2 k", "H plug-in (mathjs)", "H reported", "test CE (nats)", "I_u (bits)"], rows: detail },
        caseTable("Cases", rows),
      ],
      rows,
      runs: out.runs,
    });
  },
};

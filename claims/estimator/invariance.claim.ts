/**
 * estimator invariance (CLAIMS.md section 3; paper App. A.1). Claim: an invertible affine map of Z
 * leaves I_u unchanged within noise.
 * Statistic: |I_u(A Z + b) - I_u(Z)| (bits), paired: the same rows (the affine channel transforms
 * the base channel's sample) and the same decoder seed, N = 5000 (1250 / 3750), decoders at the
 * claims' protocol (CB 30 epochs at ci). A: condition number 1..3, offsets ~ N(0, 1). Channels:
 * the Gaussian ones (one-hot Gaussian k = 2..4, width k..k+3, SNR 0.2..4; binary antipodal), where
 * every family can get close to the posterior.
 * Known failures, declared here rather than drawn (measured at ci scale, fast-check seed 77, when
 * all channel kinds were drawn): the CB decoder on a k-ary symmetric channel with p = 0 (Z = e_Y,
 * four points) after an orthogonal map plus offset (cond 1) fell from 1.999 to 0.081 bit; the
 * linear decoder on uniform intervals (m = 4, cond 1.1) moved by 0.154 bit (not in its family, not
 * converged). See KNOWN_FAILURES and the report's open problems.
 * Why cond <= 3: the function classes are affine-invariant but the optimisers are not; measured
 * at cond = 10 (30 CB epochs, 50 linear epochs): CB moves I_u by up to 0.11 bit and the linear
 * decoder by up to 0.09 bit on a 4-class one-hot Gaussian (not yet converged), so a cond-10 map
 * tests the training length, not the estimator. Reported as an open problem.
 * Seeds: fast-check seed INVARIANCE_SEED. Pass: |difference| <= 0.05 bit on every pair, CB and
 * linear families (and CIFAR at paper scale).
 */
import fc from "fast-check";
import { expect, test } from "vitest";
import { claimSummary } from "../../src/claims/spec.js";
import { currentScale } from "../../src/experiments/scale.js";
import { affineTransform } from "../../src/info/channels/index.js";
import { linearDecoder } from "../../src/info/families.js";
import { buildChannel, num, checkProperty, estimateCases, estimatorRecord, families, f3, f4, propertyCheck, requireNone, SETTINGS, splitRows, type Case, type CaseRow, type ChannelSpec } from "./shared.js";

/** CLAIMS.md: |I_u(AZ + b) - I_u(Z)| <= 0.05 bit. */
export const INVARIANCE_MAX_DIFF_BITS = 0.05;
/** Largest condition number drawn (see the comment above). */
export const INVARIANCE_MAX_COND = 3;
const INVARIANCE_SEED = 77;
/** Epochs of the linear decoder here (default 50; see the test body). */
export const INVARIANCE_LINEAR_EPOCHS = 200;
const N = 5000;
const CHANNELS_PER_RUN = 2;

/** Measured non-invariance outside the drawn regime (see the module comment); shown in the report. */
export const KNOWN_FAILURES = [
  { family: "cb", channel: "k-ary-symmetric(k=4,p=0)|affine(seed=5,cond=1,offset=1)", before: 1.9991, after: 0.0808, reason: "decoder collapse on a 4-point discrete code after rotation + offset (30 epochs, lr 0.05)" },
  { family: "linear", channel: "uniform-intervals(m=4)|affine(seed=738,cond=1.1,offset=1)", before: 0.7555, after: 0.9093, reason: "posterior not linear-softmax; 50 Adam epochs not converged, so the offset changes the optimum reached" },
];

const gaussianArb = (k: number): fc.Arbitrary<ChannelSpec> =>
  fc.oneof(
    fc.record({ kind: fc.constant("one-hot" as const), k: fc.constant(k), snr: num(0.2, 4), sigma: num(0.5, 2), dim: fc.integer({ min: k, max: k + 3 }) }),
    ...(k === 2 ? [fc.record({ kind: fc.constant("antipodal" as const), snr: num(0.1, 3), sigma: num(0.5, 2) })] : []),
  );

const runArb = fc
  .record({ k: fc.integer({ min: 2, max: 4 }), dataSeed: fc.integer({ min: 1, max: 1_000_000 }) })
  .chain((r) =>
    fc.record({
      dataSeed: fc.constant(r.dataSeed),
      pairs: fc.array(fc.record({ channel: gaussianArb(r.k), affineSeed: fc.integer({ min: 1, max: 1000 }), cond: fc.double({ min: 1, max: INVARIANCE_MAX_COND, noNaN: true }).map((c) => Math.round(c * 10) / 10) }), {
        minLength: CHANNELS_PER_RUN,
        maxLength: CHANNELS_PER_RUN,
      }),
    }),
  );

test("estimator invariance: an invertible affine map of Z changes I_u by <= 0.05 bit (paired)", async ({ task }) => {
  const scale = currentScale();
  const s = SETTINGS[scale];
  const rows: CaseRow[] = [];
  const diffRows: (string | number)[][] = [];
  const checks = [];
  let total = 0;
  const { nTrain, nTest } = splitRows(N);
  // The linear decoder is cheap: train it to convergence (INVARIANCE_LINEAR_EPOCHS), since at its
  // default 50 epochs a cond-3 map of a high-SNR channel left it 0.065 bit short (measured).
  const fams = families(scale, true)
    .filter((f) => scale === "paper" || f.name !== "cifar")
    .map((f) => (f.name === "linear" ? { ...f, cfg: linearDecoder({ epochs: INVARIANCE_LINEAR_EPOCHS }) } : f));
  for (const fam of fams) {
    let worst = 0;
    const out = await checkProperty(
      runArb,
      async (r) => {
        const cases: Case[] = [];
        r.pairs.forEach((p, i) => {
          const base = buildChannel(p.channel);
          const common = { nTrain, nTest, dataSeed: r.dataSeed + i, decoderSeed: 1 + i };
          cases.push({ id: `base${i}`, channel: base, ...common, note: `pair ${i} base` });
          cases.push({ id: `affine${i}`, channel: affineTransform(base, { seed: p.affineSeed, conditionNumber: p.cond }), ...common, note: `pair ${i} affine` });
        });
        const got = await estimateCases(cases, fam);
        rows.push(...got);
        const bad: string[] = [];
        for (let i = 0; i < got.length; i += 2) {
          const d = got[i + 1].iuBits - got[i].iuBits;
          worst = Math.max(worst, Math.abs(d));
          diffRows.push([fam.name, got[i + 1].channel, f4(got[i].trueBits), f4(got[i].iuBits), f4(got[i + 1].iuBits), f4(d)]);
          if (Math.abs(d) > INVARIANCE_MAX_DIFF_BITS) bad.push(`${got[i + 1].channel}: I_u ${f4(got[i].iuBits)} -> ${f4(got[i + 1].iuBits)} (diff ${f3(d)})`);
        }
        requireNone(bad, `${fam.name} decoder not affine-invariant`);
      },
      { seed: INVARIANCE_SEED, numRuns: s.runs.invariance, timeLimitMs: s.timeLimitMs },
    );
    total += out.runs;
    checks.push(propertyCheck(`${fam.name}: max |I_u(AZ+b) - I_u(Z)| <= 0.05 bit`, out, worst, INVARIANCE_MAX_DIFF_BITS, `${fam.name} decoder (${fam.cfg.epochs} epochs), cond <= ${INVARIANCE_MAX_COND}, paired rows and decoder seed: |diff|, bits`));
  }
  const record = await estimatorRecord({
    id: "invariance",
    statement: "On Gaussian channels an invertible affine map of Z (condition number <= 3) changes I_u by <= 0.05 bit, paired rows and decoder seed",
    checks,
    tables: [
      { title: "Pairs: I_u before and after the map", columns: ["family", "channel (mapped)", "true I (bits)", "I_u(Z)", "I_u(AZ+b)", "diff (bits)"], rows: diffRows },
      { title: "Known failures outside the drawn regime (declared, not drawn)", columns: ["family", "channel", "I_u(Z)", "I_u(AZ+b)", "reason"], rows: KNOWN_FAILURES.map((k) => [k.family, k.channel, k.before, k.after, k.reason]) },
    ],
    rows,
    runs: total,
  });
  // At ci scale the CIFAR family is not run (time): said in the record, not counted as a check.
  task.meta.claim = scale === "paper" ? record : { ...record, scaleNote: "ci: CB and linear families only; the CIFAR decoder is checked at paper scale (time)" };
  expect(record.status, claimSummary(record)).toBe("reproduced");
});

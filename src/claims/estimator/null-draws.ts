/**
 * The draws of the estimator null claim (PROTOCOL.md section 3: |I_u| <= 0.02 bit for independent
 * Z and Y at N = 5000) and the mechanisms behind its declared known failures (the declarations
 * are the null-family entries of src/claims/known-failures.ts). Shared by the claim (null.ts)
 * and by the script that prints the numbers behind each declaration
 * (scripts/estimator-known-failures.ts).
 *
 * Draws, as registered (no narrowing): k in 2..5 classes with a random label distribution
 * (labelProbsArb: every P(y) >= 0.05 / k of the largest weight, so skew up to 20:1), Z ~ N(0, I_dim)
 * with dim in 1..10, 3 label distributions per fast-check run (same k and dim), N = 5000 rows
 * split 1250 / 3750, H(Y) the estimator's default: the plug-in entropy of the train and test labels.
 */
import fc from "fast-check";
import { NULL_MAX_ABS_BITS, NULL_N } from "../estimator-protocol.js";
import type { NullFamilyFailure } from "../known-failures.js";
import { independence, type Channel } from "../../info/channels/index.js";
import type { LabelledData } from "../../interfaces.js";
import { deriveSeed } from "../../runtime/rng.js";
import type { DeclaredFailure } from "./declared-failures.js";
import { labelProbsArb, splitRows } from "./harness.js";

/** Label distributions per fast-check run (one batched estimate per run and family). */
export const NULL_CHANNELS_PER_RUN = 3;

/** One null case: Y ~ probs on k classes, Z ~ N(0, I_dim) independent of Y. */
export interface NullCase {
  k: number;
  dim: number;
  probs: number[];
  dataSeed: number;
  decoderSeed: number;
}

export interface NullRun {
  k: number;
  dim: number;
  dataSeed: number;
  probs: number[][];
}

/** The registered draws: k, dim, seed, then NULL_CHANNELS_PER_RUN label distributions. */
export const nullRunArb: fc.Arbitrary<NullRun> = fc
  .record({ k: fc.integer({ min: 2, max: 5 }), dim: fc.integer({ min: 1, max: 10 }), dataSeed: fc.integer({ min: 1, max: 1_000_000 }) })
  .chain((r) => fc.record({ k: fc.constant(r.k), dim: fc.constant(r.dim), dataSeed: fc.constant(r.dataSeed), probs: fc.array(labelProbsArb(r.k), { minLength: NULL_CHANNELS_PER_RUN, maxLength: NULL_CHANNELS_PER_RUN }) }));

/** The cases of one run (data seeds dataSeed + i, decoder seeds 1 + i). */
export function nullCases(r: NullRun): NullCase[] {
  return r.probs.map((probs, i) => ({ k: r.k, dim: r.dim, probs, dataSeed: r.dataSeed + i, decoderSeed: 1 + i }));
}

export function nullChannel(c: NullCase): Channel {
  return independence({ labelProbs: c.probs, dim: c.dim });
}

/** Free parameters of the linear-softmax decoder on the case: (dim + 1)(k - 1). */
export function linearParams(c: Pick<NullCase, "k" | "dim">): number {
  return (c.dim + 1) * (c.k - 1);
}

/** Largest / smallest label probability. */
export function skewRatio(c: Pick<NullCase, "probs">): number {
  return Math.max(...c.probs) / Math.min(...c.probs);
}

export function caseLabel(c: NullCase): string {
  return `k=${c.k} dim=${c.dim} P=${linearParams(c)} skew=${skewRatio(c).toFixed(1)} data ${c.dataSeed} decoder ${c.decoderSeed}`;
}

/** The rows of a case, as estimateCases draws them (train and test streams derived by name). */
export function nullRows(c: NullCase): { train: LabelledData; test: LabelledData } {
  const ch = nullChannel(c);
  const { nTrain, nTest } = splitRows(NULL_N);
  return { train: ch.sample(nTrain, deriveSeed(c.dataSeed, "train")), test: ch.sample(nTest, deriveSeed(c.dataSeed, "test")) };
}

function counts(labels: Int32Array, k: number): number[] {
  const out = new Array<number>(k).fill(0);
  for (const y of labels) out[y]++;
  return out;
}

/**
 * What the labels alone read, bits: the usable information of the decoder that ignores Z and
 * predicts the decoder-train label frequencies, r0 = H_plug(train + test labels) - CE(test labels
 * under the train frequencies) / ln 2, with the estimator's H(Y) (the plug-in entropy of all rows).
 * On independent data no decoder can do better on average. Its first-order term,
 * H_plug(all) - H_plug(test), has sd ~ (n_train / N) sqrt(1 / n_train + 1 / n_test) sd(log2 P(Y))
 * = 0.0082 sd(log2 P(Y)) bit at 1250 / 3750 rows: under 20:1 label skew it alone passes 0.02 bit.
 * Computed here from the counts, independently of src/info.
 */
export function labelsOnlyBits(rows: { train: LabelledData; test: LabelledData }): number {
  const k = rows.train.numClasses;
  const tr = counts(rows.train.labels, k);
  const te = counts(rows.test.labels, k);
  const nTr = rows.train.labels.length;
  const nTe = rows.test.labels.length;
  const all = tr.map((x, i) => x + te[i]);
  const n = nTr + nTe;
  let hAll = 0;
  for (const x of all) if (x > 0) hAll -= (x / n) * Math.log2(x / n);
  let ce = 0;
  for (let i = 0; i < k; i++) {
    if (te[i] === 0) continue;
    // A class absent from the train rows would cost infinitely under the train frequencies; the
    // draws keep every P(y) >= ~0.01, so this never happens at 1250 rows (say so if it does).
    if (tr[i] === 0) throw new Error(`labelsOnlyBits: class ${i} is in the test rows but in none of the ${nTr} train rows`);
    ce -= (te[i] / nTe) * Math.log2(tr[i] / nTr);
  }
  return hAll - ce;
}

/** The linear decoder's expected excess test cross-entropy from fitting P parameters by maximum likelihood: P / (2 n_train) nats, in bits. */
export function mlOverfitBits(c: Pick<NullCase, "k" | "dim">): number {
  return linearParams(c) / (2 * splitRows(NULL_N).nTrain) / Math.LN2;
}

/**
 * The largest |I_u| the declared mechanisms explain for a case, on the side where it read:
 *   above 0: 0.02 + max(0, r0)                                   (only the labels can read above 0)
 *   below 0: 0.02 + max(0, -r0) + perParam x P / (2 n_train) + constant   (overfitting and noise only cost)
 * with r0 what the labels alone read (labelsOnlyBits). A decoder that reads information from
 * independent data (e.g. scored on its training rows) breaks the first whatever its family.
 */
export function nullLimit(spec: Pick<NullFamilyFailure, "perParam" | "constant">, c: NullCase, labelsOnly: number, above: boolean): number {
  if (above) return NULL_MAX_ABS_BITS + Math.max(0, labelsOnly);
  return NULL_MAX_ABS_BITS + Math.max(0, -labelsOnly) + spec.perParam * mlOverfitBits(c) + spec.constant;
}

/** A null case with the side its |I_u| was read on (the declared limits differ by side). */
export interface NullJudged {
  c: NullCase;
  /** I_u > 0. */
  above: boolean;
}

/** The declarations (null-family entries) as DeclaredFailure values (limits need each case's labels-only reading). Witnesses read below 0. */
export function nullKnownFailures(entries: readonly NullFamilyFailure[], labelsOnly: (c: NullCase) => number): DeclaredFailure<NullJudged>[] {
  return entries.map((s) => ({
    id: `${s.family}-finite-sample-bias`,
    family: s.family,
    region: `every drawn case; I_u down to -(0.02 + max(0, -r0) + ${s.perParam} x P / (2 n_train)${s.constant ? ` + ${s.constant}` : ""}) bit, up to 0.02 + max(0, r0)`,
    covers: () => true,
    limit: (j) => nullLimit(s, j.c, labelsOnly(j.c), j.above),
    reason: s.reason,
    witnesses: s.witnesses.map((c) => ({ c, above: false })),
  }));
}

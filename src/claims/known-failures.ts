/**
 * Every declared known failure of the suite, in one table (issue 20): a claim, or a part of one,
 * known NOT to hold at a scale, declared as data with its measured size and mechanism, never
 * skipped silently (after scikit-learn's estimator checks, whose expected failures are data). An
 * entry is keyed by the claim (ClaimRecord.id) and the scale it is declared at, and its kind says what part of the
 * claim it covers:
 *
 *   claim              a whole claim at one scale: its verdict, learned seeds and rules, each rule
 *                      with its outcome and a band for its statistic (the checkerboard pins)
 *   invariance-family  one decoder family of the invariance claim at one scale: its worst paired
 *                      difference and its systematic shift
 *   accuracy-row       one family x channel row of the accuracy table
 *   battery-check      one family x check of the decoder battery (src/info/checks/battery.ts; not a claim)
 *   null-family        one decoder family of the null claim: its one-sided limits and witnesses
 *
 * Whatever the kind, the claim still runs in full and its test passes only when the measurement
 * matches the entry: another failure, a failure beyond its declared size, or one that no longer
 * occurs (the entry must then be re-measured or removed, with the reason) turns it red. Each
 * consumer reads the table through the small accessors at the end; src/info (a layer below) gets
 * its entries as a parameter.
 */
import type { Scale } from "../interfaces.js";
import type { ClaimRecord, ClaimStatus, Outcome } from "../claim-interfaces.js";
import type { AccuracyKnownFailure } from "../info/checks/accuracy.js";
import type { BatteryKnownFailure } from "../info/checks/battery.js";
import type { NullCase } from "./estimator/null-draws.js";

export interface PinnedRule {
  /** Rule id (ClaimCheck.rule). */
  rule: string;
  outcome: Outcome;
  /** Inclusive band for the rule's statistic. */
  statistic: [number, number];
}

/** Paper-scale pins band each statistic at +-10% of its measured value (issue 19). */
export const PAPER_BAND = 0.1;

/** The band [x - 10% |x|, x + 10% |x|] of a measured statistic (rounded outward to 4 significant digits). */
export function band(x: number, frac = PAPER_BAND): [number, number] {
  const d = Math.abs(x) * frac;
  const lo = x - d;
  const hi = x + d;
  const round = (v: number, dir: -1 | 1) => {
    if (v === 0) return 0;
    const e = 10 ** (Math.floor(Math.log10(Math.abs(v))) - 3);
    // k * e in decimal (4 significant digits): toPrecision drops the binary residue of the product.
    return Number(((dir < 0 ? Math.floor(v / e) : Math.ceil(v / e)) * e).toPrecision(6));
  };
  return [round(lo, -1), round(hi, 1)];
}

/** Where an entry is declared: at one scale, or at every scale (a claim whose protocol is the same at both). */
export type DeclaredScale = Scale | "every";

interface EntryBase {
  /** The claim (ClaimRecord.id); "decoder-battery" for the battery every decoder family must pass. */
  claim: string;
  scale: DeclaredScale;
  /** What fails and why, with the measured numbers and the command that measured them. */
  reason: string;
}

/**
 * A whole claim pinned at one scale: its verdict, its learned-seed count, and its rules, each
 * with its outcome and a band for its statistic: at paper scale every rule of the claim, with a
 * band of +-10% of the measured value (PAPER_BAND, or tighter), so that a rule on its passing side
 * cannot drift unseen either; at ci scale the rules that are not reproduced (every ci number is
 * also pinned exactly by src/claims/pins.ts). Its test passes only when the record matches the
 * pin (knownFailureMismatches).
 */
export interface ClaimPin extends EntryBase {
  kind: "claim";
  scale: Scale;
  /** The claim's verdict. */
  status: Exclude<ClaimStatus, "reproduced" | "skipped" | "exported" | "pipeline-ok">;
  /** Learned seeds (pinned exactly) for claims that count them. */
  learnedSeeds?: number;
  /** The pinned rules: every rule at paper scale; at ci the rules not reproduced (the others must be reproduced). */
  rules: PinnedRule[];
}

/**
 * A decoder family that fails the invariance claim's per-pair bound at a scale. The claim still
 * requires that the family fails (a fixed one turns red until its entry is removed), that its worst
 * paired difference stays within INVARIANCE_GROWTH of the declared one, and that no systematic
 * shift (the same pair over more decoder seeds) exceeds INVARIANCE_GROWTH of the declared one.
 */
export interface InvarianceFamilyFailure extends EntryBase {
  kind: "invariance-family";
  claim: "estimator-invariance";
  scale: Scale;
  family: string;
  /** Worst |I_u(AZ + b) - I_u(Z)| measured, bits. */
  maxAbsDiffBits: number;
  /** Largest systematic shift measured (0: every pair over the bound was the decoder's seed noise), bits. */
  maxSystematicBits: number;
}

/** A row of the accuracy table (family x channel id) that fails its tolerance at every scale. */
export interface AccuracyRowFailure extends EntryBase, AccuracyKnownFailure {
  kind: "accuracy-row";
  claim: "estimator-accuracy";
  scale: "every";
}

/** A check of the decoder battery that a family fails (family x check). */
export interface BatteryCheckFailure extends EntryBase, BatteryKnownFailure {
  kind: "battery-check";
  claim: "decoder-battery";
  scale: "every";
}

/**
 * A decoder family's finite-sample bias on independent data (the null claim, every scale): how
 * much its mechanisms add to the registered 0.02 bit (nullLimit in
 * src/claims/estimator/null-draws.ts), and fixed witnesses of the claim's draws of which at least
 * one must still break 0.02 bit.
 */
export interface NullFamilyFailure extends EntryBase {
  kind: "null-family";
  claim: "estimator-null";
  scale: "every";
  family: string;
  /** Multiplies mlOverfitBits (the family's overfitting, in units of the linear ML cost P / (2 n_train)). */
  perParam: number;
  /** Bits added regardless of the case (the family's own noise around the prior, where measured). */
  constant: number;
  witnesses: readonly NullCase[];
}

export type KnownFailureEntry = ClaimPin | InvarianceFamilyFailure | AccuracyRowFailure | BatteryCheckFailure | NullFamilyFailure;
export type KnownFailureKind = KnownFailureEntry["kind"];

// ---------------------------------------------------------------------------------------------
// Whole claims (checkerboard), per scale.

const CI_WHITENED = "measured 2026-12-02 (CLAIMS_SCALE=ci npx vitest run claims/checkerboard, wasm backend, whitened decoder inputs)";

const PAPER_MEASURED = "measured 2026-12-02 (CLAIMS_SCALE=paper npx vitest run claims/checkerboard from an empty cache, wasm backend, code version 1fbe6527847b66a5, 16 seeds, whitened decoder inputs; per-seed data in reports/paper/data)";

const CLAIM_PINS: readonly ClaimPin[] = [
  // Paper scale: the registered protocol (16 seeds, whitened decoder inputs). Every rule is pinned
  // with a band of +-10% of its measured value (band()), so a rule on its passing side cannot
  // drift unseen either.
  {
    kind: "claim",
    claim: "fig2a",
    scale: "paper",
    status: "contradicted",
    learnedSeeds: 12,
    rules: [
      { rule: "last-layer-colour", outcome: "contradicted", statistic: band(0.38749455004964545) },
      { rule: "last-layer-direction", outcome: "reproduced", statistic: band(0.9975569963270989) },
      { rule: "colour-falls-from-layer-1", outcome: "reproduced", statistic: band(-0.6119622119735719) },
    ],
    reason:
      `${PAPER_MEASURED}: 12 of 16 CB-2 seeds learned; the last layer keeps 0.387 bit of colour, 95% CI [0.250, 0.525], wholly above the 0.1 bound; ` +
      "direction (0.998 bit) and the fall from layer 1 (-0.61) are reproduced; robust to a second decoder seed and to leaving flagged points out; seeds 9-16 alone: contradicted (0.364 [0.194, 0.534]). " +
      "Reading-dependent: raw 0.145 [0, 0.33] is inconclusive (the 8-seed pilot's 0.144), standardised 0.254 contradicted.",
  },
  {
    kind: "claim",
    claim: "fig2b",
    scale: "paper",
    status: "contradicted",
    learnedSeeds: 16,
    rules: [
      { rule: "colour-falls-with-depth", outcome: "reproduced", statistic: [-1, -1] },
      { rule: "last-layer-colour", outcome: "contradicted", statistic: band(0.8586150518663376) },
      { rule: "last-layer-direction", outcome: "reproduced", statistic: band(3.2928208881085754) },
    ],
    reason:
      `${PAPER_MEASURED}: the CB-10 last layer keeps 0.859 bit of colour, 95% CI [0.732, 0.985], wholly above the 0.332 bound (10% of log2 10); ` +
      "colour falls with depth (rho -1) and direction is reproduced (3.293 of 3.322 bits); robust to the decoder views; seeds 9-16 alone: contradicted (0.848 [0.599, 1.10]). " +
      "Reading-dependent: raw 0.228 is reproduced (the registered reading until 2026-12-02), standardised 0.428 contradicted.",
  },
  {
    kind: "claim",
    claim: "fig2xt",
    scale: "paper",
    status: "contradicted",
    learnedSeeds: 32,
    rules: [
      { rule: "CB-10-every-epoch", outcome: "contradicted", statistic: band(0.8998667123940226) },
      { rule: "CB-20-every-epoch", outcome: "reproduced", statistic: band(0.599582797881115) },
    ],
    reason:
      `${PAPER_MEASURED}: on CB-10 the worst probe epoch holds 0.900 bit of last-layer colour on average, 95% CI [0.754, 1.046], above the 0.332 bound; ` +
      "the CB-20 arm is reproduced (worst epoch 0.600 [0.367, 0.832] against 0.864); seeds 9-16 alone: contradicted. Reading-dependent: raw 0.309 inconclusive, standardised 0.485 contradicted.",
  },
  {
    kind: "claim",
    claim: "fig6",
    scale: "paper",
    status: "task-not-learned",
    learnedSeeds: 46,
    rules: [
      { rule: "CB-2-pretrained-exceeds-base", outcome: "reproduced", statistic: band(0.0386082486814439) },
      { rule: "CB-2-pretrained-non-minimal", outcome: "reproduced", statistic: band(0.5097202262930549) },
      { rule: "CB-10-pretrained-exceeds-base", outcome: "reproduced", statistic: band(0.0022929823575595647) },
      { rule: "CB-10-pretrained-non-minimal", outcome: "reproduced", statistic: band(1.143343918246519) },
    ],
    reason:
      `${PAPER_MEASURED}: only 7 of 16 CB-2 seeds learn the task after 20 epochs of colour pretraining (P = 0: 12 of 16), fewer than half, so the claim cannot be judged (PROTOCOL.md: task not learned); ` +
      "on the seeds that learned, every rule holds: CB-2 P=20 0.510 bit against P=0 0.388 (Welch one-sided p 0.039), CB-10 1.143 against 0.859 (p 0.0023); seeds 9-16 alone: task not learned as well. Not reading-dependent.",
  },
  {
    kind: "claim",
    claim: "fig2a",
    scale: "ci",
    status: "inconclusive",
    learnedSeeds: 2,
    rules: [
      { rule: "last-layer-colour", outcome: "inconclusive", statistic: [0.15, 0.35] },
      { rule: "colour-falls-from-layer-1", outcome: "inconclusive", statistic: [-0.9, -0.6] },
    ],
    reason:
      `${CI_WHITENED}: 2 of 4 CB-2 seeds learned; whitened last-layer colour 0.288 bit (raw 0.242) with the t interval over 2 seeds clipped to [0, 1] ` +
      "(one seed keeps ~0.5 bit); two seeds cannot decide a bound at 0.1 bit or the layer-1 comparison (-0.71). Direction is reproduced (1.000 bit). Not reading-dependent.",
  },
  {
    kind: "claim",
    claim: "fig2b",
    scale: "ci",
    status: "contradicted",
    learnedSeeds: 3,
    rules: [{ rule: "last-layer-colour", outcome: "contradicted", statistic: [0.55, 0.73] }],
    reason:
      `${CI_WHITENED}: whitened last-layer colour 0.639 bit, 95% CI [0.403, 0.874] over 3 seeds, wholly above the 0.332 bound; colour falls with depth (rho -1) and direction is reproduced (3.315 of 3.322 bits). ` +
      "Reading-dependent: raw 0.127 [0, 0.409] and standardised 0.326 [0.089, 0.563] are inconclusive (the raw reading equals the value measured before the amendment).",
  },
  {
    kind: "claim",
    claim: "fig2xt",
    scale: "ci",
    status: "contradicted",
    learnedSeeds: 3,
    rules: [{ rule: "CB-10-every-epoch", outcome: "contradicted", statistic: [0.6, 0.77] }],
    reason:
      `${CI_WHITENED}: the worst probe epoch holds 0.683 bit of whitened last-layer colour on average, 95% CI [0.574, 0.791] over 3 seeds, above the 0.332 bound. ` +
      "Reading-dependent: raw 0.212 [0.003, 0.421] and standardised 0.326 [0.089, 0.563] are inconclusive.",
  },
  {
    kind: "claim",
    claim: "fig6",
    scale: "ci",
    status: "inconclusive",
    learnedSeeds: 10,
    rules: [{ rule: "CB-2-pretrained-exceeds-base", outcome: "inconclusive", statistic: [0.1, 0.5] }],
    reason: `${CI_WHITENED}: the CB-2 arm has 2 learned seeds per arm (whitened P=20 0.497 vs P=0 0.288 bit, Welch p = 0.30); the CB-10 arm is reproduced (1.099 vs 0.639 bit, p = 0.012). Not reading-dependent (raw p 0.25, standardised 0.30).`,
  },
  {
    kind: "claim",
    claim: "fig7",
    scale: "ci",
    status: "inconclusive",
    learnedSeeds: 9,
    rules: [{ rule: "CB-10-pretraining-hurts-accuracy", outcome: "inconclusive", statistic: [0.3, 0.8] }],
    reason: `${CI_WHITENED}: at ci scale (P in {0, 10, 20}, 3 seeds, 30 epochs after pretraining) every CB-10 run reaches 0.998-0.999 validation accuracy, so accuracy does not fall with P (rho 0, p = 0.52); whitened colour does rise with P (rho 0.84; raw 0.95).`,
  },
];

// ---------------------------------------------------------------------------------------------
// The invariance claim (claims/estimator/invariance.claim.ts), per family and scale.

const INVARIANCE_FAMILIES: readonly InvarianceFamilyFailure[] = [
  {
    kind: "invariance-family",
    claim: "estimator-invariance",
    family: "cb-lr0.05",
    scale: "paper",
    maxAbsDiffBits: 0.0696,
    maxSystematicBits: 0,
    reason:
      "measured 2026-12-02 (paper scale, fast-check seed 77, 36 pairs): 1 pair over 0.05 bit, 0.070 (CB-20 last-layer direction under a rotation with condition number 198); " +
      "the family's own decoder-seed sd there is 0.019 bit and the mean paired shift over 4 more decoder seeds is +0.000 +- 0.017: seed noise of one decoder, not the map.",
  },
  {
    kind: "invariance-family",
    claim: "estimator-invariance",
    family: "cb-lr0.5",
    scale: "paper",
    maxAbsDiffBits: 0.0876,
    maxSystematicBits: 0,
    reason:
      "measured 2026-12-02 (paper scale, 36 pairs): 3 pairs over 0.05 bit, largest -0.088 (CIFAR-10 features, coarse label, per-unit scales 1e-3..1e3 with offsets), 0.085 (CB-20 last-layer direction, per-unit), 0.054; " +
      "decoder-seed sd 0.014-0.027 bit on those data, mean paired shifts over 4 more seeds -0.024 +- 0.017, +0.011 +- 0.020, +0.039 +- 0.017: seed noise. The lr-0.5 SGD decoder (the Medium FC runs') is the noisiest family; median |difference| 0.002 bit.",
  },
  {
    kind: "invariance-family",
    claim: "estimator-invariance",
    family: "cb-lr0.5",
    scale: "ci",
    maxAbsDiffBits: 0.0528,
    maxSystematicBits: 0.0524,
    reason:
      "measured 2026-12-02 (ci scale, 12 pairs): 1 pair over 0.05 bit, CB-20 last-layer direction under a near-orthogonal rotation (condition number 1.3) with offsets: 0.053 bit at the registered seed and +0.052 +- 0.008 over 4 more decoder seeds, a small systematic shift: " +
      "whitening gives the two inputs up to a rotation, and the lr-0.5 SGD decoder reads the rotated one 0.05 bit better on 20 classes (4.0 of 4.32 bits), i.e. it under-reads the unrotated layer by about that much. The only systematic failure measured; every other family and pair holds.",
  },
];

// ---------------------------------------------------------------------------------------------
// The accuracy table (claims/estimator/accuracy.claim.ts, src/info/checks/accuracy.ts), per family x channel.

const STEP =
  "Z is a scalar whose posterior is a step function of z (jumps at the integers); every family reads it short (measured 2026-12-01 at 1250/3750 rows): " +
  "an MLP trained 100 epochs with dropout 0.7 blurs the steps, so the test cross-entropy near each boundary stays above the Bayes one " +
  "(CB decoder: uniform intervals 0.96-1.04 of 1.25, erasure-interval 0.47-0.51 of 1.00; the same without dropout 1.09-1.11 and 0.77-0.78; " +
  "400 epochs 1.05 and 0.54-0.56), and linear-softmax logits are monotone in z, so they cannot form a bump (0.99 and 0.08). A limit of the family " +
  "and training budget on a 1-D step code, not a defect; checkerboard layers are not scalar step codes, and on the discrete codes (erasure one-hot, " +
  "symmetric) every family reads within 0.07 bit.";
const TEN =
  "10 classes from 1250 decoder-train rows (125 per class): even the linear-softmax family, which contains the Bayes posterior, reads 2.78 of 2.905 bits " +
  "(measured 2026-12-01); the CB MLP (~20k parameters, dropout 0.7) pays more of the finite-sample cost: 2.50-2.64, 2.67-2.68 after 400 epochs. " +
  "The cost shrinks with rows, not with a fix to the estimator.";

/** The decoder families of the estimator claims (src/claims/estimator/harness.ts families()). */
const ESTIMATOR_FAMILIES = ["cb-lr0.05", "cb-lr0.5", "cifar", "linear"] as const;

const accuracyRow = (family: string, channel: string, reason: string): AccuracyRowFailure => ({ kind: "accuracy-row", claim: "estimator-accuracy", scale: "every", family, channel, reason });

const ACCURACY_ROWS: readonly AccuracyRowFailure[] = [
  ...ESTIMATOR_FAMILIES.flatMap((family) => [accuracyRow(family, "uniform-intervals(m=4)", STEP), accuracyRow(family, "erasure(k=4,e=0.5,enc=interval)", STEP)]),
  ...["cb-lr0.05", "cb-lr0.5"].map((family) => accuracyRow(family, "one-hot-gaussian(k=10,a=3,sigma=1,dim=16)", TEN)),
];

// ---------------------------------------------------------------------------------------------
// The decoder battery (test/info/battery.test.ts, src/info/checks/battery.ts): none, every family passes every check.

const BATTERY_CHECKS: readonly BatteryCheckFailure[] = [];

// ---------------------------------------------------------------------------------------------
// The null claim (claims/estimator/null.claim.ts), per family, with its witnesses.

// Witnesses: cases of the registered draws (fast-check seed 50, the claim's) on which a family
// breaks 0.02 bit today. Two data sets whose labels alone read past -0.02 (20:1 skew at k = 5) ...
const SKEWED_K5_DIM3: NullCase = { k: 5, dim: 3, probs: [0.6748, 0.0405, 0.1026, 0.1484, 0.0337], dataSeed: 8, decoderSeed: 1 };
const SKEWED_K5_DIM7: NullCase = { k: 5, dim: 7, probs: [0.0828, 0.359, 0.4931, 0.0385, 0.0266], dataSeed: 19, decoderSeed: 1 };
// ... and cases where the decoder's own overfitting dominates (labels nearly uniform, or labels-only near 0).
const UNIFORM_K5_DIM10 = (dataSeed: number): NullCase => ({ k: 5, dim: 10, probs: [0.2, 0.2, 0.2, 0.2, 0.2], dataSeed, decoderSeed: 1 });
const K3_DIM10: NullCase = { k: 3, dim: 10, probs: [0.0506, 0.4714, 0.478], dataSeed: 11, decoderSeed: 1 };

/** Shared first half of every reason. */
const PLUG_IN =
  "H(Y) is the plug-in entropy of the train and test labels together while L_CE averages over the test rows only, so on independent data the labels alone " +
  "read r0 = H_plug(all) - CE(test labels | train frequencies) (labelsOnlyBits), whose sampling term has sd ~0.0082 sd(log2 P(Y)) bit: under 20:1 skew at k = 5 it " +
  "reaches -0.0225 bit (case k=5 dim=3, data seed 8) with no decoder at all (first 40 runs of the draws, 120 cases: r0 in [-0.0249, 0.0175], 3 cases beyond 0.02). " +
  "The fix is in src/info/core/estimate.ts (H(Y) of the test labels, or the exact H when known), not here.";

/**
 * Per-family declarations, measured 2026-12-02 on the first 40 fast-check runs of the draws (120
 * cases per family; wasm backend, fast path) with `npx tsx scripts/estimator-known-failures.ts
 * --runs 40` (2.6 min); "excess" is what the family reads below the labels alone, e = r0 - I_u.
 */
const NULL_FAMILIES: readonly NullFamilyFailure[] = [
  {
    kind: "null-family",
    claim: "estimator-null",
    scale: "every",
    family: "cb-lr0.05",
    perParam: 0,
    constant: 0,
    reason: `${PLUG_IN} The CB decoder at lr 0.05 adds little of its own: excess mean 0.0018 bit, at most 0.0082 (slope 0.18 x P / (2 n_train)); 4 of 120 cases break 0.02 bit (largest |I_u| 0.0275), each where the labels alone read -0.016 to -0.025 bit.`,
    witnesses: [SKEWED_K5_DIM3, SKEWED_K5_DIM7],
  },
  {
    kind: "null-family",
    claim: "estimator-null",
    scale: "every",
    family: "cb-lr0.5",
    perParam: 0,
    constant: 0.03,
    reason: `${PLUG_IN} At lr 0.5 the final SGD iterate scatters its predictions around the prior: excess mean 0.0048 bit, up to 0.0407 (k=3 dim=10, data seed 11: I_u -0.0391 with r0 +0.0016), not proportional to P (slope 0.41, residual up to 0.035); 14 of 120 cases break 0.02 bit. Declared as 0.03 bit on top of r0 (smallest margin to the limit over the 120 cases: 0.011 bit).`,
    witnesses: [SKEWED_K5_DIM3, K3_DIM10],
  },
  {
    kind: "null-family",
    claim: "estimator-null",
    scale: "every",
    family: "cifar",
    perParam: 1,
    constant: 0,
    reason: `${PLUG_IN} The CIFAR decoder (Adam, 50 epochs, weight decay 0.001) overfits the noise: excess = 0.71 x P / (2 n_train) (least squares; residual sd 0.0044 bit); excess - P / (2 n_train) at most 0.0104. 13 of 120 cases break 0.02 bit (largest |I_u| 0.0393). Declared as 1 x P / (2 n_train) (smallest margin 0.0096 bit).`,
    witnesses: [SKEWED_K5_DIM3, SKEWED_K5_DIM7],
  },
  {
    kind: "null-family",
    claim: "estimator-null",
    scale: "every",
    family: "linear",
    perParam: 1,
    constant: 0,
    reason: `${PLUG_IN} The linear-softmax decoder (unregularised, Adam 50 epochs) is a maximum-likelihood fit of P = (dim + 1)(k - 1) parameters: its excess is P / (2 n_train) nats (slope 0.93; excess - P / (2 n_train) has mean -0.0005 bit, sd 0.0046, at most 0.0104), 0.025 bit at k = 5, dim = 10, where uniform labels read -0.030 to -0.037 bit. 20 of 120 cases break 0.02 bit (largest |I_u| 0.0432). Declared as 1 x P / (2 n_train) (smallest margin 0.0096 bit).`,
    witnesses: [UNIFORM_K5_DIM10(1), UNIFORM_K5_DIM10(2), UNIFORM_K5_DIM10(3)],
  },
];

/** The table: every declared known failure of the suite. */
export const KNOWN_FAILURES: readonly KnownFailureEntry[] = [...CLAIM_PINS, ...INVARIANCE_FAMILIES, ...ACCURACY_ROWS, ...BATTERY_CHECKS, ...NULL_FAMILIES];

// ---------------------------------------------------------------------------------------------
// Accessors.

/** The entries of one kind declared at `scale` (an "every" entry applies at each scale; without `scale`, every entry of the kind), in table order. */
export function knownFailuresOf<K extends KnownFailureKind>(kind: K, scale?: Scale, list: readonly KnownFailureEntry[] = KNOWN_FAILURES): Extract<KnownFailureEntry, { kind: K }>[] {
  return list.filter((e): e is Extract<KnownFailureEntry, { kind: K }> => e.kind === kind && (scale === undefined || e.scale === "every" || e.scale === scale));
}

/** The pin of claim `id` at `scale`, or null. */
export function knownFailure(id: string, scale: Scale, list: readonly KnownFailureEntry[] = KNOWN_FAILURES): ClaimPin | null {
  return knownFailuresOf("claim", scale, list).find((k) => k.claim === id) ?? null;
}

/** Every way a record differs from its pinned entry (empty when it matches exactly). */
export function knownFailureMismatches(record: ClaimRecord, entry: ClaimPin): string[] {
  const out: string[] = [];
  if (record.status !== entry.status) out.push(`verdict ${record.status}, pinned ${entry.status}`);
  if (entry.learnedSeeds !== undefined && record.seeds.learned !== entry.learnedSeeds) out.push(`learned seeds ${record.seeds.learned}, pinned ${entry.learnedSeeds}`);
  for (const c of record.checks) {
    const pin = entry.rules.find((r) => r.rule === c.rule);
    if (!pin) {
      if (c.outcome !== "reproduced") out.push(`rule ${c.rule} is ${c.outcome} (statistic ${c.statistic}) but not pinned`);
      else if (entry.scale === "paper") out.push(`rule ${c.rule} (reproduced, statistic ${c.statistic}) is not pinned: paper-scale entries pin every rule`);
      continue;
    }
    if (c.outcome !== pin.outcome) out.push(pin.outcome !== "reproduced" && c.outcome === "reproduced" ? `pinned rule ${pin.rule} is now reproduced (statistic ${c.statistic})` : `rule ${c.rule} is ${c.outcome}, pinned ${pin.outcome}`);
    if (!(c.statistic >= pin.statistic[0] && c.statistic <= pin.statistic[1])) out.push(`rule ${c.rule}: statistic ${c.statistic} outside its pinned band [${pin.statistic[0]}, ${pin.statistic[1]}]`);
  }
  for (const pin of entry.rules) if (!record.checks.some((x) => x.rule === pin.rule)) out.push(`pinned rule ${pin.rule} is missing from the record`);
  return out;
}

/**
 * How results in named scopes (an accuracy row: family x channel; a battery check: family x
 * check) stand against the entries declared for them: `unexpected` results fail with no entry,
 * `fixed` results hold although an entry declares them failing (the entry no longer applies:
 * remove it), and `unmatched` entries name a scope no result has (renamed or removed). All empty:
 * the results match the table.
 */
export function scopeProblems<R, E>(results: readonly R[], entries: readonly E[], scope: { result: (r: R) => string; entry: (e: E) => string }, holds: (r: R) => boolean): { unexpected: R[]; fixed: R[]; unmatched: E[] } {
  const declared = new Set(entries.map(scope.entry));
  const seen = new Set(results.map(scope.result));
  return {
    unexpected: results.filter((r) => !holds(r) && !declared.has(scope.result(r))),
    fixed: results.filter((r) => holds(r) && declared.has(scope.result(r))),
    unmatched: entries.filter((e) => !seen.has(scope.entry(e))),
  };
}

/** A declared invariance failure may grow to 110% of its measured size (worst difference, systematic shift) before it turns red. */
export const INVARIANCE_GROWTH = 1.1;

/** What one decoder family measured in the invariance claim at a scale. */
export interface InvarianceFamilyResult {
  family: string;
  /** Pairs whose |I_u(AZ + b) - I_u(Z)| exceeds the registered bound. */
  overBound: number;
  /** Worst |I_u(AZ + b) - I_u(Z)|, bits. */
  worstBits: number;
  /** Largest |mean paired shift| over the extra decoder seeds among pairs judged systematic (0: none), bits. */
  systematicBits: number;
  /** Each systematic pair in words. */
  systematic: readonly string[];
}

/**
 * Why a family's invariance result does not match the table at `scale` (empty when it does): a
 * declared family must still fail, by no more than INVARIANCE_GROWTH of its declared worst
 * difference and systematic shift; an undeclared family must hold.
 */
export function invarianceProblems(r: InvarianceFamilyResult, scale: Scale, list: readonly KnownFailureEntry[] = KNOWN_FAILURES): string[] {
  const known = knownFailuresOf("invariance-family", scale, list).find((k) => k.family === r.family);
  if (!known) return r.overBound > 0 ? [`${r.family}: ${r.overBound} pair(s) over the bound and no known failure declared at ${scale} scale`] : [];
  const problems: string[] = [];
  if (r.overBound === 0) problems.push(`${r.family}: declared a known failure at ${scale} scale but every pair holds now (worst ${r.worstBits.toFixed(4)}); remove its entry in src/claims/known-failures.ts`);
  if (r.worstBits > INVARIANCE_GROWTH * known.maxAbsDiffBits) problems.push(`${r.family}: worst difference ${r.worstBits.toFixed(4)} grew beyond 110% of the declared ${known.maxAbsDiffBits}`);
  if (r.systematicBits > INVARIANCE_GROWTH * known.maxSystematicBits) problems.push(...r.systematic.map((x) => `${r.family}: ${x} beyond the declared ${known.maxSystematicBits}`));
  return problems;
}

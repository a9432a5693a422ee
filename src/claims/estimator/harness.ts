/**
 * Harness of the estimator property claims (PROTOCOL.md section 3, paper appendix A.1): decoder
 * families per scale, fast-check arbitraries of analytic channels (src/info/channels: channels whose mutual information is known exactly),
 * one batched estimate per family and property run, and the fast-check glue. No vitest: the
 * claims of src/claims/estimator build their records with it, the spec files only register them.
 *
 * N is the total number of rows of a case, split as in the CB protocol: 1/4 decoder-train,
 * 3/4 decoder-test (1250 / 3750 at N = 5000). SE is the standard error of the mean test
 * cross-entropy, in bits. Every property is seeded (fc.assert `seed`), bounded
 * (`numRuns`, `fc.interruptAfterTimeLimit`) and stops at its first failure (`endOnFailure`: a run
 * costs seconds, shrinking would cost minutes); the failure message carries fast-check's seed and
 * path. Replay one spec with ESTIMATOR_FC_REPLAY="<seed>:<path>".
 */
import fc from "fast-check";
import { estimateUsableInfo } from "../../info/core/estimate.js";
import { CB_DECODER_LR, cbDecoder, cifarDecoder, linearDecoder } from "../../info/core/families.js";
import {
  affineTransform,
  binaryAntipodal,
  erasure,
  independence,
  oneHotGaussian,
  symmetricChannel,
  uniformIntervals,
  type Channel,
} from "../../info/channels/index.js";
import type { DecoderConfig, DecoderTask, LabelledData, Scale, UsableInfo } from "../../interfaces.js";
import { initBackend } from "../../runtime/backend.js";
import { createRng, deriveSeed } from "../../runtime/rng.js";

/** Fraction of a case's N rows used to train the decoder (CB protocol: 1250 of 5000). */
export const TRAIN_FRACTION = 0.25;

/**
 * Cases per property at one scale. Every scale runs the families as registered (CB 100 epochs at
 * lr 0.05 and 0.5, CIFAR 50, linear 50: PROTOCOL.md section 1); ci runs fewer cases, never weaker
 * decoders (a shorter-trained decoder is a weaker one, and "I_u <= I + 3 SE" or "|I_u| <= 0.02"
 * are easier for it). The fast-check draws of a property are the same sequence at both scales, so
 * the ci cases are the first ones of the paper-scale cases.
 */
export interface ScaleSettings {
  /** fast-check runs per property and family (each run estimates several cases). */
  runs: { lowerBound: number; tight: number; null: number; monotonicity: number; units: number };
  /**
   * Guard against a hang, per property and family, ms: a property that does not finish all its
   * runs within it fails with "ran k of n" (checkProperty), it never passes on fewer cases.
   */
  timeLimitMs: number;
}

export const SETTINGS: Record<Scale, ScaleSettings> = {
  paper: {
    runs: { lowerBound: 10, tight: 6, null: 10, monotonicity: 6, units: 10 },
    timeLimitMs: 120 * 60_000,
  },
  ci: {
    runs: { lowerBound: 4, tight: 6, null: 3, monotonicity: 2, units: 8 },
    timeLimitMs: 15 * 60_000,
  },
};

export interface Family {
  /** "cb-lr0.05", "cb-lr0.5", "cifar", "linear" (the names of the accuracy and invariance claims). */
  name: string;
  cfg: DecoderConfig;
}

/**
 * The decoder families as registered (PROTOCOL.md section 1), the same at every scale: the CB
 * decoder at both run learning rates (0.05 for Small FC runs, 0.5 for Medium FC runs), 100 epochs;
 * the CIFAR decoder, 50 epochs; the linear decoder, 50 epochs.
 */
export function families(): Family[] {
  return [
    { name: "cb-lr0.05", cfg: cbDecoder(CB_DECODER_LR.smallFc) },
    { name: "cb-lr0.5", cfg: cbDecoder(CB_DECODER_LR.mediumFc) },
    { name: "cifar", cfg: cifarDecoder() },
    { name: "linear", cfg: linearDecoder() },
  ];
}

/** The registered decoder of one family by name (throws on an unknown name). */
export function family(name: string): Family {
  const f = families().find((x) => x.name === name);
  if (!f) throw new Error(`no decoder family "${name}"; the families are ${families().map((x) => x.name).join(", ")}`);
  return f;
}

// ---------------------------------------------------------------------------------------------
// Channel specs: plain data (fast-check prints and replays them), built into Channel objects.

export type ChannelSpec =
  | { kind: "antipodal"; snr: number; sigma: number }
  | { kind: "one-hot"; k: number; snr: number; sigma: number; dim: number }
  | { kind: "uniform-intervals"; m: number }
  | { kind: "erasure"; labelProbs: number[]; erasureProb: number; encoding: "one-hot" | "interval" }
  | { kind: "symmetric"; k: number; errorProb: number }
  | { kind: "independence"; labelProbs: number[]; dim: number };

export interface CaseSpec {
  channel: ChannelSpec;
  /** Invertible affine map applied to Z (seed, condition number), or none. */
  affine: { seed: number; cond: number } | null;
}

/** Independent N(0, 1) coordinates appended to Z up to `dim`: I(Z;Y) unchanged (they are independent of (Z, Y)). */
export function padWithNoise(base: Channel, dim: number): Channel {
  if (dim < base.dim) throw new Error(`padWithNoise: dim ${dim} < base dim ${base.dim}`);
  if (dim === base.dim) return base;
  return {
    ...base,
    id: `${base.id}|pad(dim=${dim})`,
    dim,
    sample(n: number, seed: number): LabelledData {
      const d = base.sample(n, seed);
      const rng = createRng(deriveSeed(seed, "pad"));
      const z = new Float32Array(n * dim);
      for (let r = 0; r < n; r++) {
        z.set(d.z.subarray(r * base.dim, (r + 1) * base.dim), r * dim);
        for (let j = base.dim; j < dim; j++) z[r * dim + j] = rng.normal();
      }
      return { z, dim, labels: d.labels, numClasses: d.numClasses };
    },
    miBits: () => base.miBits(),
    hYBits: () => base.hYBits(),
    labelProbs: () => base.labelProbs(),
  };
}

export function buildChannel(spec: ChannelSpec): Channel {
  switch (spec.kind) {
    case "antipodal":
      return binaryAntipodal({ mu: spec.snr * spec.sigma, sigma: spec.sigma });
    case "one-hot":
      return oneHotGaussian({ k: spec.k, amplitude: spec.snr * spec.sigma, sigma: spec.sigma, dim: spec.dim });
    case "uniform-intervals":
      return uniformIntervals({ m: spec.m });
    case "erasure":
      return erasure({ labelProbs: spec.labelProbs, erasureProb: spec.erasureProb, encoding: spec.encoding });
    case "symmetric":
      return symmetricChannel({ k: spec.k, errorProb: spec.errorProb });
    case "independence":
      return independence({ labelProbs: spec.labelProbs, dim: spec.dim });
  }
}

export function buildCase(c: CaseSpec): Channel {
  const base = buildChannel(c.channel);
  return c.affine ? affineTransform(base, { seed: c.affine.seed, conditionNumber: c.affine.cond }) : base;
}

/** A double in [min, max] rounded to 3 decimals (readable ids and counterexamples). */
export const num = (min: number, max: number): fc.Arbitrary<number> =>
  fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((x) => Math.round(x * 1000) / 1000);

/** Label distribution on k classes with every probability >= 0.05 / k (skewed, never empty). */
export const labelProbsArb = (k: number): fc.Arbitrary<number[]> =>
  fc.array(num(0.05, 1), { minLength: k, maxLength: k }).map((w) => {
    const s = w.reduce((a, b) => a + b, 0);
    const p = w.map((x) => Math.round((x / s) * 1e4) / 1e4);
    p[k - 1] = Math.round((1 - p.slice(0, k - 1).reduce((a, b) => a + b, 0)) * 1e4) / 1e4;
    return p;
  });

/** Any analytic channel with k classes (binary antipodal only for k = 2; uniform intervals need m = k). */
export function channelArb(k: number): fc.Arbitrary<ChannelSpec> {
  const options: fc.Arbitrary<ChannelSpec>[] = [
    fc.record({ kind: fc.constant("one-hot" as const), k: fc.constant(k), snr: num(0.2, 4), sigma: num(0.5, 2), dim: fc.integer({ min: k, max: k + 3 }) }),
    fc.record({ kind: fc.constant("uniform-intervals" as const), m: fc.constant(k) }),
    fc.record({ kind: fc.constant("erasure" as const), labelProbs: labelProbsArb(k), erasureProb: num(0, 0.9), encoding: fc.constantFrom("one-hot" as const, "interval" as const) }),
    fc.record({ kind: fc.constant("symmetric" as const), k: fc.constant(k), errorProb: num(0, (k - 1) / k) }),
    fc.record({ kind: fc.constant("independence" as const), labelProbs: labelProbsArb(k), dim: fc.integer({ min: 1, max: 4 }) }),
  ];
  if (k === 2) options.push(fc.record({ kind: fc.constant("antipodal" as const), snr: num(0.1, 3), sigma: num(0.5, 2) }));
  return fc.oneof(...options);
}

// ---------------------------------------------------------------------------------------------
// Running cases.

/** One estimated case: what the tables list. */
export interface CaseRow {
  family: string;
  channel: string;
  nTrain: number;
  nTest: number;
  trueBits: number;
  miErrorBits: number;
  iuBits: number;
  seBits: number;
  hYBits: number;
  testCeNats: number;
  decoderFailure: boolean;
  /** Free per-property fields (pair index, rung, tolerance, ...). */
  note?: string;
}

export interface Case {
  id: string;
  channel: Channel;
  nTrain: number;
  nTest: number;
  /** Seed of the rows (train and test streams are derived from it by name). */
  dataSeed: number;
  /** Seed of the decoder. */
  decoderSeed: number;
  /** Pass the exact H(Y) of the channel (default) or let the estimator use the plug-in entropy of the sample. */
  exactEntropy?: boolean;
  note?: string;
}

/** Split N rows as in the CB protocol: round(N / 4) train, the rest test. */
export function splitRows(n: number): { nTrain: number; nTest: number } {
  const nTrain = Math.round(n * TRAIN_FRACTION);
  return { nTrain, nTest: n - nTrain };
}

/**
 * All cases with one decoder family in ONE estimateUsableInfo call (cases of equal dim, k and
 * train rows share a batched bank). Cases pad to a common dim beforehand when the caller wants that.
 */
export async function estimateCases(cases: Case[], fam: Family): Promise<CaseRow[]> {
  await initBackend();
  const tasks: DecoderTask[] = cases.map((c) => ({
    id: c.id,
    seed: c.decoderSeed,
    train: c.channel.sample(c.nTrain, deriveSeed(c.dataSeed, "train")),
    test: c.channel.sample(c.nTest, deriveSeed(c.dataSeed, "test")),
    ...(c.exactEntropy === false ? {} : { hYBits: c.channel.hYBits() }),
  }));
  const res: UsableInfo[] = await estimateUsableInfo(tasks, fam.cfg);
  return res.map((r, i) => ({
    family: fam.name,
    channel: cases[i].channel.id,
    nTrain: cases[i].nTrain,
    nTest: cases[i].nTest,
    trueBits: cases[i].channel.miBits(),
    miErrorBits: cases[i].channel.miErrorBits,
    iuBits: r.bits,
    seBits: r.testCeSeNats / Math.LN2,
    hYBits: r.hYBits,
    testCeNats: r.testCeNats,
    decoderFailure: r.decoderFailure,
    ...(cases[i].note ? { note: cases[i].note } : {}),
  }));
}

// ---------------------------------------------------------------------------------------------
// fast-check glue.

export interface PropertyOutcome {
  /** Every requested run completed and none failed. */
  pass: boolean;
  /** Runs whose body completed. */
  runs: number;
  /** Runs requested (numRuns; 1 when replaying a counterexample). */
  requested: number;
  /** Why it did not pass: fast-check's report (seed, path, counterexample), or "ran k of n". */
  report: string | null;
}

/** The fast-check seed of a spec, or ESTIMATOR_FC_REPLAY's. */
function replay(): { seed: number; path: string } | null {
  const r = process.env.ESTIMATOR_FC_REPLAY;
  if (!r) return null;
  const m = /^(-?\d+):(.+)$/.exec(r);
  if (!m) throw new Error(`ESTIMATOR_FC_REPLAY must be "<seed>:<path>", got ${JSON.stringify(r)}`);
  return { seed: Number(m[1]), path: m[2] };
}

/**
 * fc.assert over an async property with a fixed seed and exactly `numRuns` runs, stopping at the
 * first failure. It passes only when every run completed: a property interrupted by `timeLimitMs`
 * (a hang guard, fc.interruptAfterTimeLimit) fails with "ran k of n", since it was not checked on
 * every case it promises. Never throws: the outcome goes into the record.
 */
export async function checkProperty<T>(arb: fc.Arbitrary<T>, body: (v: T) => Promise<void>, opts: { seed: number; numRuns: number; timeLimitMs: number }): Promise<PropertyOutcome> {
  let runs = 0;
  const r = replay();
  // A replay runs the one counterexample of its path.
  const requested = r ? 1 : opts.numRuns;
  try {
    await fc.assert(
      fc.asyncProperty(arb, async (v) => {
        await body(v);
        runs++;
      }),
      {
        seed: r?.seed ?? opts.seed,
        ...(r ? { path: r.path } : {}),
        numRuns: opts.numRuns,
        endOnFailure: true,
        // The failing run's message (every offending case, requireNone) in the report, not only in err.cause.
        includeErrorInReport: true,
        plugins: [fc.interruptAfterTimeLimit(opts.timeLimitMs)],
      },
    );
  } catch (err) {
    return { pass: false, runs, requested, report: (err as Error).message };
  }
  if (runs < requested) {
    return { pass: false, runs, requested, report: `ran ${runs} of ${requested} fast-check runs: interrupted after the time limit of ${opts.timeLimitMs} ms, so the property was not checked on every case it promises` };
  }
  return { pass: true, runs, requested, report: null };
}

/** Throws (failing the fast-check run) with every offending row when `bad` is non-empty. */
export function requireNone(bad: string[], rule: string): void {
  if (bad.length > 0) throw new Error(`${rule}:\n  ${bad.join("\n  ")}`);
}

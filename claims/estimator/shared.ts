/**
 * Harness of the estimator property suite (PROTOCOL.md section 3, paper appendix A.1): decoder
 * families per scale, fast-check arbitraries of analytic channels (DESIGN.md "Analytic channels"),
 * one batched estimate per family and property run, and the ClaimRecord every spec writes to
 * task.meta.claim.
 *
 * N is the total number of rows of a case, split as in the CB protocol: 1/4 decoder-train,
 * 3/4 decoder-test (1250 / 3750 at N = 5000). SE is the standard error of the mean test
 * cross-entropy, in bits. Every property is seeded (fc.assert `seed`), bounded
 * (`numRuns`, `fc.interruptAfterTimeLimit`) and stops at its first failure (`endOnFailure`: a run
 * costs seconds, shrinking would cost minutes); the failure message carries fast-check's seed and
 * path. Replay one spec with ESTIMATOR_FC_REPLAY="<seed>:<path>".
 */
import fc from "fast-check";
import { estimateUsableInfo } from "../../src/info/estimate.js";
import { cbDecoder, cifarDecoder, linearDecoder } from "../../src/info/families.js";
import {
  affineTransform,
  binaryAntipodal,
  erasure,
  independence,
  oneHotGaussian,
  symmetricChannel,
  uniformIntervals,
  type Channel,
} from "../../src/info/channels/index.js";
import type { DecoderConfig, DecoderTask, LabelledData, Scale, UsableInfo } from "../../src/interfaces.js";
import type { ClaimCheck, ClaimRecord, ReportTable } from "../../src/claim-interfaces.js";
import { currentScale } from "../../src/experiments/scale.js";
import { initBackend } from "../../src/runtime/backend.js";
import { createRng, deriveSeed } from "../../src/runtime/rng.js";

/** Fraction of a case's N rows used to train the decoder (CB protocol: 1250 of 5000). */
export const TRAIN_FRACTION = 0.25;

/** Decoder epochs and property sizes of one scale. */
export interface ScaleSettings {
  /** Epochs of the CB decoder in the properties where training length is not the point. */
  cbEpochs: number;
  /** Epochs of the CB decoder where overfitting or convergence matters (null, invariance): the claims' own protocol. */
  cbProtocolEpochs: number;
  cifarEpochs: number;
  cifarProtocolEpochs: number;
  linearEpochs: number;
  /** fast-check runs per property and family. */
  runs: { lowerBound: number; tight: number; null: number; invariance: number; monotonicity: number; units: number };
  /** interruptAfterTimeLimit per property, ms. */
  timeLimitMs: number;
}

export const SETTINGS: Record<Scale, ScaleSettings> = {
  // PROTOCOL.md protocol: 100 CB / 50 CIFAR decoder epochs.
  paper: {
    cbEpochs: 100,
    cbProtocolEpochs: 100,
    cifarEpochs: 50,
    cifarProtocolEpochs: 50,
    linearEpochs: 50,
    runs: { lowerBound: 6, tight: 6, null: 3, invariance: 4, monotonicity: 4, units: 10 },
    timeLimitMs: 30 * 60_000,
  },
  // ci: the CB decoder at 30 epochs is the ci claims' protocol (src/experiments/cb-config.ts);
  // the lower bound and monotonicity use 10 / 20 epochs (a shorter-trained decoder is a weaker
  // decoder: the bound still applies, and monotonicity is in the SNR, not the epochs).
  ci: {
    cbEpochs: 12,
    cbProtocolEpochs: 30,
    cifarEpochs: 6,
    cifarProtocolEpochs: 15,
    linearEpochs: 50,
    runs: { lowerBound: 8, tight: 6, null: 2, invariance: 3, monotonicity: 4, units: 8 },
    timeLimitMs: 90_000,
  },
};

export interface Family {
  name: "cb" | "cifar" | "linear";
  cfg: DecoderConfig;
}

/**
 * The three decoder families. CB uses lr 0.05 (the Small FC runs' decoder); lr 0.5 (Medium FC)
 * has a seed-to-seed spread of up to 0.4 bit at 30 epochs (measured; see the suite's report) and
 * is covered by the regression fixtures of CB-10 instead.
 */
export function families(scale: Scale, protocol = false): Family[] {
  const s = SETTINGS[scale];
  return [
    { name: "cb", cfg: { ...cbDecoder(0.05), epochs: protocol ? s.cbProtocolEpochs : s.cbEpochs } },
    { name: "cifar", cfg: { ...cifarDecoder(), epochs: protocol ? s.cifarProtocolEpochs : s.cifarEpochs } },
    { name: "linear", cfg: linearDecoder({ epochs: s.linearEpochs }) },
  ];
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
  pass: boolean;
  /** Runs whose body completed. */
  runs: number;
  /** fast-check's report (seed, path, counterexample) when it failed. */
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
 * fc.assert over an async property with a fixed seed, at most `numRuns` runs, interrupted after
 * `timeLimitMs`, stopping at the first failure. Never throws: the outcome goes into the record.
 */
export async function checkProperty<T>(arb: fc.Arbitrary<T>, body: (v: T) => Promise<void>, opts: { seed: number; numRuns: number; timeLimitMs: number }): Promise<PropertyOutcome> {
  let runs = 0;
  const r = replay();
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
        plugins: [fc.interruptAfterTimeLimit(opts.timeLimitMs)],
      },
    );
    return { pass: runs > 0, runs, report: runs > 0 ? null : `no run completed within ${opts.timeLimitMs} ms` };
  } catch (err) {
    return { pass: false, runs, report: (err as Error).message };
  }
}

/** Throws (failing the fast-check run) with every offending row when `bad` is non-empty. */
export function requireNone(bad: string[], rule: string): void {
  if (bad.length > 0) throw new Error(`${rule}:\n  ${bad.join("\n  ")}`);
}

// ---------------------------------------------------------------------------------------------
// Records.

export const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : String(x));
export const f4 = (x: number): string => (Number.isFinite(x) ? x.toFixed(4) : String(x));

/** Per-case table: channel, N, true I, I_u, SE, gap = I - I_u (bits). */
export function caseTable(title: string, rows: CaseRow[], extra?: { column: string; value: (r: CaseRow) => string }): ReportTable {
  return {
    title,
    columns: ["family", "channel", "N train/test", "true I (bits)", "I_u (bits)", "SE (bits)", "gap I - I_u (bits)", ...(extra ? [extra.column] : [])],
    rows: rows.map((r) => [r.family, r.channel, `${r.nTrain}/${r.nTest}`, f4(r.trueBits), f4(r.iuBits), f4(r.seBits), f4(r.trueBits - r.iuBits), ...(extra ? [extra.value(r)] : [])]),
  };
}

/**
 * A check of an estimator property: deterministic (seeded fast-check runs), so it is reproduced
 * when the property held on every generated case and contradicted when a case broke it. The rule
 * id is the check's name in kebab case; `statistic <= threshold` is the property's worst case.
 */
export function check(name: string, pass: boolean, statistic: number, threshold: number, message: string): ClaimCheck {
  const rule = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  return { rule, name, outcome: pass ? "reproduced" : "contradicted", pass, statistic, ci: null, comparison: "<=", threshold, message: `${pass ? "REPRODUCED" : "CONTRADICTED"} ${name}: ${message}` };
}

/** A check from a property outcome plus its worst-case statistic. */
export function propertyCheck(name: string, out: PropertyOutcome, statistic: number, threshold: number, rule: string): ClaimCheck {
  const head = `${rule}; worst case ${f4(statistic)} vs ${threshold} over ${out.runs} fast-check run(s)`;
  return check(name, out.pass, statistic, threshold, out.report ? `${head}\n${out.report}` : head);
}

export async function estimatorRecord(args: { id: string; statement: string; checks: ClaimCheck[]; tables: ReportTable[]; rows: CaseRow[]; runs: number }): Promise<ClaimRecord> {
  const backend = await initBackend();
  return {
    id: `estimator-${args.id}`,
    paper: "App. A.1",
    statement: args.statement,
    scale: currentScale(),
    backend: backend.name,
    status: args.checks.length > 0 && args.checks.every((c) => c.pass) ? "reproduced" : "contradicted",
    checks: args.checks,
    seeds: { total: args.runs, learned: null },
    clipping: { points: args.rows.length, clipped: 0, decoderFailures: args.rows.filter((r) => r.decoderFailure).length },
    tables: args.tables,
    runs: [],
  };
}

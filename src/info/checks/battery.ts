/**
 * The battery every decoder family must pass (in the manner of scikit-learn's estimator checks):
 * small named checks, each on tiny seeded data, each naming the family and the numbers in its
 * message. Known failures are declared as data with a reason (the caller passes them in; the table
 * is src/claims/known-failures.ts), never skipped silently, and never turned into passes: a result
 * keeps its measured outcome.
 *
 *   same-seed-same-result   a task estimated twice (in a bank with other tasks, then alone) gives
 *                           bit-identical I_u; another decoder seed gives a different value
 *   independence-near-zero  Z independent of Y: |I_u| <= nullSlackBits
 *   bounds                  an informative channel: -boundSlackBits <= I_u <= H(Y) + boundSlackBits
 *   relabel-invariance      permuting the label values (y -> pi(y)) on the same rows, same seed:
 *                           |I_u change| <= relabelTolBits
 *   affine-invariance       the same rows under an invertible affine map of Z, same seed: per-unit
 *                           scales log-uniform in 1e-3..1e3 with offsets, and a rotation with
 *                           condition number 1e4 with offsets: |I_u change| <= relabelTolBits
 *                           each (PROTOCOL.md section 3, amended 2026-12-02)
 *   bad-input-errors        wrong z length, NaN in z, a label outside {0..k-1}, train/test width
 *                           mismatch: each throws a message naming the task and the problem
 */
import type { DecoderConfig, DecoderInput, DecoderTask, LabelledData } from "../../interfaces.js";
import { createRng, deriveSeed, permutation } from "../../runtime/rng.js";
import { affineMap, applyAffineMap, independence, oneHotGaussian, type AffineOptions } from "../channels/index.js";
import { estimateUsableInfo } from "../core/estimate.js";

export interface BatterySettings {
  /** Decoder-train rows of every check. */
  nTrain: number;
  /** Decoder-test rows of every check. */
  nTest: number;
  /** Bound on |I_u| for independent data, bits. */
  nullSlackBits: number;
  /** Slack of 0 <= I_u <= H(Y), bits. */
  boundSlackBits: number;
  /** Bound on the change of I_u when label values are permuted, bits. */
  relabelTolBits: number;
  /** Seed of the data (>= 1). */
  seed: number;
}

/**
 * Small, fast defaults (ours): 1000 / 1000 rows. The null slack 0.03 bit covers a decoder's
 * overfitting (~P / (2 n) nats for P effective parameters) plus ~3 SE of the test CE; at 400
 * train rows the CIFAR decoder (200-100, Adam) reached -0.037 bit on independent data after 4
 * epochs, hence 1000. The relabel tolerance 0.05 bit covers a decoder-seed-like change of
 * trajectory (output units trade places).
 */
export const DEFAULT_BATTERY: BatterySettings = { nTrain: 1000, nTest: 1000, nullSlackBits: 0.03, boundSlackBits: 0.05, relabelTolBits: 0.05, seed: 11 };

export type BatteryCheck = "same-seed-same-result" | "independence-near-zero" | "bounds" | "relabel-invariance" | "affine-invariance" | "bad-input-errors";

export interface BatteryResult {
  check: BatteryCheck;
  family: string;
  pass: boolean;
  /** What was measured, with the family name: the message a failure prints. */
  detail: string;
  /**
   * Set for a declared known failure: the measured reason. `pass` stays what was measured, so
   * a caller can require that a declared failure still fails (and notice when it is fixed).
   */
  knownFailure?: string;
}

/** A declared known failure of the battery: family x check, with the reason. */
export interface BatteryKnownFailure {
  family: string;
  check: BatteryCheck;
  reason: string;
}

function relabel(d: LabelledData, perm: Int32Array): LabelledData {
  return { ...d, labels: Int32Array.from(d.labels, (y) => perm[y]) };
}

async function throwsWith(fn: () => Promise<unknown>, pattern: RegExp): Promise<string | null> {
  try {
    await fn();
    return "did not throw";
  } catch (err) {
    const msg = (err as Error).message;
    return pattern.test(msg) ? null : `threw "${msg}", expected ${pattern}`;
  }
}

/**
 * Runs every check for one family; results in the order of the module comment, a check that
 * `known` declares carrying its reason. `input` sets what the decoders see of Z (default
 * whitened, the registered reading; "raw" for the comparison of scripts/estimator-before-after.ts).
 */
export async function runBattery(family: string, cfg: DecoderConfig, known: readonly BatteryKnownFailure[], s: BatterySettings = DEFAULT_BATTERY, input?: DecoderInput): Promise<BatteryResult[]> {
  const results: BatteryResult[] = [];
  const push = (check: BatteryCheck, pass: boolean, detail: string): void => {
    const declared = known.find((k) => k.family === family && k.check === check);
    results.push({ check, family, pass, detail: `${family}: ${check}: ${detail}`, ...(declared ? { knownFailure: declared.reason } : {}) });
  };
  const sample = (ch: { sample(n: number, seed: number): LabelledData }, tag: string) => ({
    train: ch.sample(s.nTrain, deriveSeed(s.seed, tag, "train")),
    test: ch.sample(s.nTest, deriveSeed(s.seed, tag, "test")),
  });

  const info = sample(oneHotGaussian({ k: 3, amplitude: 2, sigma: 1 }), "info");
  const nul = sample(independence({ k: 3, dim: 3 }), "null");
  const perm = permutation(3, createRng(deriveSeed(s.seed, "relabel")));
  if (perm.every((p, i) => p === i)) perm.reverse();
  const mapOf = (options: AffineOptions) => {
    const m = affineMap(info.train.dim, options);
    return { train: { ...info.train, z: applyAffineMap(m, info.train.z) }, test: { ...info.test, z: applyAffineMap(m, info.test.z) } };
  };
  const reading = input ? { input } : {};
  const tasks: DecoderTask[] = [
    { id: "info", seed: 1, ...info, ...reading },
    { id: "info-seed2", seed: 2, ...info, ...reading },
    { id: "null", seed: 1, ...nul, ...reading },
    { id: "info-relabelled", seed: 1, train: relabel(info.train, perm), test: relabel(info.test, perm), ...reading },
    { id: "info-per-unit", seed: 1, ...mapOf({ seed: deriveSeed(s.seed, "per-unit"), rotate: false, unitScaleRange: [1e-3, 1e3], offsetScale: 3 }), ...reading },
    { id: "info-rotated", seed: 1, ...mapOf({ seed: deriveSeed(s.seed, "rotation"), conditionNumber: 1e4, offsetScale: 3 }), ...reading },
  ];
  const [a, a2, n, r, pu, rot] = await estimateUsableInfo(tasks, cfg);
  const [alone] = await estimateUsableInfo([tasks[0]], cfg);

  push("same-seed-same-result", alone.bits === a.bits && a2.bits !== a.bits, `I_u ${a.bits} (in a bank), ${alone.bits} (alone), ${a2.bits} (decoder seed 2): same seed must be identical, another seed different`);
  push("independence-near-zero", Math.abs(n.bits) <= s.nullSlackBits, `|I_u| = ${Math.abs(n.bits).toFixed(4)} bit for independent Z, Y (bound ${s.nullSlackBits})`);
  push("bounds", a.bits >= -s.boundSlackBits && a.bits <= a.hYBits + s.boundSlackBits, `I_u ${a.bits.toFixed(4)} must lie in [-${s.boundSlackBits}, H(Y) ${a.hYBits.toFixed(4)} + ${s.boundSlackBits}]`);
  push("relabel-invariance", Math.abs(r.bits - a.bits) <= s.relabelTolBits, `labels permuted by [${Array.from(perm).join(",")}]: I_u ${a.bits.toFixed(4)} -> ${r.bits.toFixed(4)} (tolerance ${s.relabelTolBits})`);
  push(
    "affine-invariance",
    Math.abs(pu.bits - a.bits) <= s.relabelTolBits && Math.abs(rot.bits - a.bits) <= s.relabelTolBits,
    `I_u ${a.bits.toFixed(4)} -> ${pu.bits.toFixed(4)} under per-unit scales 1e-3..1e3 with offsets, -> ${rot.bits.toFixed(4)} under a rotation with condition number 1e4 (tolerance ${s.relabelTolBits} each)`,
  );

  const good = tasks[0];
  const bad: string[] = [];
  const problems: [string, DecoderTask, RegExp][] = [
    ["wrong z length", { ...good, id: "bad-shape", train: { ...good.train, z: good.train.z.subarray(1) } }, /task "bad-shape" train: z has \d+ values, expected rows \* dim/],
    ["NaN in z", { ...good, id: "nan", test: { ...good.test, z: Float32Array.from(good.test.z, (v, i) => (i === 7 ? Number.NaN : v)) } }, /task "nan" test: z is NaN at row 2, column 1/],
    ["label out of range", { ...good, id: "label", train: { ...good.train, labels: Int32Array.from(good.train.labels, (y, i) => (i === 3 ? 3 : y)) } }, /task "label" train: label 3 at row 3 is outside \{0\.\.2\}/],
    ["train/test width mismatch", { ...good, id: "width", test: { ...good.test, dim: 1, z: good.test.z.subarray(0, s.nTest) } }, /task "width": train dim 3 != test dim 1/],
  ];
  for (const [what, task, pattern] of problems) {
    const why = await throwsWith(() => estimateUsableInfo([task], cfg), pattern);
    if (why) bad.push(`${what}: ${why}`);
  }
  push("bad-input-errors", bad.length === 0, bad.length === 0 ? "wrong shapes, NaN and bad labels give named errors" : bad.join("; "));
  return results;
}

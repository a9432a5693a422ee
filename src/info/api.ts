/**
 * The estimator for use from another project, in one call or as a fit/score object:
 *
 *   import { usableInformation, UsableInformationEstimator } from "usable-info-claims";
 *   const r = await usableInformation(z, y);             // z: number[][] (rows), y: class indices
 *   console.log(r.bits, r.seBits, r.testAccuracy);
 *
 *   const est = new UsableInformationEstimator({ family: "linear" });
 *   est.fit(zTrain, yTrain);
 *   const s = est.score(zTest, yTest);                   // bits, SE, accuracy, and the decoder's
 *   s.probabilities[0];                                  // q(y | z) of each test row
 *
 * I_u(Z;Y) = H(Y) - L_CE / ln 2 bits, with L_CE the test cross-entropy of a decoder trained on the
 * train rows (PROTOCOL.md section 0). Decoders see whitened Z by default (the registered reading),
 * fitted on the train rows only. `usableInformation` splits the rows itself (a seeded shuffle;
 * 1/4 train and 3/4 test by default, the checkerboard protocol's proportion) and trains with the
 * fast implementation (WebAssembly kernel on the CPU, the tfjs bank on a GPU backend);
 * the estimator object trains the float64 reference decoder, which keeps its weights and so can
 * predict (slower: use it for moderate data, or the linear family).
 */
import type { DecoderConfig, DecoderDiagnostics, DecoderInput, DecoderTask, LabelledData } from "../interfaces.js";
import { estimateUsableInfo, summarise, validateTask, type DecoderImplementation } from "./core/estimate.js";
import { cbDecoder, cifarDecoder, linearDecoder, validateDecoderConfig } from "./core/families.js";
import { ReferenceDecoder } from "./decoders/decoder-reference.js";
import { splitDecoderRows } from "./core/split.js";
import { fitInputMap, type InputMap } from "./core/whiten.js";

/** Rows of Z: an array of equal-length rows, or a flat row-major array with its width. */
export type Rows = readonly (readonly number[])[] | { data: ArrayLike<number>; dim: number };

/** Decoder family by name (PROTOCOL.md section 0), or a full DecoderConfig. */
export type FamilyName = "cb" | "cb-medium" | "cifar" | "linear";

export interface UsableInformationOptions {
  /**
   * The decoder family: "cb" (the checkerboard decoder, MLP 128-64-32, SGD lr 0.05, 100 epochs;
   * the default), "cb-medium" (the same at lr 0.5), "cifar" (MLP 200-100, Adam, 50 epochs),
   * "linear" (softmax of an affine map, Adam, 50 epochs), or any DecoderConfig.
   */
  family?: FamilyName | DecoderConfig;
  /** Number of classes (default: the largest label + 1). */
  numClasses?: number;
  /** H(Y) in bits when known (default: the plug-in entropy of the labels). */
  hYBits?: number;
  /** What the decoder sees: "whitened" (default, registered), "standardised" or "raw". */
  input?: DecoderInput;
  /** Seed of the decoder (default 1). */
  seed?: number;
  /** usableInformation only: fraction of rows that train the decoder (default 0.25). */
  trainFraction?: number;
  /** usableInformation only: seed of the row shuffle before the split (default 1). */
  shuffleSeed?: number;
  /** usableInformation only: decoder implementation (default "auto"). */
  implementation?: DecoderImplementation;
}

export interface UsableInformationResult {
  /** I_u in bits (raw: may be slightly negative). */
  bits: number;
  /** Standard error of `bits` (of the mean test cross-entropy), bits. */
  seBits: number;
  hYBits: number;
  testCrossEntropyNats: number;
  testAccuracy: number;
  trainRows: number;
  testRows: number;
  numClasses: number;
  dim: number;
  family: string;
  input: DecoderInput;
  /** Directions of Z the decoder saw (0: no spread, bits 0 by definition). */
  inputRank: number;
  diagnostics: DecoderDiagnostics;
}

export interface ScoreResult extends UsableInformationResult {
  /** q(y | z) of each scored row (each sums to 1). */
  probabilities: number[][];
  /** The most probable class of each row. */
  predictions: number[];
}

/** The decoder config of a family option. */
export function familyConfig(f: FamilyName | DecoderConfig = "cb"): DecoderConfig {
  if (typeof f === "object") return validateDecoderConfig(f);
  switch (f) {
    case "cb":
      return cbDecoder(0.05);
    case "cb-medium":
      return cbDecoder(0.5);
    case "cifar":
      return cifarDecoder();
    case "linear":
      return linearDecoder();
    default:
      throw new Error(`family must be "cb", "cb-medium", "cifar", "linear" or a DecoderConfig, got ${JSON.stringify(f)}`);
  }
}

/** Rows as a flat float32 array with their width; throws on ragged or empty rows. */
export function toRows(z: Rows, what = "z"): { data: Float32Array; dim: number; rows: number } {
  if (Array.isArray(z)) {
    const rowsIn = z as readonly (readonly number[])[];
    if (rowsIn.length === 0) throw new Error(`${what}: no rows`);
    const dim = rowsIn[0]?.length ?? 0;
    if (!(dim >= 1)) throw new Error(`${what}: rows must be non-empty arrays of numbers`);
    const data = new Float32Array(rowsIn.length * dim);
    rowsIn.forEach((r, i) => {
      if (!Array.isArray(r) || r.length !== dim) throw new Error(`${what}: row ${i} has ${Array.isArray(r) ? r.length : "no"} values, row 0 has ${dim}`);
      for (let j = 0; j < dim; j++) data[i * dim + j] = r[j];
    });
    return { data, dim, rows: rowsIn.length };
  }
  const flat = z as { data: ArrayLike<number>; dim: number };
  if (!flat || typeof flat !== "object" || !("data" in flat) || !("dim" in flat)) throw new Error(`${what}: expected an array of rows or { data, dim }`);
  if (!Number.isInteger(flat.dim) || flat.dim < 1) throw new Error(`${what}: dim must be a positive integer, got ${flat.dim}`);
  if (flat.data.length === 0 || flat.data.length % flat.dim !== 0) throw new Error(`${what}: ${flat.data.length} values are not a positive multiple of dim ${flat.dim}`);
  return { data: flat.data instanceof Float32Array ? flat.data : Float32Array.from(flat.data), dim: flat.dim, rows: flat.data.length / flat.dim };
}

function toLabels(y: ArrayLike<number>, rows: number, numClasses: number | undefined, what = "y"): { labels: Int32Array; numClasses: number } {
  if (y.length !== rows) throw new Error(`${what}: ${y.length} labels for ${rows} rows`);
  const labels = new Int32Array(rows);
  let max = 0;
  for (let i = 0; i < rows; i++) {
    const v = y[i];
    if (!Number.isInteger(v) || v < 0) throw new Error(`${what}: label ${v} at row ${i} is not a class index (an integer >= 0)`);
    labels[i] = v;
    max = Math.max(max, v);
  }
  const k = numClasses ?? max + 1;
  if (!Number.isInteger(k) || k < 2) throw new Error(`${what}: numClasses must be an integer >= 2, got ${k}`);
  if (max >= k) throw new Error(`${what}: label ${max} is outside {0..${k - 1}}`);
  return { labels, numClasses: k };
}

function result(family: DecoderConfig, u: ReturnType<typeof summarise>, trainRows: number, testRows: number, numClasses: number, dim: number): UsableInformationResult {
  return {
    bits: u.bits,
    seBits: u.testCeSeBits,
    hYBits: u.hYBits,
    testCrossEntropyNats: u.testCeNats,
    testAccuracy: u.testAccuracy,
    trainRows,
    testRows,
    numClasses,
    dim,
    family: family.family,
    input: u.input ?? "whitened",
    inputRank: u.inputRank ?? dim,
    diagnostics: u.diagnostics,
  };
}

/** Usable information of Z about Y in one call (module comment). */
export async function usableInformation(z: Rows, y: ArrayLike<number>, opts: UsableInformationOptions = {}): Promise<UsableInformationResult> {
  const cfg = familyConfig(opts.family);
  const { data, dim, rows } = toRows(z);
  const { labels, numClasses } = toLabels(y, rows, opts.numClasses);
  const frac = opts.trainFraction ?? 0.25;
  if (!(frac > 0 && frac < 1)) throw new Error(`trainFraction must be in (0, 1), got ${frac}`);
  const trainRows = Math.round(rows * frac);
  const testRows = rows - trainRows;
  if (trainRows < 2 || testRows < 1) throw new Error(`${rows} rows are too few to split ${frac} / ${1 - frac}`);
  const [split] = splitDecoderRows(data, dim, [{ labels, numClasses }], { trainRows, testRows }, { shuffleSeed: opts.shuffleSeed ?? 1 });
  const task: DecoderTask = { id: "z", ...split, seed: opts.seed ?? 1, ...(opts.hYBits !== undefined ? { hYBits: opts.hYBits } : {}), ...(opts.input ? { input: opts.input } : {}) };
  const [u] = await estimateUsableInfo([task], cfg, { implementation: opts.implementation ?? "auto" });
  return result(cfg, u, trainRows, testRows, numClasses, dim);
}

/**
 * A decoder fitted on (zTrain, yTrain), scored on other rows: the trained decoder stays, so it
 * predicts. Trains the float64 reference implementation (the contract every fast implementation
 * is tested against), whose numbers agree with the fast path to ~1e-5 bit.
 */
export class UsableInformationEstimator {
  readonly config: DecoderConfig;
  private readonly opts: UsableInformationOptions;
  private fitted: { map: InputMap; decoder: ReferenceDecoder; train: LabelledData; dim: number; numClasses: number } | null = null;

  constructor(opts: UsableInformationOptions = {}) {
    this.opts = opts;
    this.config = familyConfig(opts.family);
  }

  /** Fit the input map (whitening by default) and train the decoder on these rows. */
  fit(z: Rows, y: ArrayLike<number>): this {
    const { data, dim, rows } = toRows(z, "fit: z");
    const { labels, numClasses } = toLabels(y, rows, this.opts.numClasses, "fit: y");
    const map = fitInputMap(this.opts.input ?? "whitened", data, dim);
    const train: LabelledData = { z: map.apply(data), dim, labels, numClasses };
    const task: DecoderTask = { id: "fit", train, test: train, seed: this.opts.seed ?? 1 };
    validateTask(task, this.config);
    const decoder = ReferenceDecoder.train(task, this.config);
    this.fitted = { map, decoder, train, dim, numClasses };
    return this;
  }

  /** q(y | z) of each row (row-major arrays). */
  predictProba(z: Rows): number[][] {
    const f = this.requireFitted();
    const { data, dim, rows } = toRows(z, "predictProba: z");
    if (dim !== f.dim) throw new Error(`predictProba: z has width ${dim}, the decoder was fitted on width ${f.dim}`);
    const p = f.decoder.predictProba(f.map.apply(data), dim);
    return Array.from({ length: rows }, (_, i) => Array.from(p.subarray(i * f.numClasses, (i + 1) * f.numClasses)));
  }

  /** Usable information on these rows, with the decoder's probabilities and predictions. */
  score(z: Rows, y: ArrayLike<number>): ScoreResult {
    const f = this.requireFitted();
    const { data, dim, rows } = toRows(z, "score: z");
    if (dim !== f.dim) throw new Error(`score: z has width ${dim}, the decoder was fitted on width ${f.dim}`);
    const { labels } = toLabels(y, rows, f.numClasses, "score: y");
    const test: LabelledData = { z: f.map.apply(data), dim, labels, numClasses: f.numClasses };
    const task: DecoderTask = { id: "score", train: f.train, test, seed: 1, input: "raw", ...(this.opts.hYBits !== undefined ? { hYBits: this.opts.hYBits } : {}) };
    const ev = { ...f.decoder.evaluate(test), diagnostics: f.decoder.diagnostics };
    const u = { ...summarise(task, ev, f.map.rank), input: this.opts.input ?? "whitened" };
    const probabilities = this.predictProba(z);
    const predictions = probabilities.map((p) => p.indexOf(Math.max(...p)));
    return { ...result(this.config, u, f.train.labels.length, rows, f.numClasses, dim), probabilities, predictions };
  }

  private requireFitted(): NonNullable<UsableInformationEstimator["fitted"]> {
    if (!this.fitted) throw new Error("UsableInformationEstimator: call fit(z, y) before score or predictProba");
    return this.fitted;
  }
}

/**
 * Usable information (Kleinman et al. 2021, eq. in section 3; appendix A.1):
 *   I_u(Z;Y) = H(Y) - L_CE / ln 2   bits,
 * L_CE the mean cross-entropy (nats) on the decoder-test rows of a decoder q(y|z) trained on the
 * decoder-train rows. Raw values, never clipped (PROTOCOL.md section 0).
 */
import { DECODER_FAILURE_BITS, type DecoderConfig, type DecoderInput, type DecoderTask, type LabelledData, type ProgressFn, type UsableInfo } from "../../interfaces.js";
import { activeBackend, initBackend } from "../../runtime/backend.js";
import { DECODER_BACKENDS } from "../decoders/backends.js";
import type { BackendOptions, DecoderBackendName, DecoderEval } from "../decoders/interface.js";
import { natsToBits, plugInEntropyBits } from "./entropy.js";
import { validateDecoderConfig } from "./families.js";
import { DECODER_INPUTS, fitInputMap, type InputMap } from "./whiten.js";

/** Decoder implementations: a backend of DECODER_BACKENDS by name, or "auto" ("fast" on CPU backends (wasm, cpu, tensorflow), "bank" on GPU backends). */
export type DecoderImplementation = "auto" | DecoderBackendName;
const IMPLEMENTATIONS: readonly DecoderImplementation[] = ["auto", ...(Object.keys(DECODER_BACKENDS) as DecoderBackendName[])];

/** What "auto" resolves to: the tfjs bank on a GPU backend, the WebAssembly kernel ("fast") otherwise. */
export function autoImplementation(gpuBackend: boolean): "fast" | "bank" {
  return gpuBackend ? "bank" : "fast";
}

export interface EstimateOptions extends Partial<BackendOptions> {
  /**
   * "auto" (default): "bank" when the active tfjs backend (initialised here if none is) is a GPU
   * backend, else "fast". Otherwise the backend of that name (src/info/decoders/backends.ts):
   * "fast", hand-written CPU decoders on worker threads (decoder-fast.ts); "bank", batched tfjs
   * (decoder-bank.ts); "reference", the float64 TypeScript decoder, one at a time. All follow the
   * reference's numerics and random streams.
   */
  implementation?: DecoderImplementation;
  onProgress?: ProgressFn;
}

/**
 * Largest |z| accepted in a representation. Why 1e6: the activations this suite decodes are
 * O(1) to O(100) (largest |z| in the cached checkerboard scatter data: 30), and the decoders
 * batch-normalise each column in float32 (7 significant digits): one value of 1e6 in a batch of
 * 32 rows sets that column's sd to ~1.8e5 and squeezes the other rows' O(1) differences to
 * ~1e-5, below what rounding and dropout noise leave readable (a single 1e30 in a CB layer took
 * the decoder to 0 bits, with no flag). Such a value is a broken network or a units error, so
 * it is rejected, naming the row and column, instead of being estimated.
 */
export const MAX_ABS_Z = 1e6;

function checkData(id: string, part: "train" | "test", d: LabelledData): void {
  const where = `task "${id}" ${part}`;
  if (!Number.isInteger(d.dim) || d.dim < 1) throw new Error(`${where}: dim must be a positive integer, got ${d.dim}`);
  if (!Number.isInteger(d.numClasses) || d.numClasses < 2) {
    throw new Error(`${where}: numClasses must be an integer >= 2, got ${d.numClasses}`);
  }
  const rows = d.labels.length;
  if (rows === 0) throw new Error(`${where}: no rows`);
  if (d.z.length !== rows * d.dim) {
    throw new Error(`${where}: z has ${d.z.length} values, expected rows * dim = ${rows} * ${d.dim} = ${rows * d.dim}`);
  }
  for (let i = 0; i < rows; i++) {
    const y = d.labels[i];
    if (!Number.isInteger(y)) throw new Error(`${where}: label ${y} at row ${i} is not an integer (labels are class indices in {0..${d.numClasses - 1}})`);
    if (y < 0 || y >= d.numClasses) throw new Error(`${where}: label ${y} at row ${i} is outside {0..${d.numClasses - 1}}`);
  }
  for (let i = 0; i < d.z.length; i++) {
    const v = d.z[i];
    if (!Number.isFinite(v)) throw new Error(`${where}: z is ${v} at row ${Math.floor(i / d.dim)}, column ${i % d.dim}`);
    if (Math.abs(v) > MAX_ABS_Z) {
      throw new Error(`${where}: z is ${v} at row ${Math.floor(i / d.dim)}, column ${i % d.dim}: extreme (|z| > MAX_ABS_Z = ${MAX_ABS_Z}; see estimate.ts); check the network or rescale the representation`);
    }
  }
}

/** Validate one task; throws a message naming the task id and the offending row or field. */
export function validateTask(task: DecoderTask, cfg: DecoderConfig): void {
  const id = task.id;
  if (!Number.isInteger(task.seed) || task.seed < 1 || task.seed > 0xffffffff) {
    throw new Error(`task "${id}": seed must be an integer in [1, 2^32-1], got ${task.seed}`);
  }
  checkData(id, "train", task.train);
  checkData(id, "test", task.test);
  if (task.train.dim !== task.test.dim) throw new Error(`task "${id}": train dim ${task.train.dim} != test dim ${task.test.dim}`);
  if (task.train.numClasses !== task.test.numClasses) {
    throw new Error(`task "${id}": train numClasses ${task.train.numClasses} != test numClasses ${task.test.numClasses}`);
  }
  if (cfg.batchNorm && !cfg.keepPartialBatch && task.train.labels.length < cfg.batchSize) {
    throw new Error(
      `task "${id}": batch-norm decoders drop a final batch smaller than the batch size (PROTOCOL.md section 0), so they need ` +
        `at least batchSize = ${cfg.batchSize} train rows; got ${task.train.labels.length}`,
    );
  }
  if (task.hYBits !== undefined && (!Number.isFinite(task.hYBits) || task.hYBits < 0)) {
    throw new Error(`task "${id}": hYBits must be a finite number >= 0, got ${task.hYBits}`);
  }
  if (task.input !== undefined && !DECODER_INPUTS.includes(task.input)) {
    throw new Error(`task "${id}": input must be one of ${DECODER_INPUTS.map((r) => `"${r}"`).join(", ")}, got ${String(task.input)}`);
  }
}

/** H(Y) of a task: task.hYBits, else the plug-in entropy of train and test labels together. */
export function taskEntropyBits(task: DecoderTask): number {
  if (task.hYBits !== undefined) return task.hYBits;
  const { train, test } = task;
  const all = new Int32Array(train.labels.length + test.labels.length);
  all.set(train.labels, 0);
  all.set(test.labels, train.labels.length);
  return plugInEntropyBits(all, train.numClasses);
}

/** UsableInfo from per-row test cross-entropies (nats). SE = sd(per-row CE, n-1) / sqrt(n). */
export function summarise(task: DecoderTask, ev: DecoderEval, inputRank = task.train.dim): UsableInfo {
  const n = ev.ce.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += ev.ce[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (ev.ce[i] - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  if (!Number.isFinite(mean)) {
    const d = ev.diagnostics;
    throw new Error(
      `decoder evaluation diverged: task "${task.id}": mean test cross-entropy is ${mean} ` +
        `(${d.nonFiniteSteps} of ${d.steps} training steps were not finite; largest finite gradient norm ${d.maxGradNorm}): ` +
        `lower the learning rate or check the representation`,
    );
  }
  const hYBits = taskEntropyBits(task);
  const bits = hYBits - natsToBits(mean);
  return {
    id: task.id,
    bits,
    hYBits,
    testCeNats: mean,
    testCeSeNats: sd / Math.sqrt(n),
    testCeSeBits: natsToBits(sd / Math.sqrt(n)),
    testAccuracy: ev.correct / n,
    decoderFailure: bits < DECODER_FAILURE_BITS,
    diagnostics: ev.diagnostics,
    input: task.input ?? "whitened",
    inputRank,
  };
}

/**
 * The result of a task whose Z has no spread on its decoder-train rows (no direction kept by the
 * input map): 0 bit by definition (PROTOCOL.md section 0), no decoder trained. The cross-entropy is
 * H(Y) in nats, with no error; the accuracy is that of the most frequent train label on the test rows.
 */
export function noSpreadResult(task: DecoderTask): UsableInfo {
  const hYBits = taskEntropyBits(task);
  const counts = new Int32Array(task.train.numClasses);
  for (const y of task.train.labels) counts[y]++;
  let mode = 0;
  for (let c = 1; c < counts.length; c++) if (counts[c] > counts[mode]) mode = c;
  let correct = 0;
  for (const y of task.test.labels) if (y === mode) correct++;
  return {
    id: task.id,
    bits: 0,
    hYBits,
    testCeNats: hYBits * Math.LN2,
    testCeSeNats: 0,
    testCeSeBits: 0,
    testAccuracy: correct / task.test.labels.length,
    decoderFailure: false,
    diagnostics: { steps: 0, finalTrainLossNats: null, maxGradNorm: 0, medianGradNorm: null, unstableSteps: 0, maxBnScale: 0, nonFiniteSteps: 0 },
    input: task.input ?? "whitened",
    inputRank: 0,
  };
}

/**
 * Each task's data as its decoder sees it (task.input, default "whitened"; src/info/core/whiten.ts),
 * with the rank of the map. Maps are fitted once per distinct train array and reading: the
 * colour and direction tasks of one layer share the rows, so they share the map (and its cost).
 */
export function prepareInputs(tasks: readonly DecoderTask[]): { task: DecoderTask; rank: number }[] {
  const bufferIds = new Map<ArrayBufferLike, number>();
  const arrayKey = (z: Float32Array, dim: number): string => {
    let id = bufferIds.get(z.buffer);
    if (id === undefined) bufferIds.set(z.buffer, (id = bufferIds.size));
    return `${id}|${z.byteOffset}|${z.length}|${dim}`;
  };
  const maps = new Map<string, InputMap>();
  const mapped = new Map<string, LabelledData["z"]>();
  const apply = (mapKey: string, map: InputMap, d: LabelledData): LabelledData => {
    const key = `${mapKey}->${arrayKey(d.z, d.dim)}`;
    let z = mapped.get(key);
    if (!z) mapped.set(key, (z = map.apply(d.z)));
    return { ...d, z };
  };
  return tasks.map((t) => {
    const reading = t.input ?? "whitened";
    if (reading === "raw") return { task: t, rank: t.train.dim };
    const mapKey = `${reading}|${arrayKey(t.train.z, t.train.dim)}`;
    let map = maps.get(mapKey);
    if (!map) maps.set(mapKey, (map = fitInputMap(reading, t.train.z, t.train.dim)));
    return { task: { ...t, train: apply(mapKey, map, t.train), test: apply(mapKey, map, t.test) }, rank: map.rank };
  });
}

/**
 * Estimate I_u for every task with decoders of family `cfg`. Results in input order. The decoders
 * are trained by the backend `opts.implementation` names (DECODER_BACKENDS): the bank groups
 * tasks by shape into banks of at most maxBank (default 64), the fast backend trains each decoder
 * on its own, spread over worker threads. Per-decoder numbers do not depend on the grouping nor on
 * the worker count.
 */
export async function estimateUsableInfo(
  tasks: DecoderTask[],
  cfg: DecoderConfig,
  opts: EstimateOptions = {},
): Promise<UsableInfo[]> {
  validateDecoderConfig(cfg);
  let impl = opts.implementation ?? "auto";
  if (!IMPLEMENTATIONS.includes(impl)) {
    throw new Error(`implementation must be one of ${IMPLEMENTATIONS.map((s) => `"${s}"`).join(", ")}, got ${String(impl)}`);
  }
  if (opts.workers !== undefined && !(Number.isInteger(opts.workers) && opts.workers >= 1)) {
    throw new Error(`workers must be a positive integer, got ${opts.workers}`);
  }
  const maxBank = opts.maxBank ?? 64;
  if (!(Number.isInteger(maxBank) && maxBank >= 1)) throw new Error(`maxBank must be a positive integer, got ${maxBank}`);
  const ids = new Set<string>();
  for (const t of tasks) {
    validateTask(t, cfg);
    if (ids.has(t.id)) throw new Error(`duplicate task id "${t.id}"`);
    ids.add(t.id);
  }
  if (tasks.length === 0) return [];
  // What each decoder sees (whitened by default); tasks whose Z keeps no direction read 0 bit
  // without a decoder, so `work` holds only the decoders to train.
  const prepared = prepareInputs(tasks);
  const workIndex = prepared.flatMap((p, i) => (p.rank > 0 ? [i] : []));
  const work = workIndex.map((i) => prepared[i].task);
  if (impl === "auto") {
    // Keep a backend the caller chose; otherwise the preferred order (or CLAIMS_BACKEND).
    const backend = activeBackend() ?? (await initBackend());
    impl = autoImplementation(backend.gpu);
  }

  const total = work.length * cfg.epochs;
  let done = 0;
  const t0 = Date.now();
  const report = (stage: string): void => {
    if (!opts.onProgress) return;
    const el = (Date.now() - t0) / 1000;
    opts.onProgress({ stage, done, total, etaSeconds: done > 0 ? (el / done) * (total - done) : null });
  };
  const evals = await DECODER_BACKENDS[impl].train(work, cfg, { workers: opts.workers, maxBank, bmmMode: opts.bmmMode }, (epochs, stage) => {
    done += epochs;
    report(stage);
  });
  const out = new Map<number, UsableInfo>();
  workIndex.forEach((i, w) => out.set(i, summarise(tasks[i], evals[w], prepared[i].rank)));
  return tasks.map((t, i) => out.get(i) ?? noSpreadResult(t));
}

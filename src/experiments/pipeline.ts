/**
 * One runner pipeline for every family of experiment (issue 20 item 3). A run is a parsed config
 * and seeds. The run goes through the seed loop (src/experiments/seed-loop.ts: result cache first,
 * the rest computed under the cache entry's lock, N at a time, progress with an ETA), and each seed
 * it computes goes down the same floors:
 *
 *   set up (once per run) -> train -> probe (decoder tasks from the probes) -> estimate -> record
 *
 * What differs between the checkerboard and CIFAR is written once, as the hooks of a RunFamily
 * (cb-runner.ts CB_FAMILY, cifar-runner.ts CIFAR_FAMILY); timing, decoder progress, the decoder
 * implementation and the pairing of estimates with their points are written here, once.
 */
import type { DecoderConfig, DecoderTask, UsableInfo } from "../interfaces.js";
import { autoImplementation, estimateUsableInfo } from "../info/core/estimate.js";
import { initBackend } from "../runtime/backend.js";
import type { ResultCache } from "./cache.js";
import { eta, formatDuration, stderrLog, type LogFn } from "./progress.js";
import { runSeedLoop, type SeedRunSummary } from "./seed-loop.js";

/** The tfjs backend a seed-run ran on. */
export interface RunBackend {
  name: string;
  gpu: boolean;
}

/** What the train hook is given besides the config and the seed. */
export interface TrainContext<S> {
  /** Log prefix of this seed's lines, e.g. "[CB-10 paper] seed 3 (3/16)". */
  tag: string;
  log: LogFn;
  /** The run's cache key (CIFAR checkpoints under it). */
  key: string;
  /** Whether other seeds of the run are computed at the same time (the checkerboard then trains in a worker thread). */
  parallel: boolean;
  /** What the set-up hook made for the run. */
  setup: S;
}

/** The decoder tasks of a seed and, index for index, the point each estimate belongs to. */
export interface ProbedTasks<P> {
  tasks: DecoderTask[];
  points: P[];
}

/** An estimate paired with its point: the point's fields, then the estimate's (its task id dropped). */
export type InfoPoint<P> = P & Omit<UsableInfo, "id">;

/** What the pipeline measured of one seed, handed to the record hook. */
export interface Measured<T, P> {
  backend: RunBackend;
  key: string;
  /** The decoder implementation that ran ("auto" resolved for the backend). */
  decoderImplementation: "fast" | "bank";
  trained: T;
  info: InfoPoint<P>[];
  wallSeconds: { train: number; decode: number };
  /** Peak resident set size of the process so far, MiB. */
  peakRssMiB: number;
}

/**
 * A family of experiment as hooks of the pipeline. C: its parsed config; S: what set-up makes once
 * per run; T: what training returns; P: the point an estimate belongs to; R: a seed-run's record.
 */
export interface RunFamily<C, S, T, P, R extends SeedRunSummary> {
  /** Log prefix of a run, e.g. "[CB-10 paper]". */
  tag(cfg: C): string;
  /** Throws unless `cfg` came from the family's parser (configs are checked once, then trusted). */
  requireParsed(cfg: C, where: string): void;
  /** The run's cache key. */
  key(cfg: C, backend: RunBackend): string;
  /** The result cache of the family. */
  cache(): ResultCache<R>;
  /** Seeds computed at once when the caller does not say. */
  defaultConcurrency(): number;
  /** Set up once per run, when the first seed is computed (not at all when every seed is cached). */
  setUp(cfg: C): S;
  train(cfg: C, seed: number, ctx: TrainContext<S>): Promise<T>;
  /** Decoder tasks from the trained network's probes (with what set-up made: CIFAR reads the label sets' sizes there). */
  probe(cfg: C, seed: number, trained: T, setup: S): ProbedTasks<P>;
  decoder(cfg: C): DecoderConfig;
  record(cfg: C, seed: number, m: Measured<T, P>): R;
}

/** Decoder progress lines at most this often (and always the last). */
const DECODER_LOG_MS = 15_000;

export interface SeedOptions<S> {
  log?: LogFn;
  /** How the seed is named in progress lines (default "seed N"). */
  label?: string;
  /** What set-up made (default: set up now). */
  setup?: S;
  /** Other seeds run at the same time (default false). */
  parallel?: boolean;
}

/** One seed through the pipeline, no result cache: train, probe, estimate, record. */
export async function runSeed<C, S, T, P, R extends SeedRunSummary>(family: RunFamily<C, S, T, P, R>, cfg: C, seed: number, opts: SeedOptions<S> = {}): Promise<R> {
  family.requireParsed(cfg, "runSeed");
  const log = opts.log ?? stderrLog;
  const backend = await initBackend();
  const key = family.key(cfg, backend);
  const tag = `${family.tag(cfg)} ${opts.label ?? `seed ${seed}`}`;
  const setup = opts.setup ?? family.setUp(cfg);
  const t0 = performance.now();
  const trained = await family.train(cfg, seed, { tag, log, key, parallel: opts.parallel ?? false, setup });
  const t1 = performance.now();
  const { tasks, points } = family.probe(cfg, seed, trained, setup);
  if (tasks.length !== points.length) throw new Error(`${tag}: ${tasks.length} decoder tasks but ${points.length} points (the probe hook must pair them)`);
  // The implementation is recorded with the result ("auto" would resolve the same way).
  const decoderImplementation = autoImplementation(backend.gpu);
  let lastLog = 0;
  const infos = await estimateUsableInfo(tasks, family.decoder(cfg), {
    implementation: decoderImplementation,
    onProgress: ({ stage, done, total }) => {
      const now = performance.now();
      if (done === total || now - lastLog > DECODER_LOG_MS) {
        lastLog = now;
        log(`${tag} decoders ${stage ? `${stage} ` : ""}${done}/${total} | ETA decoders ${formatDuration(eta(done, total, (now - t1) / 1000))}`);
      }
    },
  });
  const t2 = performance.now();
  return family.record(cfg, seed, {
    backend: { name: backend.name, gpu: backend.gpu },
    key,
    decoderImplementation,
    trained,
    info: infos.map(({ id: _id, ...rest }, i) => ({ ...points[i], ...rest })),
    wallSeconds: { train: (t1 - t0) / 1000, decode: (t2 - t1) / 1000 },
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  });
}

export interface RunOptions<R> {
  log?: LogFn;
  cache?: ResultCache<R>;
  /** Seeds computed at once (default: the family's). */
  concurrency?: number;
}

/**
 * Every seed of a run, each from the result cache when present, else through the pipeline and
 * stored at once (an interrupted run resumes with the seeds it has not finished). Results are in
 * the order of `seeds` and do not depend on the concurrency.
 */
export async function runRun<C, S, T, P, R extends SeedRunSummary>(family: RunFamily<C, S, T, P, R>, cfg: C, seeds: readonly number[], opts: RunOptions<R> = {}): Promise<R[]> {
  family.requireParsed(cfg, "runRun");
  const log = opts.log ?? stderrLog;
  const concurrency = opts.concurrency ?? family.defaultConcurrency();
  let setup: { value: S } | null = null;
  return runSeedLoop({
    tag: family.tag(cfg),
    key: family.key(cfg, await initBackend()),
    seeds,
    cache: opts.cache ?? family.cache(),
    concurrency,
    log,
    compute: (seed, label) => runSeed(family, cfg, seed, { log, label, setup: (setup ??= { value: family.setUp(cfg) }).value, parallel: concurrency > 1 }),
  });
}

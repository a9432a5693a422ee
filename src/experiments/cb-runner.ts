/**
 * Checkerboard experiment runner: config + seeds in, per-seed curves out (usable information per
 * label x layer x probe epoch, validation accuracy per epoch), cached per (config, seed).
 */
import type { DecoderInput, DecoderTask } from "../interfaces.js";
import { autoImplementation } from "../info/core/estimate.js";
import { splitDecoderRows } from "../info/core/split.js";
import { deriveSeed } from "../runtime/rng.js";
import { versionsOf, type MeaningScope } from "../runtime/versions.js";
import { trainCheckerboard, trainCheckerboardInWorker, type CbTrainResult } from "../training/train-cb.js";
import { configKey, codeVersion, ResultCache, runEnvironment } from "./cache.js";
import { validateSeeds, type CbRunConfig } from "./cb-config.js";
import { requireParsedCbConfig } from "../training/cb-run-config.js";
import { eta, formatDuration, stderrLog, type LogFn } from "./progress.js";
import { cbResultCache } from "./cb-result-schema.js";
import { runRun, runSeed, type InfoPoint, type ProbedTasks, type RunFamily } from "./pipeline.js";

export type CbLabel = "colour" | "direction";
export const CB_LABELS: readonly CbLabel[] = ["colour", "direction"];

/** The reading the claims use (PROTOCOL.md section 0, amended 2026-12-02): whitened decoder inputs. */
export const REGISTERED_INPUT: DecoderInput = "whitened";
/** The sensitivity readings every rule point is also estimated with (same decoder seed as replicate 1). */
export const SENSITIVITY_INPUTS: readonly DecoderInput[] = ["raw", "standardised"];

/** Final validation accuracy at or above which a seed counts as having learned the task (PROTOCOL.md). */
export const LEARNED_ACCURACY = 0.9;

/** Where a usable-information point of a seed sits: label, layer, epoch, replicate. */
export interface CbPointKey {
  label: CbLabel;
  /** 1-based hidden-layer index (1 = nearest the input). */
  layer: number;
  epoch: number;
  /** 1: the point the claims use; 2: the same point from a second decoder seed (sensitivity; see hasReplicate). */
  replicate: number;
}

/** One usable-information point of a seed. Raw bits, never clipped. */
export type CbInfoPoint = InfoPoint<CbPointKey>;

/** The reading of a seed-run's rules: `reading` when stored, else raw (seed-runs measured before 2026-12-02). */
export function registeredReading(r: { reading?: DecoderInput }): DecoderInput {
  return r.reading ?? "raw";
}

export interface CbSeedResult {
  key: string;
  /** Byte hash of the runner's import graph that measured it (or last verified it: `stamps`); the local cache key. */
  codeVersion: string;
  /**
   * Meaning versions of the code that measured it (src/runtime/versions.ts). Absent in seed-runs
   * measured before versions existed.
   */
  versions?: Partial<Record<MeaningScope, number>>;
  /**
   * Later code that recomputed a sample of the committed data bit for bit and took this file
   * over under the same versions (scripts/restamp.ts), oldest first.
   */
  stamps?: { codeVersion: string; verified: string; sample: string[] }[];
  config: CbRunConfig;
  seed: number;
  /** tfjs backend of the process (the decoder implementation depends on it; training uses config.trainer). */
  backend: string;
  /**
   * The reading the claims use (REGISTERED_INPUT); `info` holds every point in it, and the rule
   * points also raw and standardised (SENSITIVITY_INPUTS). Absent in seed-runs measured before the
   * 2026-12-02 amendment, whose points are all raw.
   */
  reading?: DecoderInput;
  /** Decoder implementation that produced `info` (src/info/core/estimate.ts): "fast" (WebAssembly) or "bank" (tfjs, GPU). */
  decoderImplementation: "fast" | "bank" | "reference";
  layerNames: string[];
  widths: number[];
  /** Direction validation accuracy after each epoch, index 0 = initialisation. */
  valAccuracy: number[];
  trainLoss: CbTrainResult["trainLoss"];
  phase: CbTrainResult["phase"];
  finalValAccuracy: number;
  /** finalValAccuracy >= LEARNED_ACCURACY. */
  learned: boolean;
  info: CbInfoPoint[];
  /**
   * Last-hidden-layer activations of the first SCATTER_ROWS decoder-test rows at the fig2d epochs
   * (0, 10, 20 and the final epoch, where probed), with their labels: data for scatter plots.
   */
  scatter: CbScatter[];
  wallSeconds: { train: number; decode: number };
  /** Peak resident set size of the process so far, MiB (process.resourceUsage().maxRSS). */
  peakRssMiB: number;
  /** When the seed-run finished (ISO 8601). */
  measuredAt: string;
}

/** Rows kept per scatter snapshot (fig2d). */
export const SCATTER_ROWS = 300;
/** Epochs of the fig2d scatter plots (paper Fig 2d/6d); the final epoch is always added. */
export const SCATTER_EPOCHS = [0, 10, 20];

export interface CbScatter {
  epoch: number;
  layer: number;
  width: number;
  /** Row-major [SCATTER_ROWS, width]. */
  z: number[];
  colour: number[];
  direction: number[];
}

/** Scatter data of the last hidden layer (taken from the decoder-test rows). */
export function scatterOf(cfg: CbRunConfig, trained: CbTrainResult): CbScatter[] {
  const last = trained.widths.length - 1;
  const width = trained.widths[last];
  const finalEpoch = cfg.pretrainEpochs + cfg.epochs;
  const from = cfg.decoderTrainRows;
  const to = Math.min(from + SCATTER_ROWS, cfg.decoderTrainRows + cfg.decoderTestRows);
  return trained.probes
    .filter((p) => SCATTER_EPOCHS.includes(p.epoch) || p.epoch === finalEpoch)
    .map((p) => ({
      epoch: p.epoch,
      layer: last + 1,
      width,
      z: Array.from(p.layers[last].subarray(from * width, to * width), (v) => Math.round(v * 1e5) / 1e5),
      colour: Array.from(trained.probeColour.subarray(from, to)),
      direction: Array.from(trained.probeDirection.subarray(from, to)),
    }));
}

/**
 * Whether a point is a rule point: it gets a second decoder (replicate 2, another decoder seed)
 * for the sensitivity analysis of issue 9 and the two sensitivity readings (raw and standardised,
 * same decoder seed as replicate 1; PROTOCOL.md section 0). The rule points are every layer and
 * label at the final epoch and the last layer's colour at every probe epoch (fig2xt). Not for the
 * negative controls' own runs ("final-all"), whose rules are checked to fail, not to be robust.
 */
export function hasReplicate(cfg: CbRunConfig, label: CbLabel, layer: number, lastLayer: number, epoch: number): boolean {
  if (cfg.decode === "final-all") return false;
  const final = epoch === Math.max(...cfg.probeEpochs);
  return final || (label === "colour" && layer === lastLayer);
}

/**
 * Decoder tasks of one seed: every probe epoch x hidden layer x label (per the decode mode) in the
 * registered reading, plus, for every rule point (hasReplicate), a second decoder seeded
 * differently and the two sensitivity readings with the first decoder's seed.
 */
export function cbDecoderTasks(cfg: CbRunConfig, seed: number, trained: CbTrainResult): ProbedTasks<CbPointKey> {
  const tasks: DecoderTask[] = [];
  const points: CbPointKey[] = [];
  const nTr = cfg.decoderTrainRows;
  const nTe = cfg.decoderTestRows;
  const hY = Math.log2(cfg.n);
  const lastLayer = trained.widths.length - 1;
  for (const snap of trained.probes) {
    snap.layers.forEach((acts, li) => {
      if (cfg.decode === "last-layer-colour" && li !== lastLayer) return;
      const dim = trained.widths[li];
      for (const label of cfg.decode === "last-layer-colour" ? (["colour"] as const) : CB_LABELS) {
        const labels = label === "colour" ? trained.probeColour : trained.probeDirection;
        const rulePoint = hasReplicate(cfg, label, li + 1, lastLayer + 1, snap.epoch);
        // The probe rows are fresh i.i.d. draws: taken in order, as views (src/info/core/split.ts).
        const [{ train, test }] = splitDecoderRows(acts, dim, [{ labels, numClasses: cfg.n }], { trainRows: nTr, testRows: nTe }, "iid");
        const runs: { replicate: number; input: DecoderInput }[] = [{ replicate: 1, input: REGISTERED_INPUT }];
        if (rulePoint) runs.push({ replicate: 2, input: REGISTERED_INPUT }, ...SENSITIVITY_INPUTS.map((input) => ({ replicate: 1, input })));
        for (const { replicate, input } of runs) {
          tasks.push({
            id: `${label}/layer${li + 1}/epoch${snap.epoch}${replicate > 1 ? `/replicate${replicate}` : ""}${input === REGISTERED_INPUT ? "" : `/${input}`}`,
            train,
            test,
            // Both labels are uniform on n values by construction.
            hYBits: hY,
            seed: replicate === 1 ? deriveSeed(seed, "decoder", label, li + 1, snap.epoch) : deriveSeed(seed, "decoder", label, li + 1, snap.epoch, "replicate", replicate),
            input,
          });
          points.push({ label, layer: li + 1, epoch: snap.epoch, replicate });
        }
      }
    });
  }
  return { tasks, points };
}

function tag(cfg: CbRunConfig): string {
  return `[${cfg.run}${cfg.pretrainEpochs ? ` P=${cfg.pretrainEpochs}` : ""} ${cfg.scale}]`;
}

/** Cache key of a checkerboard seed-run: config, code version and run environment (cache.ts). */
export function cbResultKey(cfg: CbRunConfig, backend: string, decoderImplementation: string): string {
  return configKey({ config: cfg, environment: runEnvironment(backend, decoderImplementation) });
}

/** Seeds computed at once by runCheckerboard (CLAIMS_SEED_CONCURRENCY, default 2: one per core of the CI machine). */
export function seedConcurrency(): number {
  const v = process.env.CLAIMS_SEED_CONCURRENCY;
  if (v === undefined || v === "") return 2;
  const n = Number(v);
  if (!(Number.isInteger(n) && n >= 1)) throw new Error(`CLAIMS_SEED_CONCURRENCY must be a positive integer, got "${v}"`);
  return n;
}

/** The checkerboard as hooks of the runner pipeline (src/experiments/pipeline.ts). */
export const CB_FAMILY: RunFamily<CbRunConfig, undefined, CbTrainResult, CbPointKey, CbSeedResult> = {
  tag,
  requireParsed: (cfg, where) => requireParsedCbConfig(cfg, where),
  key: (cfg, backend) => cbResultKey(cfg, backend.name, autoImplementation(backend.gpu)),
  cache: () => cbResultCache(),
  defaultConcurrency: seedConcurrency,
  setUp: () => undefined,
  // With other seeds running beside it, a seed trains in a worker thread so that their decoders run meanwhile.
  train: async (cfg, seed, { tag: seedTag, log, parallel }) => {
    const total = cfg.pretrainEpochs + cfg.epochs;
    const t0 = performance.now();
    let lastLog = 0;
    const onEpoch = ({ epoch, trainLoss, valAccuracy }: { epoch: number; trainLoss: number; valAccuracy: number }): void => {
      const now = performance.now();
      if (epoch === total || now - lastLog > 10_000) {
        lastLog = now;
        log(`${seedTag} train epoch ${epoch}/${total} loss ${trainLoss.toFixed(4)} val-acc ${valAccuracy.toFixed(3)} | ETA training ${formatDuration(eta(epoch, total, (now - t0) / 1000))}`);
      }
    };
    return parallel ? trainCheckerboardInWorker(cfg, seed, { onEpoch }) : trainCheckerboard(cfg, seed, { onEpoch });
  },
  probe: cbDecoderTasks,
  decoder: (cfg) => cfg.decoder,
  record: (cfg, seed, { backend, key, decoderImplementation, trained, info, wallSeconds, peakRssMiB }) => {
    const finalValAccuracy = trained.valAccuracy[trained.valAccuracy.length - 1];
    return {
      key,
      codeVersion: codeVersion(),
      versions: versionsOf("checkerboard"),
      config: cfg,
      seed,
      reading: REGISTERED_INPUT,
      backend: backend.name,
      decoderImplementation,
      layerNames: trained.layerNames,
      widths: trained.widths,
      valAccuracy: trained.valAccuracy,
      trainLoss: trained.trainLoss,
      phase: trained.phase,
      finalValAccuracy,
      learned: finalValAccuracy >= LEARNED_ACCURACY,
      info,
      scatter: scatterOf(cfg, trained),
      wallSeconds,
      peakRssMiB,
      measuredAt: new Date().toISOString(),
    };
  },
};

/**
 * Train and probe one seed (no cache). With `inWorker` the network trains in a worker thread
 * (train-cb.ts), so that another seed's decoders run beside it.
 */
export async function runCheckerboardSeed(cfg: CbRunConfig, seed: number, log: LogFn = stderrLog, seedLabel = `seed ${seed}`, inWorker = false): Promise<CbSeedResult> {
  return runSeed(CB_FAMILY, cfg, seed, { log, label: seedLabel, parallel: inWorker });
}

export interface RunOptions {
  log?: LogFn;
  cache?: ResultCache<CbSeedResult>;
  /** Seeds computed at once (default seedConcurrency()); above 1 each trains in a worker thread. */
  concurrency?: number;
}

/**
 * All seeds of a config, each taken from the cache when present, else computed and stored at once
 * (so an interrupted run resumes with the seeds it has not finished). Up to `concurrency` seeds
 * are computed at the same time; results are in the order of `seeds` and do not depend on it.
 */
export async function runCheckerboard(cfg: CbRunConfig, seeds: number[], opts: RunOptions = {}): Promise<CbSeedResult[]> {
  requireParsedCbConfig(cfg, "runCheckerboard");
  validateSeeds(seeds);
  return runRun(CB_FAMILY, cfg, seeds, opts);
}

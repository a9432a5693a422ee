/**
 * CIFAR experiment runner: an arm (training config + decoder protocol + data choice) and seeds
 * in, per-seed curves out (usable information about fine and coarse labels of the probed
 * features at each probe epoch, validation accuracy per epoch). Results are cached per (arm,
 * seed); training checkpoints every epoch, so a killed run resumes where it stopped.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { DecoderConfig, DecoderTask, Scale } from "../interfaces.js";
import { cifarFiles, cifarSpec, loadCifar, missingCifarDirMessage, resolveCifarDir, type CifarName, type CifarSplit } from "../data/cifar.js";
import { cifarDataFiles, dataFingerprint, requireCifarDataset } from "../data/cifar-verify.js";
import { cifarDecoder, validateDecoderConfig } from "../info/core/families.js";
import { autoImplementation } from "../info/core/estimate.js";
import { splitDecoderRows } from "../info/core/split.js";
import { deriveSeed } from "../runtime/rng.js";
import { cifarTrainConfig, parseCifarConfig, totalEpochs, type CifarTrainConfig } from "../training/cifar-config.js";
import { parseOnce } from "../runtime/parse-once.js";
import { subsetCifar, type CifarTrainData } from "../training/cifar-data.js";
import { trainCifar, type CifarTrainResult } from "../training/cifar-trainer.js";
import { REPO_ROOT } from "../runtime/files.js";
import { cacheRoot, codeVersion, configKey, type ResultCache, runEnvironment } from "./cache.js";
import type { CifarPointKey, CifarSeedResult } from "./cifar-result.js";
import { formatDuration, stderrLog, type LogFn } from "./progress.js";
import { cifarResultCache } from "./cifar-result-schema.js";
import { runRun, runSeed, type ProbedTasks, type RunFamily } from "./pipeline.js";

/** Where an arm's images come from. */
export type CifarDataChoice =
  /** The official sets (CIFAR10_DIR / CIFAR100_DIR or the default cache folder): all train rows, the test split for validation and probes. */
  | { kind: "full" }
  /**
   * The first `trainRows` training rows (train batch 1) and `testRows` test rows of `dir`: the
   * folder pipelineDataDir chose (real CIFAR, or the committed fixtures). `dir` is part of the
   * arm, so results from different folders never share a cache entry.
   */
  | { kind: "small"; trainRows: number; testRows: number; dir: string };

export interface CifarArm {
  /** Arm name, e.g. "lr0.1 bs128". */
  arm: string;
  scale: Scale;
  /** ci pipeline check (small convnet, few images), never a reproduction. */
  pipelineCheck: boolean;
  train: CifarTrainConfig;
  decoder: DecoderConfig;
  /**
   * Probe images (from the test split, no augmentation): `decoderTrainImages` train the decoder and
   * `decoderTestImages` test it, assigned after a seeded shuffle (src/info/core/split.ts).
   */
  decoderTrainImages: number;
  decoderTestImages: number;
  data: CifarDataChoice;
}

/** Paper protocol (PROTOCOL.md section 2): 7500 / 2500 decoder images, the CIFAR decoder, 160 epochs. */
export function paperArm(arm: string, dataset: CifarName, patch: Partial<CifarTrainConfig> = {}): CifarArm {
  return parseArm({
    arm,
    scale: "paper",
    pipelineCheck: false,
    train: cifarTrainConfig(patch.model ?? "resnet18", dataset, patch),
    decoder: cifarDecoder(),
    decoderTrainImages: 7500,
    decoderTestImages: 2500,
    data: { kind: "full" },
  });
}

/** Folder of the real shared subsets beside the checkout, if present. */
export function sharedCifarDir(dataset: CifarName): string | null {
  const root = process.env.CIFAR_SHARED_DIR ?? join(REPO_ROOT, "..", "shared", "data");
  const dir = join(root, cifarSpec(dataset).folder);
  return existsSync(dir) ? dir : null;
}

/** Where the pipeline check's images come from, and whether they are real CIFAR images. */
export interface PipelineData {
  dir: string;
  real: boolean;
  /** What chose it, for messages: the env var, the default download folder, the shared subsets, the fixtures. */
  source: string;
}

/**
 * The pipeline check's folder: $CIFAR10_DIR / $CIFAR100_DIR when set (it must exist: a folder
 * the user named is never silently replaced), else the `npm run data` folder when present, else
 * the shared subsets (../shared/data or $CIFAR_SHARED_DIR), else the committed fixtures. Only
 * train batch 1 and the test file are read.
 */
export function pipelineDataDir(dataset: CifarName): PipelineData {
  const choice = resolveCifarDir(dataset);
  if (choice.source === "env") {
    if (!existsSync(choice.dir)) throw new Error(missingCifarDirMessage(dataset, choice));
    return { dir: choice.dir, real: true, source: cifarSpec(dataset).envVar };
  }
  if (existsSync(choice.dir)) return { dir: choice.dir, real: true, source: "npm run data folder" };
  const shared = sharedCifarDir(dataset);
  if (shared) return { dir: shared, real: true, source: "shared subsets" };
  return { dir: join(REPO_ROOT, "fixtures", "cifar", cifarSpec(dataset).folder), real: false, source: "fixtures (synthetic)" };
}

/**
 * ci pipeline check: the small convnet for a few epochs on a few hundred images (see
 * pipelineDataDir), 10-epoch decoders on half the test rows each.
 */
export function pipelineArm(arm: string, dataset: CifarName, patch: Partial<CifarTrainConfig> = {}): CifarArm {
  const epochs = patch.epochs ?? 4;
  const train = cifarTrainConfig("small-convnet", dataset, { epochs, batchSize: 32, probeEpochs: [0, 2, epochs + (patch.pretrainFineEpochs ?? 0)], ...patch });
  const data = pipelineDataDir(dataset);
  const testRows = data.real ? 200 : 20;
  return parseArm({
    arm,
    scale: "ci",
    pipelineCheck: true,
    train,
    // Batch-norm decoders drop a partial batch: with the synthetic fixtures' 10 decoder-train
    // images a batch of 32 would leave no step at all, so the batch shrinks to fit.
    decoder: { ...cifarDecoder(), epochs: 10, batchSize: Math.min(32, testRows / 2) },
    decoderTrainImages: testRows / 2,
    decoderTestImages: testRows / 2,
    data: { kind: "small", trainRows: data.real ? 400 : 40, testRows, dir: data.dir },
  });
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Load the images of an arm. Throws with the loader's message (which says where to put the files). */
export function loadArmData(arm: CifarArm): CifarTrainData {
  const dataset = arm.train.dataset;
  let train: CifarSplit;
  let test: CifarSplit;
  if (arm.data.kind === "full") {
    // The official files only: counts, labels and checksums (throws naming the file and the fix).
    const { dir } = requireCifarDataset(dataset);
    train = loadCifar({ dataset, split: "train", dir, expectRows: "official" });
    test = loadCifar({ dataset, split: "test", dir, expectRows: "official" });
  } else {
    const dir = arm.data.dir;
    train = loadCifar({ dataset, split: "train", dir, batches: dataset === "cifar10" ? [1] : undefined });
    test = loadCifar({ dataset, split: "test", dir });
    if (train.rows < arm.data.trainRows || test.rows < arm.data.testRows) {
      throw new Error(`${dir}: needs ${arm.data.trainRows} train and ${arm.data.testRows} test rows, has ${train.rows} and ${test.rows}`);
    }
    train = subsetCifar(train, range(arm.data.trainRows));
    test = subsetCifar(test, range(arm.data.testRows));
  }
  const probeRows = arm.decoderTrainImages + arm.decoderTestImages;
  if (test.rows < probeRows) throw new Error(`${arm.arm}: ${probeRows} probe images requested, the test split has ${test.rows}`);
  return { train, val: test, probe: probeRows === test.rows ? test : subsetCifar(test, range(probeRows)) };
}

/** Throws on an invalid arm, naming the field (its training config is parsed: parseCifarConfig). */
export function validateArm(arm: CifarArm): void {
  parseCifarConfig(arm.train); // checks it, unless it was parsed already
  if (!(Number.isInteger(arm.decoderTrainImages) && arm.decoderTrainImages > 1)) throw new Error(`CIFAR arm ${arm.arm}: decoderTrainImages must be an integer > 1, got ${arm.decoderTrainImages}`);
  if (!(Number.isInteger(arm.decoderTestImages) && arm.decoderTestImages > 0)) throw new Error(`CIFAR arm ${arm.arm}: decoderTestImages must be a positive integer, got ${arm.decoderTestImages}`);
  if (arm.train.probeEpochs.length === 0) throw new Error(`CIFAR arm ${arm.arm}: probeEpochs is empty; the claims need information curves`);
  // The decoder too, before any training (estimateUsableInfo would reject it only after).
  validateDecoderConfig(arm.decoder, { what: `CIFAR arm ${arm.arm}`, field: "decoder." });
  if (arm.decoder.batchNorm && arm.decoder.batchSize > arm.decoderTrainImages) {
    throw new Error(`CIFAR arm ${arm.arm}: decoder.batchSize = ${arm.decoder.batchSize} is larger than the ${arm.decoderTrainImages} decoder-train images (batch-norm decoders drop a partial batch)`);
  }
}

const ARM_PARSER = parseOnce<CifarArm, CifarArm>("CIFAR arm", "build it with paperArm/pipelineArm or pass it through parseArm(...)", validateArm, (copy, raw) => ({ ...copy, train: parseCifarConfig(raw.train) }));

/**
 * Check an arm once (validateArm: its training config, decoder and probe images) and return a
 * frozen copy whose training config is parsed; runCifar and runCifarSeed accept it as is. The
 * arm constructors (paperArm, pipelineArm) return parsed arms; a parsed arm is returned unchanged.
 */
export const parseArm = (raw: CifarArm): CifarArm => ARM_PARSER.parse(raw);

const requireParsedArm = (arm: CifarArm, where: string): void => ARM_PARSER.require(arm, `${where} (arm "${arm.arm}")`);

/**
 * Content fingerprint of the files an arm reads (dataFingerprint): every official file for the
 * full data set, train batch 1 and the test file for a small one.
 */
export function armDataFingerprint(arm: CifarArm): string {
  const dataset = arm.train.dataset;
  if (arm.data.kind === "full") return dataFingerprint(requireCifarDataset(dataset).dir, cifarDataFiles(dataset));
  return dataFingerprint(arm.data.dir, [...cifarFiles(dataset, "train", dataset === "cifar10" ? [1] : undefined), ...cifarFiles(dataset, "test")]);
}

/**
 * Cache key of a CIFAR seed-run: arm, code version, run environment (backend, decoder
 * implementation, packages) and the content fingerprint of the data files it reads.
 */
export function cifarResultKey(arm: CifarArm, backend: { name: string; gpu: boolean }): string {
  return configKey({ arm, environment: runEnvironment(backend.name, autoImplementation(backend.gpu)), data: armDataFingerprint(arm) }, codeVersion("cifar"));
}

/** Training progress lines (within an epoch) at most this often. */
const CIFAR_STEP_LOG_MS = 15_000;

/** CIFAR as hooks of the runner pipeline (src/experiments/pipeline.ts); set-up loads the arm's images once per run. */
export const CIFAR_FAMILY: RunFamily<CifarArm, CifarTrainData, CifarTrainResult, CifarPointKey, CifarSeedResult> = {
  tag: (arm) => `[${arm.train.model} ${arm.train.dataset} ${arm.arm} ${arm.scale}]`,
  requireParsed: (arm, where) => requireParsedArm(arm, where),
  key: cifarResultKey,
  cache: () => cifarResultCache(),
  // One seed at a time: a CIFAR seed fills the accelerator.
  defaultConcurrency: () => 1,
  setUp: loadArmData,
  // Training resumes from the seed's checkpoint (under the cache, beside the run's key).
  train: async (arm, seed, { tag, log, key, setup: data }) => {
    let last = 0;
    const trained = await trainCifar(arm.train, seed, data, {
      checkpointPath: join(cacheRoot(), "cifar", key, `seed-${seed}.ckpt`),
      onProgress: (p) => {
        const now = performance.now();
        if (now - last > CIFAR_STEP_LOG_MS) {
          last = now;
          log(`${tag} epoch ${p.epoch}/${p.totalEpochs} step ${p.step}/${p.stepsPerEpoch} loss ${p.loss.toFixed(4)} (${p.label}) | ETA training ${formatDuration(p.etaSeconds)}`);
        }
      },
      onEpoch: (r) => log(`${tag} epoch ${r.epoch}/${totalEpochs(arm.train)} train-loss ${r.trainLoss?.toFixed(4)} val-acc ${r.valAccuracy.toFixed(4)} (${r.label})`),
    });
    if (trained.resumedFrom !== null) log(`${tag} resumed from the checkpoint after epoch ${trained.resumedFrom}`);
    return trained;
  },
  probe: cifarDecoderTasks,
  decoder: (arm) => arm.decoder,
  record: (arm, seed, { backend, key, trained, info, wallSeconds, peakRssMiB }) => {
    const valAccuracy = trained.curves.map((c) => c.valAccuracy);
    return {
      arm: arm.arm,
      scale: arm.scale,
      pipelineCheck: arm.pipelineCheck,
      config: arm.train,
      seed,
      backend: backend.name,
      key,
      codeVersion: codeVersion("cifar"),
      probeEpochs: trained.probes.map((p) => p.epoch),
      info,
      valAccuracy,
      trainLoss: trained.curves.map((c) => c.trainLoss),
      finalValAccuracy: valAccuracy[valAccuracy.length - 1],
      wallSeconds,
      peakRssMiB,
    };
  },
};

/**
 * Decoder tasks of one seed: the fine and the coarse label at every probe epoch, on the probed
 * features. H(Y) is the plug-in entropy of the probe labels (the full test split is balanced:
 * log2 10, 1 bit, log2 20, log2 100).
 */
export function cifarDecoderTasks(arm: CifarArm, seed: number, trained: CifarTrainResult, data: CifarTrainData): ProbedTasks<CifarPointKey> {
  const nTr = arm.decoderTrainImages;
  const nTe = arm.decoderTestImages;
  const dim = trained.featureDim;
  const tasks: DecoderTask[] = [];
  const points: CifarPointKey[] = [];
  // Probe images come from a file: a seeded shuffle (the same for every epoch of a seed) before
  // the split, so that an ordered file cannot give decoder-train and -test rows different classes.
  const splitOrder = { shuffleSeed: deriveSeed(seed, "decoder-split") };
  for (const p of trained.probes) {
    const sets = [{ labels: trained.probeFine, numClasses: data.probe.numFine }, { labels: trained.probeCoarse, numClasses: data.probe.numCoarse }];
    const [fine, coarse] = splitDecoderRows(p.features, dim, sets, { trainRows: nTr, testRows: nTe }, splitOrder);
    for (const label of ["fine", "coarse"] as const) {
      const { train, test } = label === "fine" ? fine : coarse;
      tasks.push({ id: `${label}/epoch${p.epoch}`, train, test, seed: deriveSeed(seed, "decoder", label, p.epoch) });
      points.push({ label, epoch: p.epoch });
    }
  }
  return { tasks, points };
}

/** Train, probe and decode one seed of an arm (no result cache; training resumes from its checkpoint). */
export async function runCifarSeed(arm: CifarArm, seed: number, data: CifarTrainData, log: LogFn = stderrLog): Promise<CifarSeedResult> {
  return runSeed(CIFAR_FAMILY, arm, seed, { log, setup: data });
}

/** All seeds of an arm, each from the result cache when present, else computed and stored (the images are loaded once, for the first seed computed). */
export async function runCifar(arm: CifarArm, seeds: number[], opts: { log?: LogFn; cache?: ResultCache<CifarSeedResult> } = {}): Promise<CifarSeedResult[]> {
  return runRun(CIFAR_FAMILY, arm, seeds, opts);
}

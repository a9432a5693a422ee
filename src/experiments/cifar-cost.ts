/**
 * What a CIFAR seed-run costs: the work it does (counted from its config) and, from a training
 * rate measured by `npm run gpu-check` on the machine at hand, the GPU time it would take.
 *
 * Work of one seed-run of an arm with T = pretrainFineEpochs + epochs training epochs, P probe
 * epochs, N training rows, V validation rows, Q probe images, D decoder epochs:
 *   training image-epochs  = N * T              (forward + backward + update; the measured step)
 *   eval image passes      = V * (T + 1) + Q * P (forward only: validation after every epoch and
 *                                                at epoch 0, probe features at every probe epoch)
 *   decoder-epochs         = P * 2 * D          (fine and coarse label, each over the decoder's
 *                                                training images; 7,500 at paper scale)
 * GPU seconds = training image-epochs / rate + eval passes / (EVAL_SPEEDUP * rate). Decoder time
 * is not projected: no CIFAR decoder rate has been measured on a GPU (it is reported as work).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ConvNetArch } from "../models/small-convnet.js";
import { totalEpochs } from "../training/cifar-config.js";
import type { CifarArm } from "./cifar-runner.js";

/** Rows of the official training sets (CIFAR-10: 5 x 10,000; CIFAR-100: 50,000) and test sets. */
export const OFFICIAL_TRAIN_ROWS = 50_000;
export const OFFICIAL_TEST_ROWS = 10_000;
/**
 * Forward-only passes per second relative to training images per second. A training step costs
 * about three forward passes (the backward pass about two); an assumption, not a measurement.
 */
export const EVAL_SPEEDUP = 3;
/** The paper's batch size: gpu-check rates at another batch are flagged. */
export const PAPER_BATCH = 128;

/** Work of one seed-run of an arm. */
export interface ArmWork {
  arm: string;
  model: ConvNetArch;
  dataset: string;
  batchSize: number;
  /** Training epochs (fine pretraining included). */
  epochs: number;
  probeEpochs: number;
  /** Training images x epochs (forward + backward + update). */
  trainImageEpochs: number;
  /** Forward-only image passes (validation and probe features). */
  evalImagePasses: number;
  /** Decoder epochs (probe epochs x 2 labels x decoder epochs). */
  decoderEpochs: number;
  /** Rows each decoder epoch trains on. */
  decoderRows: number;
}

/** Work of one seed-run; paper arms train on the official sets, pipeline arms on their small subsets. */
export function armWork(arm: CifarArm): ArmWork {
  const d = arm.data;
  const trainRows = d.kind === "full" ? OFFICIAL_TRAIN_ROWS : d.trainRows;
  const valRows = d.kind === "full" ? OFFICIAL_TEST_ROWS : d.testRows;
  const probeRows = arm.decoderTrainImages + arm.decoderTestImages;
  const epochs = totalEpochs(arm.train);
  const probeEpochs = arm.train.probeEpochs.length;
  return {
    arm: arm.arm,
    model: arm.train.model,
    dataset: arm.train.dataset,
    batchSize: arm.train.batchSize,
    epochs,
    probeEpochs,
    trainImageEpochs: trainRows * epochs,
    evalImagePasses: valRows * (epochs + 1) + probeRows * probeEpochs,
    decoderEpochs: probeEpochs * 2 * arm.decoder.epochs,
    decoderRows: arm.decoderTrainImages,
  };
}

/** A training rate read from a gpu-check JSON result. */
export interface MeasuredRate {
  model: ConvNetArch;
  /** Training images per second (the trainer's own step). */
  imagesPerSecond: number;
  batch: number;
  backend: string;
  gpu: boolean;
  /** nvidia-smi's line, when there was one. */
  device: string | null;
  file: string;
}

/** Parse one gpu-check result (`npm run gpu-check -- --out FILE`); throws naming the file when it is not one. */
export function parseGpuCheck(json: string, file: string): MeasuredRate {
  let r: { backend?: { name?: string; gpu?: boolean }; nvidiaSmi?: string | null; training?: { model?: string; batch?: number; imagesPerSecond?: number } };
  try {
    r = JSON.parse(json);
  } catch (err) {
    throw new Error(`${file}: not JSON (${(err as Error).message})`);
  }
  const t = r.training;
  if (!t || typeof t.imagesPerSecond !== "number" || !(t.imagesPerSecond > 0) || typeof t.batch !== "number" || typeof t.model !== "string") {
    throw new Error(`${file}: not a gpu-check result (needs training.model, training.batch and training.imagesPerSecond > 0)`);
  }
  return {
    model: t.model as ConvNetArch,
    imagesPerSecond: t.imagesPerSecond,
    batch: t.batch,
    backend: r.backend?.name ?? "unknown",
    gpu: r.backend?.gpu === true,
    device: r.nvidiaSmi ?? null,
    file,
  };
}

/**
 * The rate to project each model with from a folder of gpu-check results: per model the fastest
 * GPU result at the paper batch, else the fastest GPU result at any batch, else the fastest at all.
 * Unreadable files are returned as problems, never silently dropped.
 */
export function readRates(dir: string): { rates: Map<ConvNetArch, MeasuredRate>; problems: string[] } {
  const rates = new Map<ConvNetArch, MeasuredRate>();
  const problems: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".json")).sort();
  } catch {
    return { rates, problems };
  }
  const rank = (r: MeasuredRate) => (r.gpu ? 2 : 0) + (r.batch === PAPER_BATCH ? 1 : 0);
  for (const n of names) {
    const file = join(dir, n);
    try {
      const r = parseGpuCheck(readFileSync(file, "utf8"), file);
      const old = rates.get(r.model);
      if (!old || rank(r) > rank(old) || (rank(r) === rank(old) && r.imagesPerSecond > old.imagesPerSecond)) rates.set(r.model, r);
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  return { rates, problems };
}

/** Projected GPU seconds of one seed-run (training and eval passes; decoders excluded). */
export function projectedSeconds(work: ArmWork, rate: MeasuredRate): number {
  return work.trainImageEpochs / rate.imagesPerSecond + work.evalImagePasses / (EVAL_SPEEDUP * rate.imagesPerSecond);
}

/** Per-seed result of a CIFAR run: what the CIFAR claims are evaluated on (cached as JSON). */
import type { Scale, UsableInfo } from "../interfaces.js";
import type { CifarTrainConfig } from "../training/cifar-config.js";

export type CifarInfoLabel = "fine" | "coarse";

/** Where a usable-information point of a seed sits: label and probe epoch. */
export interface CifarPointKey {
  label: CifarInfoLabel;
  epoch: number;
}

/** Usable information of the probed features about one label at one epoch. Raw bits. */
export type CifarInfoPoint = CifarPointKey & Omit<UsableInfo, "id">;

export interface CifarSeedResult {
  /** Name of the arm, e.g. "resnet18 cifar10 lr0.1 bs128". */
  arm: string;
  scale: Scale;
  /** Pipeline check (ci scale, small convnet) rather than a reproduction run. */
  pipelineCheck: boolean;
  config: CifarTrainConfig;
  seed: number;
  backend: string;
  key: string;
  codeVersion: string;
  probeEpochs: number[];
  info: CifarInfoPoint[];
  /** Validation accuracy on the coarse label after each epoch (index = epoch, 0 = initialisation). */
  valAccuracy: number[];
  trainLoss: (number | null)[];
  finalValAccuracy: number;
  wallSeconds: { train: number; decode: number };
  peakRssMiB: number;
}

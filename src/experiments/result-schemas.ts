/**
 * Schemas of the runners' cached results (src/runtime/shape.ts checks) and the caches that use
 * them: every entry read from `cbResultCache()` or `cifarResultCache()` is checked against them,
 * so a file of another shape (`{}`, an older layout, a hand edit) names itself instead of failing
 * later with a TypeError. Storage mechanics only: not part of the code version (cache.ts).
 */
import { validateCbConfig, type CbRunConfig } from "../training/cb-run-config.js";
import { validateCifarConfig, type CifarTrainConfig } from "../training/cifar-config.js";
import { arrayOf, bool, int, nullable, num, objectOf, oneOf, str, type Check } from "../runtime/shape.js";
import { cacheRoot, ResultCache, type ResultCacheOptions } from "./cache.js";
import type { CbSeedResult } from "./cb-runner.js";
import type { CifarSeedResult } from "./cifar-result.js";

/** A config check from a validator that throws. */
const validatedBy = (validate: (v: never) => void): Check => (v, path, out) => {
  try {
    validate(v as never);
  } catch (err) {
    out.push(`${path}: ${(err as Error).message}`);
  }
};

const diagnostics = objectOf({
  steps: int,
  finalTrainLossNats: nullable(num),
  maxGradNorm: num,
  medianGradNorm: nullable(num),
  unstableSteps: int,
  maxBnScale: num,
  nonFiniteSteps: int,
});

/** UsableInfo without its id (src/interfaces.ts); testCeSeBits may be absent in entries written before it existed. */
const infoFields = { bits: num, hYBits: num, testCeNats: num, testCeSeNats: num, testAccuracy: num, decoderFailure: bool, diagnostics };
const infoOptional = { testCeSeBits: num };

const wallSeconds = objectOf({ train: num, decode: num });

/** CbSeedResult (src/experiments/cb-runner.ts). */
export const CB_SEED_RESULT: Check = objectOf({
  key: str,
  codeVersion: str,
  config: validatedBy((c: CbRunConfig) => validateCbConfig(c)),
  seed: int,
  backend: str,
  decoderImplementation: oneOf("fast", "bank", "reference"),
  layerNames: arrayOf(str),
  widths: arrayOf(int),
  valAccuracy: arrayOf(num),
  trainLoss: arrayOf(nullable(num)),
  phase: arrayOf(oneOf("init", "colour", "direction")),
  finalValAccuracy: num,
  learned: bool,
  info: arrayOf(objectOf({ label: oneOf("colour", "direction"), layer: int, epoch: int, replicate: int, ...infoFields }, infoOptional)),
  scatter: arrayOf(objectOf({ epoch: int, layer: int, width: int, z: arrayOf(num), colour: arrayOf(int), direction: arrayOf(int) })),
  wallSeconds,
  peakRssMiB: num,
  measuredAt: str,
});

/** CifarSeedResult (src/experiments/cifar-result.ts). */
export const CIFAR_SEED_RESULT: Check = objectOf({
  arm: str,
  scale: oneOf("paper", "ci"),
  pipelineCheck: bool,
  config: validatedBy((c: CifarTrainConfig) => validateCifarConfig(c)),
  seed: int,
  backend: str,
  key: str,
  codeVersion: str,
  probeEpochs: arrayOf(int),
  info: arrayOf(objectOf({ label: oneOf("fine", "coarse"), epoch: int, ...infoFields }, infoOptional)),
  valAccuracy: arrayOf(num),
  trainLoss: arrayOf(nullable(num)),
  finalValAccuracy: num,
  wallSeconds,
  peakRssMiB: num,
});

/** The checkerboard result cache (namespace "checkerboard"), schema-checked. */
export function cbResultCache(root: string = cacheRoot(), options: ResultCacheOptions = {}): ResultCache<CbSeedResult> {
  return new ResultCache<CbSeedResult>("checkerboard", root, { schema: CB_SEED_RESULT, ...options });
}

/** The CIFAR result cache (namespace "cifar-results"), schema-checked. */
export function cifarResultCache(root: string = cacheRoot(), options: ResultCacheOptions = {}): ResultCache<CifarSeedResult> {
  return new ResultCache<CifarSeedResult>("cifar-results", root, { schema: CIFAR_SEED_RESULT, ...options });
}

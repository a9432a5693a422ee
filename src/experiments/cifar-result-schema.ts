/** Schema of a cached CIFAR seed result and the cache that checks it (see cb-result-schema.ts). */
import { validateCifarConfig, type CifarTrainConfig } from "../training/cifar-config.js";
import { arrayOf, bool, int, nullable, num, objectOf, oneOf, str, type Check } from "../runtime/shape.js";
import { cacheRoot, ResultCache, type ResultCacheOptions } from "./cache.js";
import type { CifarSeedResult } from "./cifar-result.js";
import { infoFields, infoOptional, validatedBy, wallSeconds } from "./usable-info-schema.js";

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

/** The CIFAR result cache (namespace "cifar-results"), schema-checked. */
export function cifarResultCache(root: string = cacheRoot(), options: ResultCacheOptions = {}): ResultCache<CifarSeedResult> {
  return new ResultCache<CifarSeedResult>("cifar-results", root, { schema: CIFAR_SEED_RESULT, ...options });
}

/**
 * Schema of a cached checkerboard seed result (src/runtime/shape.ts checks) and the cache that
 * checks every entry it reads against it (`cbResultCache()`), so that a file of another shape
 * (`{}`, an older layout, a hand edit) names itself instead of failing later with a TypeError.
 * CIFAR's is cifar-result-schema.ts, apart so that neither runner's code version covers the
 * other's code; the parts they share are in usable-info-schema.ts. Storage mechanics only: not
 * part of the code version (cache.ts).
 */
import { validateCbConfig, type CbRunConfig } from "../training/cb-run-config.js";
import { arrayOf, bool, int, nullable, num, objectOf, oneOf, str, type Check } from "../runtime/shape.js";
import { infoFields, infoOptional, validatedBy, wallSeconds } from "./usable-info-schema.js";
import { cacheRoot, ResultCache, type ResultCacheOptions } from "./cache.js";
import type { CbSeedResult } from "./cb-runner.js";

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
}, {
  reading: oneOf("whitened", "standardised", "raw"),
  versions: objectOf({}, { estimator: int, checkerboard: int }),
  stamps: arrayOf(objectOf({ codeVersion: str, verified: str, sample: arrayOf(str) })),
});

/** The checkerboard result cache (namespace "checkerboard"), schema-checked. */
export function cbResultCache(root: string = cacheRoot(), options: ResultCacheOptions = {}): ResultCache<CbSeedResult> {
  return new ResultCache<CbSeedResult>("checkerboard", root, { schema: CB_SEED_RESULT, ...options });
}

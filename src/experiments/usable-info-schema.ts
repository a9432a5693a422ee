/** Schema parts shared by the cached results of both runners (cb-result-schema.ts, cifar-result-schema.ts). */
import { int, nullable, num, objectOf, bool, oneOf, type Check } from "../runtime/shape.js";

/** A config check from a validator that throws. */
export const validatedBy = (validate: (v: never) => void): Check => (v, path, out) => {
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

/**
 * UsableInfo without its id (src/interfaces.ts); testCeSeBits may be absent in entries written
 * before it existed, input and inputRank in entries written before the 2026-12-02 amendment (raw Z).
 */
export const infoFields = { bits: num, hYBits: num, testCeNats: num, testCeSeNats: num, testAccuracy: num, decoderFailure: bool, diagnostics };
export const infoOptional = { testCeSeBits: num, input: oneOf("whitened", "standardised", "raw"), inputRank: int };

export const wallSeconds = objectOf({ train: num, decode: num });

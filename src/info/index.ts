/** Usable-information estimator: I_u(Z;Y) = H(Y) - L_CE / ln 2 bits (Kleinman et al. 2021). */
export { distributionEntropyBits, natsToBits, plugInEntropyBits } from "./core/entropy.js";
export {
  ADAM_BETA1,
  ADAM_BETA2,
  ADAM_EPS,
  CB_DECODER_LR,
  cbDecoder,
  cbDecoderMediumFc,
  cbDecoderSmallFc,
  cifarDecoder,
  linearDecoder,
  validateDecoderConfig,
  type LinearDecoderOptions,
} from "./core/families.js";
export {
  ReferenceDecoder,
  UNSTABLE_GRAD_FACTOR,
  batchSizesPerEpoch,
  diagnosticsFrom,
  medianOf,
  fillDropoutMasks,
  initLinearParams,
  layerDims,
  runReferenceDecoder,
  type TrainOptions,
} from "./decoders/decoder-reference.js";
export type { BackendOptions, BackendProgress, DecoderBackend, DecoderBackendName, DecoderEval } from "./decoders/interface.js";
export { DECODER_BACKENDS } from "./decoders/backends.js";
export { standardiseUnits, unitStats, type UnitStats } from "./core/standardise.js";
export { splitDecoderRows, type DecoderRows, type SplitLabels, type SplitOrder, type SplitSizes } from "./core/split.js";
export { trainWasmDecoder, WASM_MAX_HIDDEN } from "./decoders/decoder-wasm.js";
export { SPLIT_MIN_MACS, bmm, trainDecoderBank, type BankOptions, type BmmMode } from "./decoders/decoder-bank.js";
export {
  autoImplementation,
  estimateUsableInfo,
  MAX_ABS_Z,
  summarise,
  taskEntropyBits,
  validateTask,
  type DecoderImplementation,
  type EstimateOptions,
} from "./core/estimate.js";
export { closeFastWorkers, defaultFastWorkers, trainFastDecoder, trainFastDecoders, type FastOptions } from "./decoders/decoder-fast.js";
export { familyConfig, toRows, usableInformation, UsableInformationEstimator, type FamilyName, type Rows, type ScoreResult, type UsableInformationOptions, type UsableInformationResult } from "./api.js";
export { DECODER_INPUTS, fitInputMap, fitStandardiser, fitWhitening, readingOf, WHITEN_RELATIVE_CUTOFF, type InputMap, type WhiteningOptions } from "./core/whiten.js";

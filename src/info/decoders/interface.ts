/**
 * The one contract of the decoder backends (types only). Each backend module exports a
 * DecoderBackend; backends.ts lists them by name, and the estimator (src/info/core/estimate.ts)
 * looks its `implementation` up there. Every backend follows the numerics and random streams of
 * the reference (decoder-reference.ts), so the choice changes speed and float rounding, not the
 * quantity measured.
 */
import type { DecoderConfig, DecoderDiagnostics, DecoderTask } from "../../interfaces.js";
import type { BmmMode } from "./decoder-bank.js";

/** Per-row test outputs of a trained decoder, and how its training went. */
export interface DecoderEval {
  /** Cross-entropy of each test row, nats. */
  ce: Float64Array;
  /** Rows whose first argmax of the logits equals the label. */
  correct: number;
  diagnostics: DecoderDiagnostics;
}

/** Names of the backends: "fast" (WebAssembly kernel on worker threads), "bank" (batched tfjs), "reference" (float64 TypeScript). */
export type DecoderBackendName = "fast" | "bank" | "reference";

/** Options of a training call; each backend reads the ones that concern it (the caller validates them). */
export interface BackendOptions {
  /** "fast": worker threads (default os.availableParallelism(); 1 = the calling thread). Results do not depend on it. */
  workers?: number;
  /** "bank": largest number of decoders trained together in one bank (estimateUsableInfo's default: 64). */
  maxBank: number;
  /** "bank": override the matrix-product mode (benchmarks). */
  bmmMode?: BmmMode;
}

/** Progress of a training call: `epochs` decoder-epochs completed since the last call, and what is training (a progress stage). */
export type BackendProgress = (epochs: number, stage: string) => void;

export interface DecoderBackend {
  readonly name: DecoderBackendName;
  /**
   * Train one decoder per task on task.train and evaluate it on task.test; results in task
   * order. Tasks and config are validated by the caller, and each task's Z is already what its
   * decoder sees (the input map applied). A decoder's numbers do not depend on the other tasks.
   */
  train(tasks: DecoderTask[], cfg: DecoderConfig, opts: BackendOptions, onProgress: BackendProgress): Promise<DecoderEval[]>;
}

/** The decoder backends by name (interface.ts): the table estimateUsableInfo's `implementation` is looked up in. */
import { bankBackend } from "./decoder-bank.js";
import { fastBackend } from "./decoder-fast.js";
import { referenceBackend } from "./decoder-reference.js";
import type { DecoderBackend, DecoderBackendName } from "./interface.js";

export const DECODER_BACKENDS: Readonly<Record<DecoderBackendName, DecoderBackend>> = {
  fast: fastBackend,
  bank: bankBackend,
  reference: referenceBackend,
};

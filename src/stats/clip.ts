/**
 * PROTOCOL.md section 0: raw I_u values are kept; claim statistics use max(0, I_u) as the paper did
 * (Fig 12); a raw value below DECODER_FAILURE_BITS (-0.05 bit) is a decoder failure. Every claim
 * reports how many of its points were clipped and how many decoders failed.
 */

import { DECODER_FAILURE_BITS } from "../interfaces.js";

export interface ClipResult {
  /** The input, unchanged. */
  raw: number[];
  /** max(0, raw[i]): what claim statistics use. */
  values: number[];
  n: number;
  /** Points with raw < 0 (set to 0). */
  clipped: number;
  /** Points with raw < DECODER_FAILURE_BITS (a subset of `clipped`). */
  decoderFailures: number;
  /** E.g. "3 of 40 points clipped to 0 (raw < 0); 1 decoder failure (raw < -0.05 bit)". */
  message: string;
}

/**
 * Clips raw usable-information values (bits) at 0 and counts clipped points and decoder failures.
 * NaN and +Infinity throw (they are bugs, not measurements); -Infinity is accepted as a decoder
 * failure (a decoder whose test cross-entropy overflowed), clipped to 0 like any other.
 */
export function clipUsableInfo(raw: ArrayLike<number>, what = "clipUsableInfo"): ClipResult {
  const r = Array.from(raw);
  let clipped = 0;
  let decoderFailures = 0;
  const values = r.map((v, i) => {
    if (typeof v !== "number" || Number.isNaN(v) || v === Infinity) {
      throw new Error(`${what}: invalid usable-information value ${v} at index ${i}`);
    }
    if (v < 0) clipped++;
    if (v < DECODER_FAILURE_BITS) decoderFailures++;
    return Math.max(0, v);
  });
  return { raw: r, values, n: r.length, clipped, decoderFailures, message: clipMessage(r.length, clipped, decoderFailures) };
}

/** Clips a seeds x epochs (or seeds x layers) table; counts are over all cells. */
export function clipTable(raw: readonly ArrayLike<number>[], what = "clipTable"): { values: number[][]; n: number; clipped: number; decoderFailures: number; message: string } {
  const rows = raw.map((row, i) => clipUsableInfo(row, `${what} (row ${i})`));
  return combine(rows.map((c) => c.values), rows);
}

function combine(values: number[][], parts: { n: number; clipped: number; decoderFailures: number }[]) {
  const n = parts.reduce((s, p) => s + p.n, 0);
  const clipped = parts.reduce((s, p) => s + p.clipped, 0);
  const decoderFailures = parts.reduce((s, p) => s + p.decoderFailures, 0);
  return { values, n, clipped, decoderFailures, message: clipMessage(n, clipped, decoderFailures) };
}

/** Adds the counts of several clip results (e.g. all arms of one claim). */
export function mergeClipCounts(parts: readonly { n: number; clipped: number; decoderFailures: number }[]): {
  n: number;
  clipped: number;
  decoderFailures: number;
  message: string;
} {
  const { n, clipped, decoderFailures, message } = combine([], [...parts]);
  return { n, clipped, decoderFailures, message };
}

function clipMessage(n: number, clipped: number, failures: number): string {
  return (
    `${clipped} of ${n} point${n === 1 ? "" : "s"} clipped to 0 (raw < 0); ` +
    `${failures} decoder failure${failures === 1 ? "" : "s"} (raw < ${DECODER_FAILURE_BITS} bit)`
  );
}

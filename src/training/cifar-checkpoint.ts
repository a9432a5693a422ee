/**
 * Checkpoint file format (one file, rewritten atomically after every epoch):
 *
 *   bytes 0..7        ASCII magic "UICKPT01"
 *   bytes 8..11       uint32 little-endian H: byte length of the JSON header
 *   bytes 12..12+H    UTF-8 JSON header (below), then zero padding to a multiple of 4 bytes
 *   payload           little-endian float32 arrays back to back
 *
 *   header = { format: "usable-info-checkpoint", version: 1, meta: <caller's JSON>,
 *              blobs: [{ name, shape, offset, length }] (offset and length in float32 elements,
 *              from the payload start), payloadBytes, payloadSha256 }
 *
 * Reading checks the magic, the header, the payload size (a truncated file says how many bytes are
 * missing) and the SHA-256 of the payload, so a corrupt or half-copied file fails with its path
 * and the reason instead of resuming from garbage.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { endianness } from "node:os";
import { writeFileAtomic } from "../runtime/files.js";

export const CHECKPOINT_MAGIC = "UICKPT01";
export const CHECKPOINT_FORMAT = "usable-info-checkpoint";
export const CHECKPOINT_VERSION = 1;

export interface CheckpointBlob {
  name: string;
  shape: number[];
  values: Float32Array;
}

interface BlobEntry {
  name: string;
  shape: number[];
  offset: number;
  length: number;
}

interface Header {
  format: string;
  version: number;
  meta: unknown;
  blobs: BlobEntry[];
  payloadBytes: number;
  payloadSha256: string;
}

function requireLittleEndian(): void {
  if (endianness() !== "LE") throw new Error("checkpoints are little-endian float32; this machine is big-endian");
}

/** The file's bytes for `meta` (any JSON) and the named float32 arrays. */
export function encodeCheckpoint(meta: unknown, blobs: readonly CheckpointBlob[]): Uint8Array {
  requireLittleEndian();
  const entries: BlobEntry[] = [];
  const seen = new Set<string>();
  let offset = 0;
  for (const b of blobs) {
    if (seen.has(b.name)) throw new Error(`checkpoint: blob ${b.name} given twice`);
    seen.add(b.name);
    const size = b.shape.reduce((a, c) => a * c, 1);
    if (size !== b.values.length) throw new Error(`checkpoint: blob ${b.name} has ${b.values.length} values for shape [${b.shape}]`);
    entries.push({ name: b.name, shape: [...b.shape], offset, length: b.values.length });
    offset += b.values.length;
  }
  const payload = new Float32Array(offset);
  for (const [i, b] of blobs.entries()) payload.set(b.values, entries[i].offset);
  const payloadBytes = new Uint8Array(payload.buffer);
  const header: Header = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    meta,
    blobs: entries,
    payloadBytes: payloadBytes.length,
    payloadSha256: createHash("sha256").update(payloadBytes).digest("hex"),
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const start = 12 + headerBytes.length;
  const payloadStart = Math.ceil(start / 4) * 4;
  const out = new Uint8Array(payloadStart + payloadBytes.length);
  out.set(new TextEncoder().encode(CHECKPOINT_MAGIC), 0);
  new DataView(out.buffer).setUint32(8, headerBytes.length, true);
  out.set(headerBytes, 12);
  out.set(payloadBytes, payloadStart);
  return out;
}

/** Parse a checkpoint's bytes; `file` names the source in errors. */
export function decodeCheckpoint(bytes: Uint8Array, file: string): { meta: unknown; blobs: Map<string, CheckpointBlob> } {
  requireLittleEndian();
  const fail = (why: string) => new Error(`checkpoint ${file} is unreadable: ${why}. Delete it to restart the run from scratch.`);
  if (bytes.length < 12) throw fail(`only ${bytes.length} bytes (truncated)`);
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (magic !== CHECKPOINT_MAGIC) throw fail(`bad magic ${JSON.stringify(magic)}, expected ${CHECKPOINT_MAGIC} (not a checkpoint, or another version)`);
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  if (12 + headerLength > bytes.length) throw fail(`header of ${headerLength} bytes runs past the end of the file (${bytes.length} bytes; truncated)`);
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(12, 12 + headerLength))) as Header;
  } catch (err) {
    throw fail(`header is not valid JSON (${(err as Error).message})`);
  }
  if (header.format !== CHECKPOINT_FORMAT || header.version !== CHECKPOINT_VERSION) {
    throw fail(`header says format ${JSON.stringify(header.format)} version ${JSON.stringify(header.version)}, expected ${CHECKPOINT_FORMAT} version ${CHECKPOINT_VERSION}`);
  }
  if (!Array.isArray(header.blobs) || !Number.isInteger(header.payloadBytes)) throw fail("header lacks blobs or payloadBytes");
  const payloadStart = Math.ceil((12 + headerLength) / 4) * 4;
  const have = bytes.length - payloadStart;
  if (have !== header.payloadBytes) {
    throw fail(have < header.payloadBytes ? `payload truncated: ${have} of ${header.payloadBytes} bytes present` : `${have - header.payloadBytes} bytes of trailing garbage after the payload`);
  }
  // Copy into a fresh, aligned buffer (a Node Buffer may start at any byte offset of a shared
  // pool, and Buffer.slice does not copy).
  const payloadBytes = new Uint8Array(bytes.subarray(payloadStart));
  const sha = createHash("sha256").update(payloadBytes).digest("hex");
  if (sha !== header.payloadSha256) throw fail(`payload SHA-256 ${sha.slice(0, 12)}... differs from the header's ${String(header.payloadSha256).slice(0, 12)}... (corrupt)`);
  const payload = new Float32Array(payloadBytes.buffer, 0, payloadBytes.length / 4);
  const blobs = new Map<string, CheckpointBlob>();
  for (const e of header.blobs) {
    const size = e.shape.reduce((a, c) => a * c, 1);
    if (size !== e.length || e.offset < 0 || e.offset + e.length > payload.length) throw fail(`blob ${e.name} (shape [${e.shape}], offset ${e.offset}) does not fit the payload`);
    blobs.set(e.name, { name: e.name, shape: e.shape, values: payload.slice(e.offset, e.offset + e.length) });
  }
  return { meta: header.meta, blobs };
}

export function writeCheckpoint(path: string, meta: unknown, blobs: readonly CheckpointBlob[]): void {
  writeFileAtomic(path, encodeCheckpoint(meta, blobs));
}

/** The checkpoint at `path`, or null when there is none. */
export function readCheckpoint(path: string): { meta: unknown; blobs: Map<string, CheckpointBlob> } | null {
  if (!existsSync(path)) return null;
  return decodeCheckpoint(readFileSync(path), path);
}

/**
 * Portable activation snapshots: the rows of one probed layer at one epoch, with their labels, in a
 * small self-describing binary file (`.usnap`). Used by the estimator regression fixtures
 * (fixtures/estimator/) and readable from any language.
 *
 * Layout (all integers little-endian):
 *
 *   offset 0   8 bytes   magic, ASCII "USNAPSHT"
 *   offset 8   uint32    format version (SNAPSHOT_VERSION = 2)
 *   offset 12  uint32    L = byte length of the JSON header
 *   offset 16  L bytes   UTF-8 JSON header (SnapshotHeader), right-padded with spaces so that
 *                        16 + L is a multiple of 8 (the arrays below start 8-byte aligned)
 *   then       rows * dim float32 LE   activations, row-major [rows, dim]
 *   then, per entry of header.labels in order:
 *              length int32 LE         that label's values (length == rows), in {0..classes-1}
 *
 * Header JSON: {"shape": [rows, dim], "dtype": "float32", "layer": 5, "epoch": 40, "run": "CB-2",
 * "seed": 1, "labels": [{"name": "colour", "length": 5000, "classes": 2}, ...], "meta": {...},
 * "sha256": "<hex>"}, sha256 over every byte after the header (activations and labels): a flipped
 * or zeroed byte there is a "checksum mismatch" on read (version 1 files had no checksum and are
 * refused; rewrite them with writeSnapshot). The file size must equal 16 + L + 4 rows dim +
 * 4 sum(length): a shorter file is "truncated", a longer one a "size mismatch". Activations must
 * be finite.
 *
 * Reading it with numpy (11 lines):
 *
 *   import hashlib, json, numpy as np
 *   def read_usnap(path):
 *       b = open(path, "rb").read()
 *       assert b[:8] == b"USNAPSHT", "not a usable-info snapshot"
 *       version, n = np.frombuffer(b, "<u4", 2, 8)
 *       h = json.loads(b[16:16 + n].decode("utf-8"))
 *       assert hashlib.sha256(b[16 + n:]).hexdigest() == h["sha256"], "checksum mismatch"
 *       rows, dim = h["shape"]; off = 16 + n
 *       z = np.frombuffer(b, "<f4", rows * dim, off).reshape(rows, dim); off += 4 * rows * dim
 *       labels = {}
 *       for l in h["labels"]: labels[l["name"]] = np.frombuffer(b, "<i4", l["length"], off); off += 4 * l["length"]
 *       return h, z, labels
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { writeFileAtomic } from "../../runtime/files.js";

/** First 8 bytes of every snapshot file. */
export const SNAPSHOT_MAGIC = "USNAPSHT";
/** Version written by this module; the reader accepts only this one (2: the header holds a checksum of the data). */
export const SNAPSHOT_VERSION = 2;
/** Bytes before the JSON header: magic (8), version (4), JSON length (4). */
const PREAMBLE_BYTES = 16;
/** Largest JSON header accepted (guards against reading a huge length from a corrupt file). */
const MAX_HEADER_BYTES = 1 << 20;

/** One label array stored after the activations. */
export interface SnapshotLabel {
  /** e.g. "colour", "direction". */
  name: string;
  /** Number of values (equals rows). */
  length: number;
  /** Number of label values k; values lie in {0..k-1}. */
  classes: number;
}

/** The JSON header of a snapshot file. */
export interface SnapshotHeader {
  /** [rows, dim] of the activations. */
  shape: [number, number];
  dtype: "float32";
  /** Probed layer, 1 = the first hidden layer. */
  layer: number;
  /** Training epoch of the probe (0 = initialisation). */
  epoch: number;
  /** Run name, e.g. "CB-2". */
  run: string;
  /** Training seed of the network. */
  seed: number;
  labels: SnapshotLabel[];
  /** Free-form provenance (config, decoder rows, ...), JSON-serialisable. */
  meta?: Record<string, unknown>;
  /** SHA-256 (hex) of the bytes after the header: activations, then labels. */
  sha256: string;
}

/** SHA-256 (hex) of a snapshot's data bytes (everything after the JSON header). */
export function snapshotChecksum(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** A snapshot in memory: header plus activations and labels by name. */
export interface Snapshot {
  header: SnapshotHeader;
  /** Row-major [rows, dim]. */
  z: Float32Array;
  /** Label arrays keyed by SnapshotLabel.name, in header order. */
  labels: Record<string, Int32Array>;
}

/** What a caller passes to `encodeSnapshot`: labels carry their number of classes. */
export interface SnapshotInput {
  layer: number;
  epoch: number;
  run: string;
  seed: number;
  /** Row-major [rows, dim]. */
  z: Float32Array;
  dim: number;
  labels: { name: string; values: Int32Array; classes: number }[];
  meta?: Record<string, unknown>;
}

/** Thrown for unreadable or inconsistent snapshots; the message names the file and the problem. */
export class SnapshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SnapshotError";
  }
}

function checkInt(where: string, name: string, v: unknown, min: number): void {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
    throw new SnapshotError(`${where}: ${name} must be an integer >= ${min}, got ${JSON.stringify(v)}`);
  }
}

function checkValues(where: string, header: SnapshotHeader, z: Float32Array, labels: Record<string, Int32Array>): void {
  const [rows, dim] = header.shape;
  for (let i = 0; i < z.length; i++) {
    if (!Number.isFinite(z[i])) {
      throw new SnapshotError(`${where}: activation is ${z[i]} at row ${Math.floor(i / dim)}, column ${i % dim} (of ${rows} x ${dim})`);
    }
  }
  for (const l of header.labels) {
    const v = labels[l.name];
    for (let i = 0; i < v.length; i++) {
      if (v[i] < 0 || v[i] >= l.classes) {
        throw new SnapshotError(`${where}: label "${l.name}" is ${v[i]} at row ${i}, outside {0..${l.classes - 1}}`);
      }
    }
  }
}

function checkHeader(where: string, h: SnapshotHeader): void {
  if (!h || typeof h !== "object") throw new SnapshotError(`${where}: header is not a JSON object`);
  if (!Array.isArray(h.shape) || h.shape.length !== 2) throw new SnapshotError(`${where}: shape must be [rows, dim], got ${JSON.stringify(h.shape)}`);
  checkInt(where, "shape[0] (rows)", h.shape[0], 1);
  checkInt(where, "shape[1] (dim)", h.shape[1], 1);
  if (h.dtype !== "float32") throw new SnapshotError(`${where}: dtype must be "float32", got ${JSON.stringify(h.dtype)}`);
  checkInt(where, "layer", h.layer, 0);
  checkInt(where, "epoch", h.epoch, 0);
  checkInt(where, "seed", h.seed, 0);
  if (typeof h.run !== "string") throw new SnapshotError(`${where}: run must be a string, got ${JSON.stringify(h.run)}`);
  if (typeof h.sha256 !== "string" || !/^[0-9a-f]{64}$/.test(h.sha256)) throw new SnapshotError(`${where}: sha256 must be 64 hex digits, got ${JSON.stringify(h.sha256)}`);
  if (!Array.isArray(h.labels)) throw new SnapshotError(`${where}: labels must be a list, got ${JSON.stringify(h.labels)}`);
  const names = new Set<string>();
  for (const l of h.labels) {
    if (typeof l?.name !== "string" || l.name.length === 0) throw new SnapshotError(`${where}: a label has no name: ${JSON.stringify(l)}`);
    if (names.has(l.name)) throw new SnapshotError(`${where}: duplicate label "${l.name}"`);
    names.add(l.name);
    checkInt(where, `labels "${l.name}" length`, l.length, 1);
    checkInt(where, `labels "${l.name}" classes`, l.classes, 2);
    if (l.length !== h.shape[0]) throw new SnapshotError(`${where}: label "${l.name}" has length ${l.length}, expected rows = ${h.shape[0]}`);
  }
}

/** Serialise a snapshot; validates shapes, labels and finiteness first. */
export function encodeSnapshot(input: SnapshotInput): Uint8Array {
  const where = `snapshot ${input.run} layer ${input.layer} epoch ${input.epoch}`;
  checkInt(where, "dim", input.dim, 1);
  if (input.z.length % input.dim !== 0 || input.z.length === 0) {
    throw new SnapshotError(`${where}: z has ${input.z.length} values, not a positive multiple of dim ${input.dim}`);
  }
  const rows = input.z.length / input.dim;
  const data = new Uint8Array(4 * input.z.length + 4 * rows * input.labels.length);
  const dataView = new DataView(data.buffer);
  let at = 0;
  for (let i = 0; i < input.z.length; i++, at += 4) dataView.setFloat32(at, input.z[i], true);
  for (const l of input.labels) for (let i = 0; i < rows && i < l.values.length; i++, at += 4) dataView.setInt32(at, l.values[i], true);
  const header: SnapshotHeader = {
    shape: [rows, input.dim],
    dtype: "float32",
    layer: input.layer,
    epoch: input.epoch,
    run: input.run,
    seed: input.seed,
    labels: input.labels.map((l) => ({ name: l.name, length: l.values.length, classes: l.classes })),
    ...(input.meta ? { meta: input.meta } : {}),
    sha256: snapshotChecksum(data),
  };
  checkHeader(where, header);
  const labels = Object.fromEntries(input.labels.map((l) => [l.name, l.values]));
  checkValues(where, header, input.z, labels);

  let json = JSON.stringify(header);
  let jsonBytes = new TextEncoder().encode(json);
  const pad = (8 - ((PREAMBLE_BYTES + jsonBytes.length) % 8)) % 8;
  if (pad > 0) {
    json += " ".repeat(pad);
    jsonBytes = new TextEncoder().encode(json);
  }
  const out = new Uint8Array(PREAMBLE_BYTES + jsonBytes.length + data.length);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) out[i] = SNAPSHOT_MAGIC.charCodeAt(i);
  view.setUint32(8, SNAPSHOT_VERSION, true);
  view.setUint32(12, jsonBytes.length, true);
  out.set(jsonBytes, PREAMBLE_BYTES);
  out.set(data, PREAMBLE_BYTES + jsonBytes.length);
  return out;
}

/** Parse a snapshot from bytes; `source` names the file in errors. */
export function decodeSnapshot(bytes: Uint8Array, source = "<bytes>"): Snapshot {
  const where = `snapshot ${source}`;
  if (bytes.length < PREAMBLE_BYTES) throw new SnapshotError(`${where}: truncated: ${bytes.length} bytes, shorter than the ${PREAMBLE_BYTES}-byte preamble`);
  const magic = String.fromCharCode(...bytes.subarray(0, 8));
  if (magic !== SNAPSHOT_MAGIC) {
    throw new SnapshotError(`${where}: bad magic ${JSON.stringify(magic)}, expected ${JSON.stringify(SNAPSHOT_MAGIC)} (not a snapshot file)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version === 1) throw new SnapshotError(`${where}: format version 1 has no checksum; this reader handles version ${SNAPSHOT_VERSION}: rewrite it with writeSnapshot (npm run estimator:snapshots regenerates the fixtures)`);
  if (version !== SNAPSHOT_VERSION) throw new SnapshotError(`${where}: format version ${version}; this reader handles version ${SNAPSHOT_VERSION}`);
  const jsonLength = view.getUint32(12, true);
  if (jsonLength > MAX_HEADER_BYTES) throw new SnapshotError(`${where}: JSON header length ${jsonLength} exceeds ${MAX_HEADER_BYTES} bytes (corrupt file)`);
  if (PREAMBLE_BYTES + jsonLength > bytes.length) {
    throw new SnapshotError(`${where}: truncated: the JSON header needs ${jsonLength} bytes, only ${bytes.length - PREAMBLE_BYTES} present`);
  }
  let header: SnapshotHeader;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + jsonLength))) as SnapshotHeader;
  } catch (err) {
    throw new SnapshotError(`${where}: JSON header does not parse: ${(err as Error).message}`);
  }
  checkHeader(where, header);
  const [rows, dim] = header.shape;
  const dataStart = PREAMBLE_BYTES + jsonLength;
  const expected = dataStart + 4 * rows * dim + 4 * header.labels.reduce((s, l) => s + l.length, 0);
  if (bytes.length < expected) {
    throw new SnapshotError(`${where}: truncated: ${bytes.length} bytes, the header (shape [${rows}, ${dim}], ${header.labels.length} label arrays) needs ${expected}`);
  }
  if (bytes.length > expected) {
    throw new SnapshotError(`${where}: size mismatch: ${bytes.length} bytes, the header (shape [${rows}, ${dim}], ${header.labels.length} label arrays) needs exactly ${expected}`);
  }
  if (snapshotChecksum(bytes.subarray(dataStart)) !== header.sha256) {
    throw new SnapshotError(`${where}: checksum mismatch: the activation or label bytes changed after the file was written (corrupted or edited); regenerate it`);
  }
  const z = new Float32Array(rows * dim);
  let off = dataStart;
  for (let i = 0; i < z.length; i++, off += 4) z[i] = view.getFloat32(off, true);
  const labels: Record<string, Int32Array> = {};
  for (const l of header.labels) {
    const v = new Int32Array(l.length);
    for (let i = 0; i < l.length; i++, off += 4) v[i] = view.getInt32(off, true);
    labels[l.name] = v;
  }
  checkValues(where, header, z, labels);
  return { header, z, labels };
}

/** Write a snapshot file atomically (temp file, then rename). */
export function writeSnapshot(path: string, input: SnapshotInput): void {
  writeFileAtomic(path, encodeSnapshot(input));
}

/** Read and validate a snapshot file. */
export function readSnapshot(path: string): Snapshot {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new SnapshotError(`snapshot ${path}: cannot read: ${(err as Error).message}`);
  }
  return decodeSnapshot(bytes, path);
}

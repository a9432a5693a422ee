/** Snapshot format: round trip, alignment, atomic write, and a named error for each kind of corruption. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeSnapshot, encodeSnapshot, readSnapshot, SNAPSHOT_MAGIC, snapshotChecksum, writeSnapshot, type SnapshotInput } from "../../src/info/checks/snapshot.js";
import { createRng } from "../../src/runtime/rng.js";

function input(rows = 7, dim = 3): SnapshotInput {
  const r = createRng(5);
  const z = Float32Array.from({ length: rows * dim }, () => r.normal());
  return {
    layer: 5,
    epoch: 40,
    run: "CB-2",
    seed: 1,
    z,
    dim,
    labels: [
      { name: "colour", values: Int32Array.from({ length: rows }, () => r.int(2)), classes: 2 },
      { name: "direction", values: Int32Array.from({ length: rows }, () => r.int(3)), classes: 3 },
    ],
    meta: { note: "test" },
  };
}

/** Whether `python3 -c "import numpy"` works here (the reader test needs it). */
function hasNumpy(): boolean {
  try {
    execFileSync("python3", ["-c", "import numpy"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("snapshot round trip", () => {
  it("decode(encode(x)) returns the same header, activations and labels", () => {
    const x = input();
    const s = decodeSnapshot(encodeSnapshot(x));
    expect(s.header.shape).toEqual([7, 3]);
    expect(s.header.dtype).toBe("float32");
    expect([s.header.layer, s.header.epoch, s.header.run, s.header.seed]).toEqual([5, 40, "CB-2", 1]);
    expect(s.header.labels).toEqual([
      { name: "colour", length: 7, classes: 2 },
      { name: "direction", length: 7, classes: 3 },
    ]);
    expect(s.header.meta).toEqual({ note: "test" });
    expect(Array.from(s.z)).toEqual(Array.from(x.z));
    expect(Array.from(s.labels.colour)).toEqual(Array.from(x.labels[0].values));
    expect(Array.from(s.labels.direction)).toEqual(Array.from(x.labels[1].values));
  });

  it("starts with the magic and puts the arrays 8-byte aligned, little-endian", () => {
    const x = input(2, 1);
    x.z[0] = 1.5;
    const b = encodeSnapshot(x);
    expect(String.fromCharCode(...b.subarray(0, 8))).toBe(SNAPSHOT_MAGIC);
    const jsonLen = new DataView(b.buffer).getUint32(12, true);
    expect((16 + jsonLen) % 8).toBe(0);
    // 1.5f = 0x3FC00000, little-endian bytes 00 00 C0 3F.
    expect(Array.from(b.subarray(16 + jsonLen, 16 + jsonLen + 4))).toEqual([0, 0, 0xc0, 0x3f]);
  });

  it("writes atomically (no temp file left) and reads back from disk", () => {
    const dir = mkdtempSync(join(tmpdir(), "usnap-"));
    const p = join(dir, "a.usnap");
    writeSnapshot(p, input());
    expect(readdirSync(dir)).toEqual(["a.usnap"]);
    expect(readSnapshot(p).header.shape).toEqual([7, 3]);
  });

  it.skipIf(!hasNumpy())("the documented numpy reader reads the file (skipped, visibly, without python3 + numpy)", () => {
    const dir = mkdtempSync(join(tmpdir(), "usnap-"));
    const p = join(dir, "a.usnap");
    const x = input();
    writeSnapshot(p, x);
    // The reader from the module comment of src/info/checks/snapshot.ts, verbatim.
    const src = readFileSync(new URL("../../src/info/checks/snapshot.ts", import.meta.url), "utf8");
    const lines = src.split("\n").filter((l) => l.startsWith(" *   ")).map((l) => l.slice(5));
    const start = lines.findIndex((l) => l.startsWith("import hashlib, json"));
    const reader = lines.slice(start, start + 12).join("\n");
    const out = execFileSync("python3", ["-c", `${reader}\nh, z, l = read_usnap(${JSON.stringify(p)})\nprint(z.shape, float(z.sum()), int(l["direction"].sum()), h["run"])`]).toString().trim();
    const zSum = x.z.reduce((a, v) => a + v, 0);
    const [shape, sum, dirSum, run] = out.match(/^\((\d+, \d+)\) (\S+) (\d+) (\S+)$/)!.slice(1);
    expect(shape).toBe("7, 3");
    expect(Number(sum)).toBeCloseTo(zSum, 4);
    expect(Number(dirSum)).toBe(x.labels[1].values.reduce((a, v) => a + v, 0));
    expect(run).toBe("CB-2");
  });
});

/** Bytes with their header's checksum recomputed over the (edited) data, as a writer that skips validation would produce. */
function resign(b: Uint8Array): Uint8Array {
  const jsonLen = new DataView(b.buffer, b.byteOffset).getUint32(12, true);
  const text = new TextDecoder().decode(b.subarray(16, 16 + jsonLen));
  const old = (JSON.parse(text) as { sha256: string }).sha256;
  const out = b.slice();
  out.set(new TextEncoder().encode(text.replace(old, snapshotChecksum(b.subarray(16 + jsonLen)))), 16);
  return out;
}

describe("snapshot errors", () => {
  const good = () => encodeSnapshot(input());

  it("bad magic", () => {
    const b = good();
    b[0] = "X".charCodeAt(0);
    expect(() => decodeSnapshot(b, "f.usnap")).toThrow(/f\.usnap: bad magic "XSNAPSHT"/);
  });

  it("unknown version", () => {
    const b = good();
    new DataView(b.buffer).setUint32(8, 9, true);
    expect(() => decodeSnapshot(b)).toThrow(/format version 9/);
  });

  it("truncated: in the preamble, in the header, in the data", () => {
    const b = good();
    expect(() => decodeSnapshot(b.subarray(0, 10))).toThrow(/truncated: 10 bytes/);
    expect(() => decodeSnapshot(b.subarray(0, 40))).toThrow(/truncated: the JSON header needs/);
    expect(() => decodeSnapshot(b.subarray(0, b.length - 4))).toThrow(/truncated: \d+ bytes, the header \(shape \[7, 3\], 2 label arrays\) needs \d+/);
  });

  it("size mismatch: trailing bytes", () => {
    const b = good();
    const longer = new Uint8Array(b.length + 4);
    longer.set(b);
    expect(() => decodeSnapshot(longer)).toThrow(/size mismatch/);
  });

  it("corrupt JSON header", () => {
    const b = good();
    b[16] = "!".charCodeAt(0);
    expect(() => decodeSnapshot(b)).toThrow(/JSON header does not parse/);
  });

  it("NaN activation: on write and on read, naming row and column", () => {
    const x = input();
    x.z[4] = Number.NaN;
    expect(() => encodeSnapshot(x)).toThrow(/activation is NaN at row 1, column 1/);
    const b = good();
    const jsonLen = new DataView(b.buffer).getUint32(12, true);
    new DataView(b.buffer).setFloat32(16 + jsonLen + 4 * 4, Number.NaN, true);
    expect(() => decodeSnapshot(resign(b), "g.usnap")).toThrow(/g\.usnap: activation is NaN at row 1, column 1/);
  });

  it("flipped or zeroed data bytes: checksum mismatch (before, they loaded silently)", () => {
    const b = good();
    const jsonLen = new DataView(b.buffer).getUint32(12, true);
    const flipped = b.slice();
    flipped[16 + jsonLen + 5] ^= 0x01;
    expect(() => decodeSnapshot(flipped, "h.usnap")).toThrow(/h\.usnap: checksum mismatch: the activation or label bytes changed after the file was written/);
    // Zero the first half of the activations.
    const zeroed = b.slice();
    zeroed.fill(0, 16 + jsonLen, 16 + jsonLen + 2 * 21);
    expect(() => decodeSnapshot(zeroed)).toThrow(/checksum mismatch/);
    // A flipped label byte too.
    const label = b.slice();
    label[b.length - 4] ^= 0x01;
    expect(() => decodeSnapshot(label)).toThrow(/checksum mismatch/);
  });

  it("a version-1 file (no checksum) is refused with the fix", () => {
    const b = good();
    new DataView(b.buffer).setUint32(8, 1, true);
    expect(() => decodeSnapshot(b, "old.usnap")).toThrow(/old\.usnap: format version 1 has no checksum; .*rewrite it with writeSnapshot/);
  });

  it("label out of range and wrong label length", () => {
    const x = input();
    x.labels[0].values[2] = 2;
    expect(() => encodeSnapshot(x)).toThrow(/label "colour" is 2 at row 2, outside \{0\.\.1\}/);
    const y = input();
    y.labels[1].values = y.labels[1].values.subarray(0, 5);
    expect(() => encodeSnapshot(y)).toThrow(/label "direction" has length 5, expected rows = 7/);
  });

  it("missing file", () => {
    expect(() => readSnapshot("/nonexistent/x.usnap")).toThrow(/cannot read/);
  });

  it("bad shape on write", () => {
    const x = input();
    x.dim = 4;
    expect(() => encodeSnapshot(x)).toThrow(/not a positive multiple of dim 4/);
  });
});

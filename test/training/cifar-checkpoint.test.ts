import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CHECKPOINT_MAGIC, decodeCheckpoint, encodeCheckpoint, readCheckpoint, writeCheckpoint } from "../../src/training/cifar-checkpoint.js";

const dir = mkdtempSync(join(tmpdir(), "claims-ckpt-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const blobs = [
  { name: "param/a", shape: [2, 3], values: Float32Array.from([1, 2, 3, 4, 5, 6.5]) },
  { name: "momentum/a", shape: [1], values: Float32Array.from([-0.25]) },
  { name: "probe/0", shape: [0], values: new Float32Array(0) },
];
const meta = { epochsDone: 3, curves: [{ epoch: 0, valAccuracy: 0.5 }], note: "é" };

describe("checkpoint format", () => {
  it("round-trips meta and float32 arrays through a file", () => {
    const p = join(dir, "a.ckpt");
    writeCheckpoint(p, meta, blobs);
    const back = readCheckpoint(p)!;
    expect(back.meta).toEqual(meta);
    expect([...back.blobs.keys()]).toEqual(blobs.map((b) => b.name));
    for (const b of blobs) {
      expect(back.blobs.get(b.name)!.shape).toEqual(b.shape);
      expect(Array.from(back.blobs.get(b.name)!.values)).toEqual(Array.from(b.values));
    }
    expect(readCheckpoint(join(dir, "missing.ckpt"))).toBeNull();
    const bytes = readFileSync(p);
    expect(bytes.subarray(0, 8).toString("ascii")).toBe(CHECKPOINT_MAGIC);
  });

  it("reads from a Buffer at any byte offset", () => {
    const bytes = encodeCheckpoint(meta, blobs);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(Array.from(decodeCheckpoint(shifted.subarray(1), "x").blobs.get("param/a")!.values)).toEqual([1, 2, 3, 4, 5, 6.5]);
  });

  it("names the file and the reason for truncated, corrupt or foreign files", () => {
    const bytes = encodeCheckpoint(meta, blobs);
    const at = (name: string, b: Uint8Array) => {
      const p = join(dir, name);
      writeFileSync(p, b);
      return () => readCheckpoint(p);
    };
    expect(at("t1.ckpt", bytes.subarray(0, bytes.length - 4))).toThrow(/t1\.ckpt is unreadable: payload truncated: 24 of 28 bytes present/);
    expect(at("t2.ckpt", bytes.subarray(0, 30))).toThrow(/t2\.ckpt is unreadable: header of \d+ bytes runs past the end/);
    expect(at("t3.ckpt", bytes.subarray(0, 5))).toThrow(/only 5 bytes \(truncated\)/);
    const flipped = Uint8Array.from(bytes);
    flipped[flipped.length - 2] ^= 0xff;
    expect(at("c1.ckpt", flipped)).toThrow(/c1\.ckpt is unreadable: payload SHA-256 .* differs .*\(corrupt\)/);
    const badHeader = Uint8Array.from(bytes);
    badHeader[12] = 0x5b; // the header's opening '{' becomes '['
    expect(at("c2.ckpt", badHeader)).toThrow(/header is not valid JSON/);
    expect(at("c3.ckpt", new TextEncoder().encode("hello world, not a checkpoint"))).toThrow(/bad magic "hello wo"/);
    const longer = new Uint8Array(bytes.length + 3);
    longer.set(bytes);
    expect(at("c4.ckpt", longer)).toThrow(/3 bytes of trailing garbage/);
    expect(at("c5.ckpt", bytes.subarray(0, 30))).toThrow(/Delete it to restart the run from scratch/);
  });

  it("rejects blobs whose values do not fit their shape, and repeated names", () => {
    expect(() => encodeCheckpoint({}, [{ name: "x", shape: [2, 2], values: new Float32Array(3) }])).toThrow(/blob x has 3 values for shape \[2,2\]/);
    expect(() => encodeCheckpoint({}, [blobs[0], blobs[0]])).toThrow(/blob param\/a given twice/);
  });
});

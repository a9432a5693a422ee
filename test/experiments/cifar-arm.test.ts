/** A CIFAR arm is validated in full, decoder included, before any data is read or any training starts; its cache key covers the data bytes. */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { resolveCifarDir } from "../../src/data/cifar.js";
import { armDataFingerprint, cifarResultKey, pipelineArm, validateArm, type CifarArm } from "../../src/experiments/cifar-runner.js";
import { REPO_ROOT } from "../../src/runtime/files.js";

describe("validateArm", () => {
  const arm = pipelineArm("check", "cifar10");
  const withDecoder = (patch: Partial<CifarArm["decoder"]>): CifarArm => ({ ...arm, decoder: { ...arm.decoder, ...patch } });

  it("accepts the pipeline arm", () => {
    expect(() => validateArm(arm)).not.toThrow();
  });

  // A fresh clone has neither ../shared nor downloaded data: the pipeline arm then reads the
  // committed synthetic fixtures (10 decoder-train images), and must still be valid.
  it.skipIf(existsSync(resolveCifarDir("cifar10").dir) || existsSync(resolveCifarDir("cifar100").dir))(
    "accepts the pipeline arms on the committed fixtures alone (skipped where downloaded CIFAR data exists)",
    () => {
      vi.stubEnv("CIFAR_SHARED_DIR", join(tmpdir(), "no-shared-data-here"));
      vi.stubEnv("CIFAR10_DIR", undefined as unknown as string);
      vi.stubEnv("CIFAR100_DIR", undefined as unknown as string);
      try {
        for (const dataset of ["cifar10", "cifar100"] as const) {
          const fx = pipelineArm("fixtures", dataset);
          expect(fx.data).toMatchObject({ kind: "small", trainRows: 40, testRows: 20 });
          expect(fx.decoder.batchSize).toBeLessThanOrEqual(fx.decoderTrainImages);
          expect(() => validateArm(fx)).not.toThrow();
        }
      } finally {
        vi.unstubAllEnvs();
      }
    },
  );

  it("rejects a bad decoder naming the arm, the field and the value (NaN as NaN)", () => {
    expect(() => validateArm(withDecoder({ batchSize: 0 }))).toThrow(/invalid CIFAR arm check: decoder\.batchSize = 0; expected an integer >= 2/);
    expect(() => validateArm(withDecoder({ optimizer: { kind: "adam", lr: Number.NaN, weightDecay: 0 } }))).toThrow(/decoder\.optimizer\.lr = NaN/);
    expect(() => validateArm(withDecoder({ batchSize: arm.decoderTrainImages + 1 }))).toThrow(/decoder\.batchSize = \d+ is larger than the \d+ decoder-train images/);
  });
});

describe("cifarResultKey: the data's content is part of the key", () => {
  const tmp = mkdtempSync(join(tmpdir(), "cifar-key-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const fixtures = join(REPO_ROOT, "fixtures", "cifar", "cifar-10-batches-bin");
  const backend = { name: "wasm", gpu: false };
  const copyTo = (name: string): string => {
    const dir = join(tmp, name);
    mkdirSync(dir);
    for (const f of ["data_batch_1.bin", "test_batch.bin"]) copyFileSync(join(fixtures, f), join(dir, f));
    return dir;
  };
  const armIn = (dir: string): CifarArm => {
    const arm = pipelineArm("check", "cifar10");
    return { ...arm, data: { kind: "small", trainRows: 40, testRows: 20, dir } };
  };

  it("same bytes, same fingerprint; one changed byte, another key; a missing file is named", () => {
    const a = copyTo("a");
    const b = copyTo("b");
    expect(armDataFingerprint(armIn(a))).toBe(armDataFingerprint(armIn(b)));
    const before = cifarResultKey(armIn(a), backend);
    const path = join(a, "test_batch.bin");
    const bytes = readFileSync(path);
    bytes[5] ^= 0xff;
    writeFileSync(path, bytes);
    utimesSync(path, new Date(), new Date(Date.now() + 5000)); // a new mtime: the memo is per (path, size, mtime)
    expect(armDataFingerprint(armIn(a))).not.toBe(armDataFingerprint(armIn(b)));
    expect(cifarResultKey(armIn(a), backend)).not.toBe(before);
    rmSync(join(b, "data_batch_1.bin"));
    expect(() => cifarResultKey(armIn(b), backend)).toThrow(/data_batch_1\.bin: missing/);
  });
});

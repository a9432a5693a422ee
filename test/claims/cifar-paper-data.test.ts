/**
 * The paper path's data gate (claims/cifar-shared.ts cifarContext, src/data/cifar-verify.ts):
 * planted bad CIFAR-10 files of the official size fail with the file, the problem and the fix;
 * an absent data set is a skip with its reason; a complete folder passes. Planted folders live in
 * a temp dir removed after the file.
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { cifarContext, dataFailure } from "../../claims/cifar-shared.js";
import { CIFAR10 } from "../../src/data/cifar.js";
import { isCompleteCifarFolder } from "../../src/data/cifar-download.js";
import { CIFAR_MANIFEST, CifarDataError, checkCifarDataset, parseManifest } from "../../src/data/cifar-verify.js";

const ROWS = 10_000;
const ROW = CIFAR10.rowBytes;
const root = mkdtempSync(join(tmpdir(), "cifar-paper-data-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const folder = (): string => {
  const d = join(root, `d${n++}`);
  mkdirSync(d);
  return d;
};

/** An official-size CIFAR-10 file (`rows` rows, label r % 10, pixels r % 251), as bytes. */
function cifar10Bytes(rows: number = ROWS, seedByte = 0): Uint8Array {
  const buf = new Uint8Array(rows * ROW);
  for (let r = 0; r < rows; r++) {
    buf[r * ROW] = r % 10;
    buf.fill((r + seedByte) % 251, r * ROW + 1, (r + 1) * ROW);
  }
  return buf;
}

const saved: Record<string, string | undefined> = {};
beforeEach(() => {
  for (const k of ["CLAIMS_SCALE", "CIFAR10_DIR", "CLAIMS_ALLOW_CPU_CIFAR"]) saved[k] = process.env[k];
  process.env.CLAIMS_SCALE = "paper";
  delete process.env.CLAIMS_ALLOW_CPU_CIFAR;
});
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

/** cifarContext at paper scale on a folder whose test_batch.bin is `bytes` (other files absent unless given). */
async function paperError(bytes: Uint8Array, extra: (dir: string) => void = () => undefined): Promise<{ dir: string; file: string; err: CifarDataError }> {
  const dir = folder();
  const file = join(dir, "test_batch.bin");
  writeFileSync(file, bytes);
  extra(dir);
  process.env.CIFAR10_DIR = dir;
  const err = await cifarContext(["cifar10"]).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CifarDataError);
  const e = err as CifarDataError;
  expect(e.message).toContain(`${file}: `);
  expect(e.message).toContain("Fix: `npm run data -- cifar10` downloads the official cifar-10-binary.tar.gz");
  expect(e.message).toContain(`or make CIFAR10_DIR (${dir}) hold the official files`);
  return { dir, file, err: e };
}

describe("paper-scale CIFAR data that is present but wrong fails the claim (file, problem, fix)", () => {
  it("a truncated file", async () => {
    const { file, err } = await paperError(cifar10Bytes().subarray(0, ROWS * ROW - 1000));
    expect(err.message).toContain(`${file}: size ${ROWS * ROW - 1000} bytes is not a positive multiple of the CIFAR-10 row size 3073`);
  });

  it("a file exactly one row short (loads as 9999 rows without the official count)", async () => {
    const { file, err } = await paperError(cifar10Bytes(ROWS - 1));
    expect(err.message).toContain(`${file}: holds 9999 rows (${(ROWS - 1) * ROW} bytes), expected 10000 rows (${ROWS * ROW} bytes)`);
  });

  it("a label byte of 200", async () => {
    const bytes = cifar10Bytes();
    bytes[17 * ROW] = 200;
    const { file, err } = await paperError(bytes);
    expect(err.message).toContain(`${file}: row 17 (byte offset ${17 * ROW}) has label 200, outside 0..9`);
  });

  it("a wrong checksum: against the official SHA-1 without a manifest, against SHA256SUMS with one", async () => {
    const bytes = cifar10Bytes();
    const sha1 = createHash("sha1").update(bytes).digest("hex");
    const a = await paperError(bytes);
    expect(a.err.message).toContain(`${a.file}: SHA-1 ${sha1} differs from the official file's 67eb016db431130d61cd03c7ad570b013799c88c`);
    // The other five files are reported missing, each by name.
    for (const f of CIFAR10.trainFiles) expect(a.err.message).toContain(`${join(a.dir, f)}: missing`);
    const other = "0".repeat(64);
    const b = await paperError(bytes, (dir) => writeFileSync(join(dir, CIFAR_MANIFEST), `${other}  test_batch.bin\n`));
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    expect(b.err.message).toContain(`${b.file}: SHA-256 ${sha256} differs from ${other} in SHA256SUMS`);
  });

  it("the claim's record is a failure carrying that message, not a skip", () => {
    const err = new CifarDataError("x.bin: broken\nFix: `npm run data -- cifar10`", [{ file: "x.bin", problem: "broken" }]);
    const r = dataFailure({ id: "fig3", paper: "Fig 3", statement: "s" }, err);
    expect(r.status).toBe("error");
    expect(r.reason).toBe(err.message);
    expect(r.scale).toBe("paper");
  });
});

describe("paper-scale CIFAR data that is absent is a skip with its reason", () => {
  it("no folder, or a folder with none of the data files", async () => {
    process.env.CIFAR10_DIR = join(root, "no-such-folder");
    const a = await cifarContext(["cifar10"]);
    expect(a.skipReason).toMatch(/data set absent: CIFAR-10 folder not found: .*no-such-folder \(from CIFAR10_DIR\)\. Download it with `npm run data -- cifar10`/);
    expect(a.skipReason).toMatch(/no GPU backend: .*the backend in use is (wasm|cpu|tensorflow)/);
    const empty = folder();
    process.env.CIFAR10_DIR = empty;
    const b = await cifarContext(["cifar10"]);
    expect(b.skipReason).toContain(`data set absent: CIFAR-10 folder ${empty} holds none of its data files`);
  });
});

describe("a complete folder passes the gate", () => {
  it("six official-size files matching their SHA256SUMS; the download script then leaves the folder alone", () => {
    const dir = folder();
    const lines: string[] = [];
    for (const [i, name] of [CIFAR10.testFile, ...CIFAR10.trainFiles].entries()) {
      const bytes = cifar10Bytes(ROWS, i);
      writeFileSync(join(dir, name), bytes);
      lines.push(`${createHash("sha256").update(bytes).digest("hex")}  ${name}`);
    }
    writeFileSync(join(dir, CIFAR_MANIFEST), lines.join("\n") + "\n");
    const c = checkCifarDataset("cifar10", dir);
    expect(c).toMatchObject({ status: "ok", dir, checksums: "manifest" });
    expect(isCompleteCifarFolder("cifar10", dir, true)).toBe(true);
    // One changed byte: the gate and the download script's completeness check both reject it.
    const bad = cifar10Bytes(ROWS, 3);
    bad[5] ^= 1;
    writeFileSync(join(dir, "data_batch_3.bin"), bad);
    expect(() => checkCifarDataset("cifar10", dir)).toThrow(/data_batch_3\.bin: SHA-256 [0-9a-f]{64} differs/);
    expect(isCompleteCifarFolder("cifar10", dir, true)).toBe(false);
  });

  it("a malformed SHA256SUMS line is named", () => {
    expect(() => parseManifest("abc  test_batch.bin\n", "/d/SHA256SUMS")).toThrow('/d/SHA256SUMS: line 1 is not "<sha256>  <file>": "abc  test_batch.bin"');
  });
});

/**
 * Download, MD5 check and unpack, without the internet: a small CIFAR-format .tar.gz made here
 * from the fixtures, served by a local HTTP server; the offline path against a closed port and a
 * server that never answers.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CIFAR10, loadCifar } from "../../src/data/cifar.js";
import { CIFAR_ARCHIVE_MD5, downloadFile, md5File, unpackCifarArchive } from "../../src/data/cifar-download.js";
import { CIFAR_MANIFEST, parseManifest } from "../../src/data/cifar-verify.js";
import { REPO_ROOT } from "../../src/runtime/files.js";

const FIX10 = join(REPO_ROOT, "fixtures", "cifar", CIFAR10.folder);
const root = mkdtempSync(join(tmpdir(), "cifar-dl-"));
let archive = "";
let archiveMd5 = "";
let server: Server;
let base = "";
let hangServer: Server;
let hangUrl = "";
let closedUrl = "";

function listen(s: Server): Promise<number> {
  return new Promise((res) => s.listen(0, "127.0.0.1", () => res((s.address() as AddressInfo).port)));
}

beforeAll(async () => {
  // A CIFAR-10-shaped archive: the fixture batch 1 copied as batches 1-5, and the fixture test batch.
  const src = join(root, "src", CIFAR10.folder);
  mkdirSync(src, { recursive: true });
  for (const f of CIFAR10.trainFiles) copyFileSync(join(FIX10, "data_batch_1.bin"), join(src, f));
  copyFileSync(join(FIX10, "test_batch.bin"), join(src, "test_batch.bin"));
  copyFileSync(join(FIX10, "batches.meta.txt"), join(src, "batches.meta.txt"));
  archive = join(root, "small-cifar-10.tar.gz");
  const r = spawnSync("tar", ["-czf", archive, "-C", join(root, "src"), CIFAR10.folder], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`tar failed: ${r.stderr}`);
  archiveMd5 = createHash("md5").update(readFileSync(archive)).digest("hex");
  // Also an archive without the expected top folder.
  writeFileSync(join(root, "src", "other.txt"), "not cifar");
  spawnSync("tar", ["-czf", join(root, "wrong.tar.gz"), "-C", join(root, "src"), "other.txt"]);

  server = createServer((req, res) => {
    if (req.url === "/small.tar.gz") {
      const body = readFileSync(archive);
      res.writeHead(200, { "content-type": "application/gzip", "content-length": body.length });
      // Two chunks so that progress is reported more than once.
      res.write(body.subarray(0, body.length >> 1));
      setTimeout(() => res.end(body.subarray(body.length >> 1)), 20);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  base = `http://127.0.0.1:${await listen(server)}`;
  hangServer = createServer(() => undefined); // accepts, never answers
  hangUrl = `http://127.0.0.1:${await listen(hangServer)}/x.tar.gz`;
  const tmp = createServer();
  closedUrl = `http://127.0.0.1:${await listen(tmp)}/x.tar.gz`;
  await new Promise((res) => tmp.close(res));
});

afterAll(async () => {
  hangServer?.closeAllConnections();
  await Promise.all([server, hangServer].filter(Boolean).map((s) => new Promise((res) => s.close(res))));
  rmSync(root, { recursive: true, force: true });
});

const leftovers = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".part") || f.startsWith(".unpack-") || f.includes(".old."));

describe("CIFAR archive download (local server, no internet)", () => {
  it("streams to a temp file, reports progress, checks the MD5, then renames into place", async () => {
    const dir = join(root, "dl-ok");
    const dest = join(dir, "a.tar.gz");
    const seen: [number, number | null][] = [];
    await downloadFile({ url: `${base}/small.tar.gz`, dest, md5: archiveMd5, onProgress: (r, t) => seen.push([r, t]) });
    expect(readFileSync(dest).equals(readFileSync(archive))).toBe(true);
    expect(await md5File(dest)).toBe(archiveMd5);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    const size = readFileSync(archive).length;
    expect(seen[seen.length - 1]).toEqual([size, size]);
    expect(leftovers(dir)).toEqual([]);
  });

  it("a wrong MD5 discards the download and leaves no file", async () => {
    const dir = join(root, "dl-bad");
    const dest = join(dir, "a.tar.gz");
    await expect(downloadFile({ url: `${base}/small.tar.gz`, dest, md5: CIFAR_ARCHIVE_MD5.cifar10 })).rejects.toThrow(
      `MD5 ${archiveMd5} does not match the expected ${CIFAR_ARCHIVE_MD5.cifar10}; the file was discarded`,
    );
    expect(existsSync(dest)).toBe(false);
    expect(leftovers(dir)).toEqual([]);
  });

  it("an HTTP error is reported with the status", async () => {
    await expect(downloadFile({ url: `${base}/missing`, dest: join(root, "dl-404", "a"), md5: archiveMd5, hint: "HINT" })).rejects.toThrow(/HTTP 404.*HINT/);
  });

  it("offline: a refused connection fails at once, with the manual hint", async () => {
    const t0 = Date.now();
    await expect(downloadFile({ url: closedUrl, dest: join(root, "dl-off", "a"), md5: archiveMd5, hint: "Put the files in X." })).rejects.toThrow(
      /cannot reach http:\/\/127\.0\.0\.1:\d+\/x\.tar\.gz \(ECONNREFUSED.*\); this machine looks offline\. Put the files in X\./,
    );
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it("offline: no answer within the connect timeout fails after that timeout", async () => {
    const t0 = Date.now();
    await expect(downloadFile({ url: hangUrl, dest: join(root, "dl-hang", "a"), md5: archiveMd5, connectTimeoutMs: 300 })).rejects.toThrow(
      /no response within 300 ms/,
    );
    const dt = Date.now() - t0;
    expect(dt).toBeGreaterThanOrEqual(250);
    expect(dt).toBeLessThan(3000);
    expect(existsSync(join(root, "dl-hang", "a"))).toBe(false);
  });
});

describe("CIFAR archive unpack", () => {
  it("checks the MD5, unpacks with tar, verifies the files and moves the folder into place", async () => {
    const parent = join(root, "unpack-ok");
    const folder = await unpackCifarArchive({ dataset: "cifar10", archive, parentDir: parent, md5: archiveMd5 });
    expect(folder).toBe(join(parent, CIFAR10.folder));
    expect(readdirSync(folder).sort()).toEqual([...CIFAR10.trainFiles, "batches.meta.txt", "test_batch.bin", CIFAR_MANIFEST].sort());
    // The manifest lists every data file with its SHA-256 (sha256sum format).
    const sums = parseManifest(readFileSync(join(folder, CIFAR_MANIFEST), "utf8"), CIFAR_MANIFEST);
    expect(sums.get("test_batch.bin")).toBe(createHash("sha256").update(readFileSync(join(folder, "test_batch.bin"))).digest("hex"));
    expect([...sums.keys()].sort()).toEqual([...CIFAR10.trainFiles, "test_batch.bin"].sort());
    const d = loadCifar({ dataset: "cifar10", split: "train", dir: folder });
    expect(d.rows).toBe(5 * 40);
    expect(leftovers(parent)).toEqual([]);
    // Unpacking again replaces the folder (an older, partial copy included).
    rmSync(join(folder, "test_batch.bin"));
    await unpackCifarArchive({ dataset: "cifar10", archive, parentDir: parent, md5: archiveMd5 });
    expect(existsSync(join(folder, "test_batch.bin"))).toBe(true);
    expect(leftovers(parent)).toEqual([]);
  });

  it("refuses an archive with the wrong MD5 before unpacking anything", async () => {
    const parent = join(root, "unpack-md5");
    await expect(unpackCifarArchive({ dataset: "cifar10", archive, parentDir: parent })).rejects.toThrow(
      `MD5 ${archiveMd5} does not match the expected cifar-10-binary.tar.gz MD5 ${CIFAR_ARCHIVE_MD5.cifar10}`,
    );
    expect(existsSync(join(parent, CIFAR10.folder))).toBe(false);
  });

  it("refuses an archive without the dataset folder, or with the wrong row counts when official", async () => {
    const parent = join(root, "unpack-wrong");
    await expect(unpackCifarArchive({ dataset: "cifar10", archive: join(root, "wrong.tar.gz"), parentDir: parent, md5: null })).rejects.toThrow(
      /no cifar-10-batches-bin\/ folder inside/,
    );
    await expect(unpackCifarArchive({ dataset: "cifar10", archive, parentDir: parent, md5: null, official: true })).rejects.toThrow(
      /data_batch_1\.bin: holds 40 rows .* expected 10000 rows/,
    );
    await expect(unpackCifarArchive({ dataset: "cifar100", archive, parentDir: parent, md5: null })).rejects.toThrow(/no cifar-100-binary\/ folder/);
    expect(existsSync(join(parent, CIFAR10.folder))).toBe(false);
    expect(leftovers(parent)).toEqual([]);
  });
});

describe("scripts/download-cifar.ts", () => {
  const run = (args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", join(REPO_ROOT, "scripts", "download-cifar.ts"), ...args], { encoding: "utf8", cwd: REPO_ROOT, timeout: 60_000 });

  it("offline: exits 1 at once with where to put the files and the --archive route", () => {
    const dir = join(root, "cli-off");
    const t0 = Date.now();
    const r = run(["cifar10", "--dir", dir, "--url", closedUrl]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cannot reach .*ECONNREFUSED/);
    expect(r.stderr).toContain("npm run data -- cifar10 --archive /path/to/cifar-10-binary.tar.gz");
    expect(r.stderr).toContain(join(dir, CIFAR10.folder));
    expect(r.stderr).toContain("CIFAR10_DIR");
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(existsSync(join(dir, CIFAR10.folder))).toBe(false);
  });

  it("--archive with a file that is not the official archive fails on the MD5; bad arguments print the usage", () => {
    const r = run(["cifar10", "--dir", join(root, "cli-md5"), "--archive", archive]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`does not match the expected cifar-10-binary.tar.gz MD5 ${CIFAR_ARCHIVE_MD5.cifar10}`);
    const u = run(["cifar1000"]);
    expect(u.status).toBe(2);
    expect(u.stderr).toContain('expected one data set, cifar10 or cifar100; got "cifar1000"');
    expect(u.stderr).toContain("usage: npx tsx scripts/download-cifar.ts cifar10|cifar100");
    const m = run(["cifar10", "--froce"]);
    expect(m.status).toBe(2);
    expect(m.stderr).toMatch(/^Unknown option '--froce'/);
  });
});

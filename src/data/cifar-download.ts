/**
 * Fetch and unpack the official CIFAR binary archives (https://www.cs.toronto.edu/~kriz/cifar.html).
 * The archive is streamed to a temp file beside its destination and renamed into place only after
 * its MD5 matches; it is unpacked with the system `tar` into a temp folder that is renamed into
 * place only after every data file parses. Offline, the connection attempt fails within
 * connectTimeoutMs with a message that says where to put the files by hand.
 * CLI: scripts/download-cifar.ts (`npm run data -- cifar10|cifar100`).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { REPO_ROOT } from "../runtime/files.js";
import { cifarSpec, parseCifarFile, type CifarName } from "./cifar.js";
import { CIFAR_MANIFEST, CIFAR_OFFICIAL_SHA1, checkCifarDataset, cifarDataFiles, formatManifest } from "./cifar-verify.js";

/** Official archive URLs. */
export const CIFAR_ARCHIVE_URL: Readonly<Record<CifarName, string>> = Object.freeze({
  cifar10: "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz",
  cifar100: "https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz",
});

/** MD5 of the official binary archives, as published on the CIFAR page. */
export const CIFAR_ARCHIVE_MD5: Readonly<Record<CifarName, string>> = Object.freeze({
  cifar10: "c32a1d4ab5d03f1284b67883e8d87530",
  cifar100: "03b5dce01913d631647c71ecec9e9cb8",
});

/** Default connect (response-headers) timeout: offline machines should fail at once. */
export const CIFAR_CONNECT_TIMEOUT_MS = 5_000;
/** Abort a download that receives nothing for this long. */
export const CIFAR_IDLE_TIMEOUT_MS = 60_000;

/** Parent folder the archives unpack into by default (<repo>/.cache/data). */
export function defaultDataRoot(): string {
  return join(REPO_ROOT, ".cache", "data");
}

/** What to do by hand when the download cannot run. */
export function manualInstructions(dataset: CifarName, parentDir: string): string {
  const spec = cifarSpec(dataset);
  const files = [...spec.trainFiles, spec.testFile].join(", ");
  return (
    `Download ${spec.archive} (MD5 ${CIFAR_ARCHIVE_MD5[dataset]}) from https://www.cs.toronto.edu/~kriz/cifar.html ` +
    `on a machine with internet, then either run \`npm run data -- ${dataset} --archive /path/to/${spec.archive}\`, ` +
    `or unpack it yourself so that ${join(parentDir, spec.folder)} holds ${files}, ` +
    `or set ${spec.envVar} to a folder that holds those files.`
  );
}

/** Hex MD5 of a file, streamed. */
export async function md5File(path: string): Promise<string> {
  const h = createHash("md5");
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest("hex");
}

export interface DownloadOptions {
  url: string;
  /** Final path of the downloaded file; it appears only after the MD5 check passes. */
  dest: string;
  /** Expected hex MD5 (lower case). */
  md5: string;
  /** Fail if no response headers arrive within this many ms (default CIFAR_CONNECT_TIMEOUT_MS). */
  connectTimeoutMs?: number;
  /** Fail if no bytes arrive for this many ms (default CIFAR_IDLE_TIMEOUT_MS). */
  idleTimeoutMs?: number;
  /** Called as bytes arrive; total is null when the server sends no Content-Length. */
  onProgress?: (received: number, total: number | null) => void;
  /** Appended to connection errors (what to do by hand). */
  hint?: string;
}

function causeOf(err: unknown): string {
  const e = err as { message?: string; cause?: { code?: string; message?: string } };
  const c = e.cause;
  if (c) return [c.code, c.message].filter(Boolean).join(": ");
  return e.message ?? String(err);
}

/** Stream url to a temp file beside dest, check the MD5, rename to dest. */
export async function downloadFile(opts: DownloadOptions): Promise<void> {
  const connectMs = opts.connectTimeoutMs ?? CIFAR_CONNECT_TIMEOUT_MS;
  const idleMs = opts.idleTimeoutMs ?? CIFAR_IDLE_TIMEOUT_MS;
  const hint = opts.hint ? ` ${opts.hint}` : "";
  mkdirSync(dirname(opts.dest), { recursive: true });
  const ctrl = new AbortController();
  let timer = setTimeout(() => ctrl.abort(), connectMs);
  let res: Response;
  try {
    res = await fetch(opts.url, { signal: ctrl.signal, redirect: "follow" });
  } catch (err) {
    clearTimeout(timer);
    const why = ctrl.signal.aborted ? `no response within ${connectMs} ms` : causeOf(err);
    throw new Error(`cannot reach ${opts.url} (${why}); this machine looks offline.${hint}`);
  }
  if (!res.ok || !res.body) {
    clearTimeout(timer);
    throw new Error(`${opts.url}: HTTP ${res.status} ${res.statusText}.${hint}`);
  }
  const lenHeader = res.headers.get("content-length");
  const total = lenHeader !== null && /^\d+$/.test(lenHeader) ? Number(lenHeader) : null;
  const tmp = `${opts.dest}.${process.pid}.${Date.now()}.part`;
  const fh = await open(tmp, "w");
  const hash = createHash("md5");
  let received = 0;
  try {
    clearTimeout(timer);
    timer = setTimeout(() => ctrl.abort(), idleMs);
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        clearTimeout(timer);
        timer = setTimeout(() => ctrl.abort(), idleMs);
        hash.update(chunk);
        await fh.write(chunk);
        received += chunk.length;
        opts.onProgress?.(received, total);
      }
    } catch (err) {
      const why = ctrl.signal.aborted ? `no data for ${idleMs} ms` : causeOf(err);
      throw new Error(`download of ${opts.url} broke off after ${received} bytes (${why}).${hint}`);
    } finally {
      clearTimeout(timer);
    }
    await fh.close();
    if (total !== null && received !== total) {
      throw new Error(`download of ${opts.url} ended after ${received} of ${total} bytes.${hint}`);
    }
    const got = hash.digest("hex");
    if (got !== opts.md5.toLowerCase()) {
      throw new Error(`download of ${opts.url}: MD5 ${got} does not match the expected ${opts.md5}; the file was discarded.${hint}`);
    }
    renameSync(tmp, opts.dest);
  } catch (err) {
    await fh.close().catch(() => undefined);
    if (existsSync(tmp)) unlinkSync(tmp);
    throw err;
  }
}

/**
 * Check that `folder` holds every file of the dataset and that each parses (size a multiple of
 * the row size, labels in range). With `official`, also the official row counts.
 */
export function verifyCifarFolder(dataset: CifarName, folder: string, official = false): void {
  const spec = cifarSpec(dataset);
  for (const name of [...spec.trainFiles, spec.testFile]) {
    const p = join(folder, name);
    if (!existsSync(p)) throw new Error(`${p}: missing ${spec.title} file`);
    parseCifarFile(readFileSync(p), dataset, p, official ? spec.officialRows[name] : undefined);
  }
}

/**
 * True when `folder` holds a complete dataset. With `official`, the paper protocol's own check
 * (src/data/cifar-verify.ts: official row counts, labels and checksums), so that `npm run data`
 * replaces exactly the folders the claims would reject.
 */
export function isCompleteCifarFolder(dataset: CifarName, folder: string, official = false): boolean {
  try {
    if (official) return checkCifarDataset(dataset, folder).status === "ok";
    verifyCifarFolder(dataset, folder, false);
    return true;
  } catch {
    return false;
  }
}

export interface UnpackOptions {
  dataset: CifarName;
  /** The .tar.gz archive. */
  archive: string;
  /** Folder the archive's top folder (cifar-10-batches-bin / cifar-100-binary) lands in. */
  parentDir: string;
  /** Expected MD5 of the archive (default the official one); null skips the check. */
  md5?: string | null;
  /** Also require the official row counts. */
  official?: boolean;
  /**
   * Called when an unpacked file's SHA-1 differs from the published official one
   * (CIFAR_OFFICIAL_SHA1); only compared when the archive passed the official MD5.
   */
  onWarning?: (message: string) => void;
}

/**
 * Check the archive's MD5, unpack it with the system `tar` into a temp folder, verify the data
 * files, then move the dataset folder into parentDir (replacing an older copy). Returns its path.
 */
export async function unpackCifarArchive(opts: UnpackOptions): Promise<string> {
  const spec = cifarSpec(opts.dataset);
  const archive = resolve(opts.archive);
  if (!existsSync(archive) || !statSync(archive).isFile()) throw new Error(`${archive}: archive not found`);
  const md5 = opts.md5 === undefined ? CIFAR_ARCHIVE_MD5[opts.dataset] : opts.md5;
  if (md5 !== null) {
    const got = await md5File(archive);
    if (got !== md5.toLowerCase()) {
      throw new Error(`${archive}: MD5 ${got} does not match the expected ${spec.archive} MD5 ${md5}; delete it and download it again`);
    }
  }
  const parent = resolve(opts.parentDir);
  mkdirSync(parent, { recursive: true });
  const stamp = `${process.pid}.${Date.now()}`;
  const tmpDir = join(parent, `.unpack-${spec.folder}.${stamp}`);
  mkdirSync(tmpDir);
  try {
    const r = spawnSync("tar", ["-xzf", archive, "-C", tmpDir], { encoding: "utf8" });
    if (r.error) throw new Error(`cannot run the system tar to unpack ${archive}: ${r.error.message}. Unpack it by hand into ${parent}`);
    if (r.status !== 0) throw new Error(`tar failed on ${archive} (exit ${r.status}): ${r.stderr.trim()}`);
    const unpacked = join(tmpDir, spec.folder);
    if (!existsSync(unpacked)) throw new Error(`${archive}: no ${spec.folder}/ folder inside; is it ${spec.archive}?`);
    verifyCifarFolder(opts.dataset, unpacked, opts.official ?? false);
    // The archive's MD5 vouches for these bytes: record them, so that later checks need no archive.
    writeFileSync(join(unpacked, CIFAR_MANIFEST), formatManifest(unpacked, cifarDataFiles(opts.dataset)));
    if (opts.md5 === undefined) warnOnOfficialSha1(opts.dataset, unpacked, opts.onWarning ?? ((m) => console.warn(m)));
    const target = join(parent, spec.folder);
    const old = `${target}.old.${stamp}`;
    if (existsSync(target)) renameSync(target, old);
    renameSync(unpacked, target);
    if (existsSync(old)) rmSync(old, { recursive: true, force: true });
    return target;
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
}

/** Compare the unpacked files with the published official SHA-1s; report each difference. */
function warnOnOfficialSha1(dataset: CifarName, folder: string, warn: (message: string) => void): void {
  for (const name of cifarDataFiles(dataset)) {
    const got = createHash("sha1").update(readFileSync(join(folder, name))).digest("hex");
    const want = CIFAR_OFFICIAL_SHA1[dataset][name];
    if (got !== want) {
      warn(
        `warning: ${name} from the MD5-checked official archive has SHA-1 ${got}, not the published ${want} ` +
          `(src/data/cifar-verify.ts); the folder's ${CIFAR_MANIFEST} is used for its checks. Please report this.`,
      );
    }
  }
}

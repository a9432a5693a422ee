/**
 * Is a CIFAR folder the official data set, fit for the paper protocol? Checks every data file of
 * the official archive: present, size = official rows x row size, label bytes in range (CIFAR-100:
 * coarse byte = superclass of the fine byte), and a checksum:
 *   - against the folder's SHA256SUMS when it has one (written by `npm run data` after the
 *     archive's MD5 matched; `sha256sum -c SHA256SUMS` reads the same file), else
 *   - against the SHA-1 of each official file as published in Apache MXNet's Gluon data sets
 *     (python/mxnet/gluon/data/vision/datasets.py, classes CIFAR10 and CIFAR100). These could
 *     not be checked against the official archives here (no access to them); `npm run data`
 *     compares them on every unpack and warns when they differ.
 *
 * Outcome: "absent" (no folder, or a folder with none of the data files: a reason to skip a
 * paper-scale claim) or "ok"; anything else throws CifarDataError naming each file, its problem
 * and the fix. Cost: reads and hashes every file once (about 180 MB for either data set).
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { cifarSpec, missingCifarDirMessage, parseCifarFile, resolveCifarDir, type CifarName } from "./cifar.js";

/** File name of the checksum list `npm run data` writes into a data set folder (sha256sum format). */
export const CIFAR_MANIFEST = "SHA256SUMS";

/** SHA-1 of the official files (Apache MXNet Gluon's CIFAR10 / CIFAR100 data sets; see the module comment). */
export const CIFAR_OFFICIAL_SHA1: Readonly<Record<CifarName, Readonly<Record<string, string>>>> = Object.freeze({
  cifar10: Object.freeze({
    "data_batch_1.bin": "aadd24acce27caa71bf4b10992e9e7b2d74c2540",
    "data_batch_2.bin": "c0ba65cce70568cd57b4e03e9ac8d2a5367c1795",
    "data_batch_3.bin": "1dd00a74ab1d17a6e7d73e185b69dbf31242f295",
    "data_batch_4.bin": "aab85764eb3584312d3c7f65fd2fd016e36a258e",
    "data_batch_5.bin": "26e2849e66a845b7f1e4614ae70f4889ae604628",
    "test_batch.bin": "67eb016db431130d61cd03c7ad570b013799c88c",
  }),
  cifar100: Object.freeze({
    "train.bin": "e207cd2e05b73b1393c74c7f5e7bea451d63e08e",
    "test.bin": "8fb6623e830365ff53cf14adec797474f5478006",
  }),
});

/** A data set folder that is present but not the official data; the message names files, problems and the fix. */
export class CifarDataError extends Error {
  constructor(
    message: string,
    /** Absolute path and problem of each bad file. */
    readonly problems: readonly { file: string; problem: string }[],
  ) {
    super(message);
    this.name = "CifarDataError";
  }
}

export type CifarCheck =
  | { status: "absent"; dir: string; reason: string }
  | { status: "ok"; dir: string; files: string[]; checksums: "manifest" | "official-sha1" };

/** Data files of the official archive, test file first. */
export function cifarDataFiles(dataset: CifarName): string[] {
  const spec = cifarSpec(dataset);
  return [spec.testFile, ...spec.trainFiles];
}

/** Parse a sha256sum-format list: `<64 hex>  <name>` per line. Throws on a malformed line. */
export function parseManifest(text: string, path: string): Map<string, string> {
  const out = new Map<string, string>();
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === "") return;
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!m) throw new Error(`${path}: line ${i + 1} is not "<sha256>  <file>": ${JSON.stringify(line)}`);
    out.set(m[2], m[1]);
  });
  return out;
}

/** sha256sum-format text for files of a folder. */
export function formatManifest(dir: string, names: readonly string[]): string {
  return names.map((n) => `${createHash("sha256").update(readFileSync(join(dir, n))).digest("hex")}  ${n}\n`).join("");
}

/** What to run to replace the folder with the official files. */
export function cifarFixHint(dataset: CifarName, dir: string, source: "argument" | "env" | "default"): string {
  const spec = cifarSpec(dataset);
  const base =
    `\`npm run data -- ${dataset}\` downloads the official ${spec.archive}, checks its MD5 and rewrites ` +
    (source === "default" ? dir : `the default folder (then unset ${spec.envVar})`);
  const own = source === "env" ? `; or make ${spec.envVar} (${dir}) hold the official files` : "";
  return `Fix: ${base}${own}.`;
}

/** Check one data set folder (default: $CIFAR10_DIR / $CIFAR100_DIR, else <repo>/.cache/data/...). */
export function checkCifarDataset(dataset: CifarName, dirArg?: string): CifarCheck {
  const spec = cifarSpec(dataset);
  const choice = resolveCifarDir(dataset, dirArg);
  const dir = choice.dir;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return { status: "absent", dir, reason: missingCifarDirMessage(dataset, choice) };
  const names = cifarDataFiles(dataset);
  if (!names.some((n) => existsSync(join(dir, n)))) {
    const reason =
      `${spec.title} folder ${dir} holds none of its data files (${names.join(", ")}). ` +
      `Download them with \`npm run data -- ${dataset}\`, or set ${spec.envVar} to a folder that holds them.`;
    return { status: "absent", dir, reason };
  }
  const manifestPath = join(dir, CIFAR_MANIFEST);
  let manifest: Map<string, string> | null = null;
  const problems: { file: string; problem: string }[] = [];
  if (existsSync(manifestPath)) {
    try {
      manifest = parseManifest(readFileSync(manifestPath, "utf8"), manifestPath);
    } catch (err) {
      problems.push({ file: manifestPath, problem: (err as Error).message.replace(`${manifestPath}: `, "") });
    }
  }
  for (const name of names) {
    const path = join(dir, name);
    if (!existsSync(path)) {
      problems.push({ file: path, problem: `missing (the official ${spec.title} has ${names.length} data files)` });
      continue;
    }
    const buf = readFileSync(path);
    try {
      parseCifarFile(buf, dataset, path, spec.officialRows[name]);
    } catch (err) {
      problems.push({ file: path, problem: (err as Error).message.replace(`${path}: `, "") });
      continue;
    }
    if (manifest) {
      const want = manifest.get(name);
      const got = createHash("sha256").update(buf).digest("hex");
      if (!want) problems.push({ file: path, problem: `not listed in ${manifestPath}` });
      else if (got !== want) problems.push({ file: path, problem: `SHA-256 ${got} differs from ${want} in ${CIFAR_MANIFEST} (the file changed after \`npm run data\` wrote it)` });
    } else {
      const want = CIFAR_OFFICIAL_SHA1[dataset][name];
      const got = createHash("sha1").update(buf).digest("hex");
      if (got !== want) problems.push({ file: path, problem: `SHA-1 ${got} differs from the official file's ${want} (modified, or not from the official archive)` });
    }
  }
  if (problems.length > 0) {
    const list = problems.map((p) => `  - ${p.file}: ${p.problem}`).join("\n");
    throw new CifarDataError(
      `${spec.title} data in ${dir} is present but not the official data set the paper protocol needs:\n${list}\n${cifarFixHint(dataset, dir, choice.source)}`,
      problems,
    );
  }
  return { status: "ok", dir, files: names.map((n) => join(dir, n)), checksums: manifest ? "manifest" : "official-sha1" };
}

/** checkCifarDataset, but an absent data set throws too (with where to get it). */
export function requireCifarDataset(dataset: CifarName, dirArg?: string): Extract<CifarCheck, { status: "ok" }> {
  const c = checkCifarDataset(dataset, dirArg);
  if (c.status === "absent") throw new Error(c.reason);
  return c;
}

const fingerprintMemo = new Map<string, string>();

/**
 * Content fingerprint of data files (SHA-256 over each file's name and SHA-256, first 16 hex
 * digits): the CIFAR result cache keys on it, so results computed from other bytes in the same
 * folder are never reused. Memoised per process by path, size and modification time.
 * Throws naming a missing file.
 */
export function dataFingerprint(dir: string, names: readonly string[]): string {
  const h = createHash("sha256");
  for (const name of [...names].sort()) {
    const path = join(dir, name);
    if (!existsSync(path)) throw new Error(`${path}: missing (needed to fingerprint the data set for the result cache)`);
    const st = statSync(path);
    const memoKey = `${path}\0${st.size}\0${st.mtimeMs}`;
    let digest = fingerprintMemo.get(memoKey);
    if (digest === undefined) {
      digest = createHash("sha256").update(readFileSync(path)).digest("hex");
      fingerprintMemo.set(memoKey, digest);
    }
    h.update(`${name}\0${digest}\n`);
  }
  return h.digest("hex").slice(0, 16);
}

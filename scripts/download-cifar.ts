/**
 * Download, MD5-check and unpack an official CIFAR binary archive.
 *
 *   npx tsx scripts/download-cifar.ts cifar10|cifar100 [--dir D] [--archive FILE] [--url URL]
 *                                     [--connect-timeout SECONDS] [--force]
 *
 *   --dir D        parent folder (default <repo>/.cache/data); the dataset lands in
 *                  D/cifar-10-batches-bin or D/cifar-100-binary
 *   --archive FILE use an archive downloaded by hand instead of downloading (MD5 still checked)
 *   --url URL      another mirror of the same archive (MD5 still checked)
 *   --force        unpack again even if the folder is already complete
 *
 * The loaders find the default folder without configuration; for another --dir, set CIFAR10_DIR /
 * CIFAR100_DIR to the printed folder.
 */
import { existsSync, unlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { cifarSpec, defaultCifarDir, type CifarName } from "../src/data/cifar.js";
import {
  CIFAR_ARCHIVE_MD5,
  CIFAR_ARCHIVE_URL,
  CIFAR_CONNECT_TIMEOUT_MS,
  defaultDataRoot,
  downloadFile,
  isCompleteCifarFolder,
  manualInstructions,
  unpackCifarArchive,
} from "../src/data/cifar-download.js";

const USAGE = "usage: npx tsx scripts/download-cifar.ts cifar10|cifar100 [--dir D] [--archive FILE] [--url URL] [--connect-timeout S] [--force]";

function fail(msg: string): never {
  console.error(msg);
  process.exit(1);
}

function parseArgs(argv: string[]) {
  let dataset: CifarName | null = null;
  const opts: { dir?: string; archive?: string; url?: string; connectTimeoutMs?: number; force: boolean } = { force: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = (): string => {
      const v = argv[++i];
      if (v === undefined) fail(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === "cifar10" || a === "cifar100") dataset = a;
    else if (a === "--dir") opts.dir = val();
    else if (a === "--archive") opts.archive = val();
    else if (a === "--url") opts.url = val();
    else if (a === "--connect-timeout") {
      const s = Number(val());
      if (!(s > 0)) fail(`--connect-timeout must be a positive number of seconds\n${USAGE}`);
      opts.connectTimeoutMs = s * 1000;
    } else if (a === "--force") opts.force = true;
    else if (a === "-h" || a === "--help") {
      console.log(USAGE);
      process.exit(0);
    } else fail(`unknown argument ${JSON.stringify(a)}\n${USAGE}`);
  }
  if (!dataset) fail(USAGE);
  return { dataset, ...opts };
}

function progressPrinter(label: string): (received: number, total: number | null) => void {
  const start = Date.now();
  const tty = process.stderr.isTTY;
  let lastDraw = 0;
  let lastDecile = -1;
  const mib = (n: number) => (n / 2 ** 20).toFixed(1);
  return (received, total) => {
    const now = Date.now();
    const frac = total ? received / total : null;
    const rate = received / Math.max(1e-3, (now - start) / 1000);
    const done = total !== null && received >= total;
    if (tty) {
      if (now - lastDraw < 100 && !done) return;
      lastDraw = now;
      const width = 30;
      const bar = frac === null ? "" : `[${"#".repeat(Math.round(frac * width)).padEnd(width, ".")}] ${(100 * frac).toFixed(1).padStart(5)}% `;
      process.stderr.write(`\r${label} ${bar}${mib(received)}${total ? "/" + mib(total) : ""} MiB  ${mib(rate)} MiB/s  `);
      if (done) process.stderr.write("\n");
    } else if (frac !== null) {
      const decile = Math.floor(frac * 10);
      if (decile > lastDecile) {
        lastDecile = decile;
        process.stderr.write(`${label} ${decile * 10}% (${mib(received)}/${mib(total!)} MiB, ${mib(rate)} MiB/s)\n`);
      }
    }
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const spec = cifarSpec(args.dataset);
  const parent = args.dir ? resolve(args.dir) : defaultDataRoot();
  const target = join(parent, spec.folder);
  if (!args.force && isCompleteCifarFolder(args.dataset, target, true)) {
    console.log(`${spec.title} is already complete in ${target} (use --force to unpack again)`);
    return;
  }
  let archive: string;
  if (args.archive) {
    archive = resolve(args.archive);
  } else {
    archive = join(parent, spec.archive);
    if (existsSync(archive)) {
      console.log(`using the archive already downloaded: ${archive}`);
    } else {
      const url = args.url ?? CIFAR_ARCHIVE_URL[args.dataset];
      console.log(`downloading ${url}\n  -> ${archive}`);
      await downloadFile({
        url,
        dest: archive,
        md5: CIFAR_ARCHIVE_MD5[args.dataset],
        connectTimeoutMs: args.connectTimeoutMs ?? CIFAR_CONNECT_TIMEOUT_MS,
        onProgress: progressPrinter(spec.archive),
        hint: manualInstructions(args.dataset, parent),
      });
      console.log(`MD5 ok (${CIFAR_ARCHIVE_MD5[args.dataset]})`);
    }
  }
  console.log(`unpacking ${archive} into ${parent}`);
  const folder = await unpackCifarArchive({ dataset: args.dataset, archive, parentDir: parent, official: true });
  if (!args.archive) unlinkSync(archive); // ours, fetched or left by an earlier run: 160 MB we no longer need
  console.log(`${spec.title} ready in ${folder}`);
  if (folder !== defaultCifarDir(args.dataset)) console.log(`set ${spec.envVar}=${folder} so the loaders find it`);
}

main().catch((err: Error) => fail(`error: ${err.message}`));

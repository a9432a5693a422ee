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
import { runScript, UsageError } from "./lib/cli.js";

const USAGE = "npx tsx scripts/download-cifar.ts cifar10|cifar100 [--dir D] [--archive FILE] [--url URL] [--connect-timeout S] [--force]";

interface DownloadArgs {
  dataset: CifarName;
  dir?: string;
  archive?: string;
  url?: string;
  connectTimeoutMs?: number;
  force: boolean;
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

async function download(args: DownloadArgs): Promise<void> {
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

await runScript(
  {
    usage: USAGE,
    options: { dir: { type: "string" }, archive: { type: "string" }, url: { type: "string" }, "connect-timeout": { type: "string" }, force: { type: "boolean" } },
    allowPositionals: true,
  },
  async ({ values, positionals }) => {
    const dataset = positionals[0];
    if (positionals.length !== 1 || (dataset !== "cifar10" && dataset !== "cifar100")) {
      throw new UsageError(`expected one data set, cifar10 or cifar100; got ${positionals.length ? positionals.map((p) => `"${p}"`).join(" ") : "none"}`);
    }
    let connectTimeoutMs: number | undefined;
    if (values["connect-timeout"] !== undefined) {
      const s = Number(values["connect-timeout"]);
      if (!(Number.isFinite(s) && s > 0)) throw new UsageError(`--connect-timeout must be a positive number of seconds, got "${values["connect-timeout"]}"`);
      connectTimeoutMs = s * 1000;
    }
    await download({ dataset, dir: values.dir, archive: values.archive, url: values.url, connectTimeoutMs, force: values.force ?? false });
  },
);

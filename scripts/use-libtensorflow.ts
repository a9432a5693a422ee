/**
 * Opt-in for CUDA 12 / Hopper machines: rebuild @tensorflow/tfjs-node-gpu against another official
 * libtensorflow GPU build (src/gpu/libtensorflow-builds.ts) instead of 2.9.1 (CUDA 11.2, cuDNN 8.1).
 *
 *   npm run gpu:cuda12 -- [--version 2.15.0|2.18.0] [--url URL] [--sha256 HEX] [--archive FILE] [--allow-no-gpu]
 *
 * 1. places the package's files if npm ci dropped it (npm install --no-save --ignore-scripts);
 * 2. gets the tarball: --archive, or a download to .cache/libtensorflow/ (SHA-256 printed, and
 *    checked against --sha256 when given);
 * 3. serves it on 127.0.0.1 and writes the package's scripts/custom-binary.json {"tf-lib": URL};
 * 4. runs `npm rebuild @tensorflow/tfjs-node-gpu`: its install script unpacks the tarball into
 *    deps/ and builds the addon from source against its headers (needs python3, make, g++);
 * 5. removes custom-binary.json and loads the package in a fresh process: prints TF_Version and
 *    whether libtensorflow registered a GPU, and fails if the version is not the requested one.
 * `npm ci` puts 2.9.1 back; run this again after it. Needs the CUDA/cuDNN versions of the build
 * (printed first) on the library path, e.g. from its official CUDA image (docker/cuda12.Dockerfile).
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { REPO_ROOT } from "../src/runtime/files.js";
import { customBinaryJson, DEFAULT_CUDA12_BUILD, libtensorflowBuild, serveFile } from "../src/gpu/libtensorflow-builds.js";
import { runScript, UsageError } from "./lib/cli.js";

const PKG = "@tensorflow/tfjs-node-gpu";
const PKG_DIR = join(REPO_ROOT, "node_modules", "@tensorflow", "tfjs-node-gpu");

function run(cmd: string, args: string[]): Promise<number> {
  return new Promise((ok, fail) => {
    const p = spawn(cmd, args, { cwd: REPO_ROOT, stdio: "inherit", env: process.env });
    p.on("error", fail);
    p.on("exit", (code) => ok(code ?? 1));
  });
}

async function sha256(path: string): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest("hex");
}

async function download(url: string, dest: string): Promise<void> {
  const res = await fetch(url).catch((err: Error) => {
    throw new Error(`cannot reach ${url} (${(err.cause as Error | undefined)?.message ?? err.message}); download it elsewhere and pass --archive FILE`);
  });
  if (!res.ok || !res.body) throw new Error(`${url}: HTTP ${res.status} ${res.statusText} (another build: --version, or --url)`);
  const tmp = `${dest}.${process.pid}.part`;
  const fh = await open(tmp, "w");
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) await fh.write(chunk);
  await fh.close();
  renameSync(tmp, dest);
}

interface Cuda12Options {
  version?: string;
  url?: string;
  sha256?: string;
  archive?: string;
  "allow-no-gpu"?: boolean;
}

async function main(opts: Cuda12Options): Promise<void> {
  if (opts.url && opts.version) throw new UsageError("--url and --version exclude each other (--url names the tarball itself)");
  if (opts.sha256 !== undefined && !/^[0-9a-fA-F]{64}$/.test(opts.sha256)) throw new UsageError(`--sha256 must be 64 hex digits, got "${opts.sha256}"`);
  const build = opts.url ? null : libtensorflowBuild(opts.version ?? DEFAULT_CUDA12_BUILD);
  const url = opts.url ?? build!.url;
  if (build) console.log(`libtensorflow ${build.version} GPU: needs CUDA ${build.cuda} and cuDNN ${build.cudnn} libraries at run time; GPU code ${build.computeCapabilities}; e.g. image ${build.baseImage}`);
  mkdirSync(join(REPO_ROOT, ".cache", "libtensorflow"), { recursive: true });
  if (!existsSync(join(PKG_DIR, "package.json"))) {
    const version = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")).optionalDependencies[PKG];
    console.log(`${PKG} is not in node_modules (npm ci drops it when its 2.9.1 download fails); placing its files without running its scripts`);
    if ((await run("npm", ["install", "--no-save", "--ignore-scripts", `${PKG}@${version}`])) !== 0) throw new Error(`npm install ${PKG}@${version} failed`);
  }
  let tarball = opts.archive ? resolve(opts.archive) : join(REPO_ROOT, ".cache", "libtensorflow", basename(new URL(url).pathname).replace(/^libtensorflow-gpu-linux-x86_64\.tar\.gz$/, `libtensorflow-gpu-linux-x86_64-${build?.version ?? "custom"}.tar.gz`));
  if (!existsSync(tarball)) {
    if (opts.archive) throw new Error(`${tarball}: archive not found`);
    console.log(`downloading ${url}\n  -> ${tarball}`);
    await download(url, tarball);
  }
  const sum = await sha256(tarball);
  const want = opts.sha256;
  if (want && sum !== want.toLowerCase()) {
    rmSync(tarball);
    throw new Error(`${tarball}: SHA-256 ${sum} is not the expected ${want}; the file was removed`);
  }
  console.log(`${tarball}: SHA-256 ${sum}${want ? " (matches --sha256)" : " (not pinned: pass --sha256 next time)"}`);
  tarball = resolve(tarball);

  const served = await serveFile(tarball, "libtensorflow.tar.gz");
  const customBinary = join(PKG_DIR, "scripts", "custom-binary.json");
  writeFileSync(customBinary, customBinaryJson(served.url));
  let code: number;
  try {
    console.log(`npm rebuild ${PKG} with scripts/custom-binary.json -> ${served.url} (unpacks into deps/, builds the addon from source)`);
    code = await run("npm", ["rebuild", PKG, "--foreground-scripts"]);
  } finally {
    rmSync(customBinary, { force: true });
    await served.close();
  }
  if (code !== 0) throw new Error(`npm rebuild ${PKG} failed (exit ${code}); its output above says why (building the addon needs python3, make and g++)`);

  const probe = spawnSync(process.execPath, ["-e", `import("${PKG}").then((tf) => { const b = tf.backend(); console.log(JSON.stringify({ tf: b.binding.TF_Version, gpu: b.isUsingGpuDevice })); })`], { cwd: REPO_ROOT, encoding: "utf8" });
  const line = probe.stdout.trim().split("\n").pop() ?? "";
  if (probe.status !== 0 || !line.startsWith("{")) throw new Error(`${PKG} does not load after the rebuild:\n${probe.stderr.trim()}`);
  const got = JSON.parse(line) as { tf: string; gpu: boolean };
  if (build && got.tf !== build.version) throw new Error(`${PKG} loads libtensorflow ${got.tf}, not ${build.version}`);
  console.log(`${PKG} now loads libtensorflow ${got.tf}; GPU device: ${got.gpu ? "yes" : "NO (libtensorflow's log above says which CUDA/cuDNN library it could not open; or no GPU is visible)"}`);
  writeFileSync(join(REPO_ROOT, ".cache", "libtensorflow", "installed.json"), JSON.stringify({ version: got.tf, url, sha256: sum, gpu: got.gpu, at: new Date().toISOString() }, null, 2) + "\n");
  if (!got.gpu && !opts["allow-no-gpu"]) throw new Error(`${PKG} loads libtensorflow ${got.tf} but no GPU device registered (pass --allow-no-gpu to accept that)`);
}

await runScript(
  {
    usage: "npm run gpu:cuda12 -- [--version 2.15.0|2.18.0] [--url URL] [--sha256 HEX] [--archive FILE] [--allow-no-gpu]",
    options: { version: { type: "string" }, url: { type: "string" }, sha256: { type: "string" }, archive: { type: "string" }, "allow-no-gpu": { type: "boolean" } },
  },
  ({ values }) => main(values),
);

/**
 * The nightly's run plan (src/report/nightly-plan.ts): checkerboard seed-runs in N CPU shards and
 * one job per CIFAR (arm, seed), so that no run is trained twice.
 *
 *   npm run report:plan -- [--cb-shards 4] [--scale paper]        print the plan
 *   npm run report:plan -- --github [--cb-shards 4]                 also write the matrices to $GITHUB_OUTPUT
 *   npm run report:plan -- --run-shard cb-2 [--cb-shards 4]         run one checkerboard shard's commands
 */
import { spawnSync } from "node:child_process";
import { appendFileSync } from "node:fs";
import type { Scale } from "../src/interfaces.js";
import { cbShards, cifarJobs } from "../src/report/nightly-plan.js";
import { REPO_ROOT } from "../src/runtime/files.js";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const scale = (arg("scale") ?? "paper") as Scale;
if (scale !== "paper" && scale !== "ci") {
  console.error(`--scale must be paper or ci, got ${JSON.stringify(scale)}`);
  process.exit(2);
}
const n = Number(arg("cb-shards") ?? 4);
const shards = cbShards(scale, n);
const runShard = arg("run-shard");
if (runShard) {
  const shard = shards.find((s) => s.shard === runShard);
  if (!shard) {
    console.error(`no shard ${JSON.stringify(runShard)} among ${shards.map((s) => s.shard).join(", ")} (same --cb-shards as the plan?)`);
    process.exit(2);
  }
  for (const cmd of shard.commands) {
    console.log(`$ ${cmd}`);
    const r = spawnSync(cmd, { cwd: REPO_ROOT, stdio: "inherit", shell: true, env: { ...process.env, CLAIMS_SCALE: scale } });
    if (r.status !== 0) {
      console.error(`${runShard}: '${cmd}' exited ${r.status ?? r.signal}`);
      process.exit(1);
    }
  }
  process.exit(0);
}
const cifar = scale === "paper" ? cifarJobs() : [];
const plan = { checkerboard: shards, cifar };
console.log(JSON.stringify(plan, null, 2));
if (process.argv.includes("--github")) {
  const out = process.env.GITHUB_OUTPUT;
  if (!out) {
    console.error("--github: GITHUB_OUTPUT is not set (run inside GitHub Actions)");
    process.exit(2);
  }
  appendFileSync(out, `checkerboard=${JSON.stringify({ shard: shards.map((s) => s.shard) })}\ncifar=${JSON.stringify({ include: cifar.map(({ arm, seed }) => ({ arm, seed })) })}\n`);
}

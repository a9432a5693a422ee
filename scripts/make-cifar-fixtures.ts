/**
 * Write the tiny synthetic CIFAR-format fixtures to fixtures/cifar/ (see src/data/cifar-fixtures.ts).
 *
 *   npx tsx scripts/make-cifar-fixtures.ts [--out DIR]
 */
import { join, resolve } from "node:path";
import { makeCifarFixtures } from "../src/data/cifar-fixtures.js";
import { REPO_ROOT, writeFileAtomic } from "../src/runtime/files.js";
import { runScript } from "./lib/cli.js";

await runScript({ usage: "npx tsx scripts/make-cifar-fixtures.ts [--out DIR]", options: { out: { type: "string" } } }, ({ values }) => {
  const out = values.out ? resolve(values.out) : join(REPO_ROOT, "fixtures", "cifar");
  let total = 0;
  for (const [rel, contents] of makeCifarFixtures()) {
    writeFileAtomic(join(out, rel), contents);
    const n = typeof contents === "string" ? Buffer.byteLength(contents) : contents.length;
    total += n;
    console.log(`${rel.padEnd(42)} ${String(n).padStart(8)} bytes`);
  }
  console.log(`wrote ${out} (${(total / 1024).toFixed(1)} KiB)`);
});

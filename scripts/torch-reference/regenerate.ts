/**
 * `npm run torch-reference`: regenerates fixtures/torch-reference/reference.json, the PyTorch
 * record that test/training/torch-agreement.test.ts compares the project with (issue 21).
 * Exports the project's initial weights and inputs (export.ts) to a temporary folder, runs
 * reference.py on them with Debian's PyTorch, and removes the folder. Without PyTorch it says
 * what to install and exits 0 (nothing in `npm test` needs PyTorch: the test reads the fixture).
 *
 *   npm run torch-reference [-- --keep-inputs DIR] [--find-seeds [--case ID] [--start-seed N] [--max-seed N]]
 *
 * --find-seeds prints, per network case (or the one named), the first seed >= N (default 1)
 * whose first optimisation step is kink-free in the float64 reference (KINK_MARGIN, cases.ts):
 * candidates for CASE_SEEDS, which the agreement test then confirms (see CASE_SEEDS).
 * TORCH_REFERENCE_PYTHON names the interpreter (default /usr/bin/python3, then python3).
 * ~30-45 s for the fixture; the seed search ~5 s per seed tried.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { REPO_ROOT } from "../../src/runtime/files.js";
import { runScript, UsageError } from "../lib/cli.js";
import { CASE_SEEDS, KINK_MARGIN, netCases, TORCH_REFERENCE_FIXTURE, type NetCaseId } from "./cases.js";
import { exportTorchReferenceInputs } from "./export.js";

export const TORCH_INSTALL = "apt-get update && apt-get install -y python3-torch libopenblas0-pthread";
const SCRIPT = join(REPO_ROOT, "scripts", "torch-reference", "reference.py");

/**
 * The interpreter that runs reference.py: TORCH_REFERENCE_PYTHON if set, else /usr/bin/python3
 * (Debian's, where python3-torch installs) or python3 on PATH; null when none imports torch and numpy.
 */
export function torchPython(): string | null {
  const candidates = process.env.TORCH_REFERENCE_PYTHON ? [process.env.TORCH_REFERENCE_PYTHON] : ["/usr/bin/python3", "python3"];
  for (const python of candidates) {
    const r = spawnSync(python, ["-c", "import torch, numpy"], { encoding: "utf8" });
    if (r.status === 0) return python;
  }
  return null;
}

function runReference(python: string, args: string[]): string {
  const r = spawnSync(python, [SCRIPT, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1" } });
  if (r.status !== 0) throw new Error(`reference.py ${args.join(" ")} exited ${r.status}`);
  return r.stdout;
}

await runScript(
  {
    usage: "npm run torch-reference [-- --keep-inputs DIR] [--find-seeds [--case ID] [--start-seed N] [--max-seed N]]",
    options: { "keep-inputs": { type: "string" }, "find-seeds": { type: "boolean" }, "max-seed": { type: "string" }, "start-seed": { type: "string" }, case: { type: "string" } },
  },
  async ({ values }) => {
    const python = torchPython();
    if (!python) {
      console.log(`torch-reference: skipped, no python3 here imports torch (${process.env.TORCH_REFERENCE_PYTHON ?? "/usr/bin/python3, python3"}); install Debian's packages with \`${TORCH_INSTALL}\``);
      return;
    }
    if (values["find-seeds"]) {
      const maxSeed = Number(values["max-seed"] ?? 60);
      const startSeed = Number(values["start-seed"] ?? 1);
      if (!Number.isInteger(maxSeed) || maxSeed < 1) throw new UsageError(`--max-seed must be a positive integer, got ${values["max-seed"]}`);
      if (!Number.isInteger(startSeed) || startSeed < 1) throw new UsageError(`--start-seed must be a positive integer, got ${values["start-seed"]}`);
      const cases = netCases().filter((c) => values.case === undefined || c.id === values.case);
      if (cases.length === 0) throw new UsageError(`--case: no case ${values.case}; cases are ${netCases().map((c) => c.id).join(", ")}`);
      const found: Partial<Record<NetCaseId, number>> = {};
      for (const c of cases) {
        for (let seed = startSeed; seed <= maxSeed && found[c.id] === undefined; seed++) {
          const dir = mkdtempSync(join(tmpdir(), "torch-reference-seed-"));
          try {
            await exportTorchReferenceInputs(dir, { seeds: { [c.id]: seed }, only: [c.id] });
            const margin = (JSON.parse(runReference(python, ["--inputs", dir, "--out", join(dir, "unused.json"), "--first-step-margins"])) as Record<string, number | null>)[c.id];
            console.log(`${c.id} seed ${seed}: smallest |ReLU input| of the first step ${margin === null ? "none" : margin.toExponential(2)}`);
            if (margin === null || margin >= KINK_MARGIN) found[c.id] = seed;
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        }
        if (found[c.id] === undefined) throw new Error(`${c.id}: no seed in ${startSeed}..${maxSeed} has a kink-free first step (margin ${KINK_MARGIN})`);
      }
      console.log(`CASE_SEEDS (scripts/torch-reference/cases.ts): ${JSON.stringify(found)}; now: ${JSON.stringify(CASE_SEEDS)}`);
      return;
    }
    const dir = values["keep-inputs"] ?? mkdtempSync(join(tmpdir(), "torch-reference-"));
    try {
      const t0 = performance.now();
      await exportTorchReferenceInputs(dir);
      runReference(python, ["--inputs", dir, "--out", TORCH_REFERENCE_FIXTURE]);
      console.log(`torch-reference: wrote ${relative(REPO_ROOT, TORCH_REFERENCE_FIXTURE)} (${(statSync(TORCH_REFERENCE_FIXTURE).size / 1e6).toFixed(2)} MB) in ${((performance.now() - t0) / 1000).toFixed(0)} s with ${python}`);
    } finally {
      if (!values["keep-inputs"]) rmSync(dir, { recursive: true, force: true });
    }
  },
);
